/**
 * The AsyncLocalStorage that `atomic()` fills and `db()` reads: per async call chain, the open
 * transaction of each alias. Kept apart from `transaction.ts` so `connection.ts` can read it without
 * an import cycle.
 *
 * @module
 * @internal
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { ControlledTransaction } from 'kysely'
import type { UntypedDatabase } from './types.ts'

/** One pending `onCommit` callback. */
export interface PendingCallback {
  readonly fn: () => unknown
}

/** The open transaction of one alias in the current async context. */
export interface TransactionFrame {
  readonly alias: string
  readonly trx: ControlledTransaction<UntypedDatabase>
  /** Savepoints open right now (nesting depth below the outermost block). */
  depth: number
  /** An error escaped an `atomic({ savepoint: false })` block: the whole transaction must roll back. */
  needsRollback: boolean
  /** Callbacks to run after the outermost commit, in registration order. */
  readonly callbacks: PendingCallback[]
  /** Counter for unique savepoint names. */
  nextSavepoint: number
  /** Set once the transaction has committed or rolled back. */
  done: boolean
}

/** alias → frame, for the current async context. */
export type TransactionStore = ReadonlyMap<string, TransactionFrame>

/** @internal */
export const transactionStorage = new AsyncLocalStorage<TransactionStore>()

/** The open frame of `alias` in this async context, if any (and not finished). */
export function currentFrame(alias: string): TransactionFrame | undefined {
  const frame = transactionStorage.getStore()?.get(alias)
  return frame !== undefined && !frame.done ? frame : undefined
}

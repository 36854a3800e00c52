/**
 * `atomic()` and `onCommit()`, as Django's `django.db.transaction`: the outermost block opens a
 * transaction, nested blocks are savepoints, and the open transaction follows the async call chain
 * (AsyncLocalStorage) so `db()` anywhere below uses it.
 *
 * @module
 */
import { sql } from 'kysely'
import { TangoError } from '../core/errors.ts'
import { currentFrame, transactionStorage } from './backends/base/atomic-context.ts'
import type { TransactionFrame } from './backends/base/atomic-context.ts'
import { connections, DEFAULT_DB_ALIAS } from './connection.ts'

/** Options of {@link atomic}. */
export interface AtomicOptions {
  /** The `DATABASES` alias; default `'default'`. */
  readonly using?: string
  /** Nested blocks make a savepoint (default `true`); `false` joins the outer block (an error then dooms the whole transaction). */
  readonly savepoint?: boolean
}

/** Misuse of transactions (Django's `TransactionManagementError`), code `E_TRANSACTION_MANAGEMENT`. */
export class TransactionManagementError extends TangoError {
  constructor(message: string, options?: ErrorOptions) {
    super('E_TRANSACTION_MANAGEMENT', message, options)
  }
}

/**
 * Runs `fn` in a transaction on `using`. The outermost call begins a transaction and commits when
 * `fn` resolves or rolls back when it throws (the error is re-thrown); a nested call makes a
 * savepoint and, when it throws, rolls back only its own work. After the outermost commit the
 * {@link onCommit} callbacks run, in order; after a rollback they are dropped.
 *
 * Run several queries of one transaction one after another (await each): on SQLite the transaction
 * holds the only connection.
 * @param fn - the work; use `db(alias)` (or the ORM, which does) inside it. A thenable it returns
 *   (a QuerySet) is awaited inside the transaction.
 * @param options - {@link AtomicOptions}.
 * @returns what `fn` returns, awaited.
 * @throws whatever `fn` throws; {@link TransactionManagementError} when an error escaped a
 *   `savepoint: false` block and was caught (the transaction is rolled back, as Django).
 * @example
 * ```ts
 * await atomic(async () => {
 *   await Account.objects.filter({ id: from }).update({ balance: F('balance').sub(amount) })
 *   await Account.objects.filter({ id: to }).update({ balance: F('balance').add(amount) })
 * })
 * ```
 */
export async function atomic<T>(fn: () => PromiseLike<T> | T, options: AtomicOptions = {}): Promise<T> {
  const alias = options.using ?? DEFAULT_DB_ALIAS
  const frame = currentFrame(alias)
  if (frame === undefined) return outermost(alias, fn)
  if (options.savepoint === false) {
    try {
      return await fn()
    } catch (error) {
      frame.needsRollback = true
      throw error
    }
  }
  return nested(frame, fn)
}

async function outermost<T>(alias: string, fn: () => PromiseLike<T> | T): Promise<T> {
  const trx = await connections.get(alias).kysely.startTransaction().execute()
  const frame: TransactionFrame = { alias, trx, depth: 0, callbacks: [], nextSavepoint: 0, needsRollback: false, done: false }
  const store = new Map(transactionStorage.getStore() ?? [])
  store.set(alias, frame)
  let result: T
  try {
    // Await inside run(): a lazy thenable returned by fn (a QuerySet) only queries when awaited, and
    // must do so in the transaction's context, or on SQLite it waits forever for the connection.
    result = await transactionStorage.run(store, async () => await fn())
  } catch (error) {
    frame.done = true
    await trx.rollback().execute()
    throw error
  }
  frame.done = true
  if (frame.needsRollback) {
    await trx.rollback().execute()
    throw new TransactionManagementError(`An error escaped an atomic({ savepoint: false }) block on '${alias}' and was caught; the whole transaction was rolled back.`)
  }
  try {
    await trx.commit().execute()
  } catch (error) {
    if (!trx.isRolledBack && !trx.isCommitted) await trx.rollback().execute().catch(() => undefined)
    throw error
  }
  // Django runs on_commit callbacks in order and lets an exception propagate after the commit.
  for (const callback of frame.callbacks) await callback.fn()
  return result
}

async function nested<T>(frame: TransactionFrame, fn: () => PromiseLike<T> | T): Promise<T> {
  const name = `tango_sp_${++frame.nextSavepoint}`
  const mark = frame.callbacks.length
  await sql.raw(`SAVEPOINT ${name}`).execute(frame.trx)
  frame.depth++
  try {
    const result = await fn()
    await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(frame.trx)
    return result
  } catch (error) {
    await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(frame.trx)
    await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(frame.trx)
    // Callbacks registered inside the rolled-back block are dropped, as Django's savepoint rollback.
    frame.callbacks.length = mark
    throw error
  } finally {
    frame.depth--
  }
}

/**
 * Runs `fn` after the current transaction on `using` commits (Django's `transaction.on_commit`):
 * immediately when no transaction is open; never when it rolls back (nor when the savepoint it was
 * registered in rolls back).
 * @returns a promise that resolves once `fn` ran (outside a transaction) or was queued (inside one).
 */
export async function onCommit(fn: () => unknown, options: { readonly using?: string } = {}): Promise<void> {
  const frame = currentFrame(options.using ?? DEFAULT_DB_ALIAS)
  if (frame === undefined) {
    await fn()
    return
  }
  frame.callbacks.push({ fn })
}

/** The transaction state of one alias in the current async context (for tests and debugging). */
export interface ConnectionState {
  /** Inside an `atomic()` block. */
  readonly inAtomicBlock: boolean
  /** Open savepoints below the outermost block. */
  readonly savepointDepth: number
  /** `onCommit` callbacks waiting for the commit. */
  readonly pendingOnCommit: number
}

/** Reports the transaction state of `alias` (default `'default'`) in this async context. */
export function getConnectionState(alias: string = DEFAULT_DB_ALIAS): ConnectionState {
  const frame = currentFrame(alias)
  return { inAtomicBlock: frame !== undefined, savepointDepth: frame?.depth ?? 0, pendingOnCommit: frame?.callbacks.length ?? 0 }
}

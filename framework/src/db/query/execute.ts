/**
 * Runs compiled SQL on the right kysely (the open transaction's, else the root), and lets tests
 * and tools record the statements the query layer runs (Django's `CaptureQueriesContext`).
 *
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { CompiledQuery } from 'kysely'
import { wrapDbError } from '../models/persistence.ts'
import { kyselyFor } from './runtime.ts'

/** One statement run by the query layer. */
export interface CapturedQuery {
  readonly sql: string
  readonly params: readonly unknown[]
  /** The database alias it ran on. */
  readonly using: string
}

const capture = new AsyncLocalStorage<CapturedQuery[]>()

/**
 * Runs `fn` and records every statement the query layer (QuerySets, managers, deletion) runs
 * inside it, including in nested async calls. Used to assert query counts (`selectRelated` makes
 * one query, `prefetchRelated` one per relation).
 * @returns `fn`'s result and the statements, in order.
 * @example
 * const { queries } = await captureQueries(() => Choice.objects.selectRelated('question'))
 * assert.equal(queries.length, 1)
 */
export async function captureQueries<T>(fn: () => PromiseLike<T> | T): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = []
  const outer = capture.getStore()
  // Awaited inside the context so a QuerySet returned by `fn` runs (and is recorded) there.
  const result = await capture.run(queries, async () => await fn())
  outer?.push(...queries)
  return { result, queries }
}

/** @internal Runs a statement; returns its rows and the number of affected rows. */
export async function runSql(using: string | null, sql: string, params: readonly unknown[]): Promise<{ rows: Record<string, unknown>[]; affected: number }> {
  capture.getStore()?.push({ sql, params, using: using ?? 'default' })
  try {
    const result = await kyselyFor(using).executeQuery<Record<string, unknown>>(CompiledQuery.raw(sql, params as unknown[]))
    return { rows: result.rows as Record<string, unknown>[], affected: Number(result.numAffectedRows ?? 0n) }
  } catch (error) {
    throw wrapDbError(error)
  }
}

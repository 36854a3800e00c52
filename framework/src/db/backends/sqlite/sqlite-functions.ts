/**
 * SQL functions the query compiler needs on SQLite, which has no regular expressions built in.
 * The SQLite backend registers them on each connection it opens with {@link registerSqliteFunctions}
 * (they live here, not in `query/`, because backends sit below the query layer).
 *
 * @module
 */

/** The slice of better-sqlite3's `Database` used here. */
export interface SqliteFunctionHost {
  function(name: string, options: { readonly deterministic?: boolean }, fn: (...args: unknown[]) => unknown): unknown
}

const cache = new Map<string, RegExp>()

/**
 * `tango_regexp(pattern, value, flags)`: 1 when the JavaScript regular expression matches, 0 when
 * not, NULL for a NULL value (as SQL comparisons). Used by the `regex` / `iregex` lookups
 * (Django's SQLite backend registers a Python `REGEXP` the same way).
 */
export function tangoRegexp(pattern: unknown, value: unknown, flags: unknown): number | null {
  if (value === null || value === undefined || pattern === null || pattern === undefined) return null
  const key = `${String(flags)}/${String(pattern)}`
  let re = cache.get(key)
  if (!re) {
    re = new RegExp(String(pattern), String(flags ?? '').replace(/[^imsu]/g, ''))
    if (cache.size > 500) cache.clear()
    cache.set(key, re)
  }
  return re.test(String(value)) ? 1 : 0
}

/** Registers the query layer's functions on a better-sqlite3 database. */
export function registerSqliteFunctions(database: SqliteFunctionHost): void {
  database.function('tango_regexp', { deterministic: true }, (p, v, f) => tangoRegexp(p, v, f))
}

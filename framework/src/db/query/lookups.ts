/**
 * Django's field lookups and date transforms, as SQL for SQLite and PostgreSQL.
 *
 * Text matching follows one rule on both databases: `exact contains startswith endswith` are
 * case-sensitive and their `i...` twins are not. On SQLite the case-sensitive ones use `GLOB`
 * (SQLite's `LIKE` ignores ASCII case, which is why Django's SQLite `contains` is not
 * case-sensitive; we differ on purpose so results agree across databases); the insensitive ones
 * use `LIKE ... ESCAPE '\'`. On PostgreSQL: `LIKE` and `ILIKE` with the same escape.
 *
 * @module
 */
import type { Vendor } from '../backends/base/types.ts'

/** Every lookup name, as Django's. */
export const LOOKUPS: ReadonlySet<string> = new Set([
  'exact', 'iexact', 'contains', 'icontains', 'in', 'gt', 'gte', 'lt', 'lte',
  'startswith', 'istartswith', 'endswith', 'iendswith', 'range', 'isnull', 'regex', 'iregex',
])

/** Date/time part transforms (usable with a following lookup: `pubDate__year__gte`). */
export const TRANSFORMS: ReadonlySet<string> = new Set(['year', 'month', 'day', 'week_day', 'hour', 'minute', 'second'])

/** `%`, `_` and `\` escaped for `LIKE ... ESCAPE '\'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** `*`, `?` and `[` escaped for SQLite's `GLOB` (each wrapped in a one-character class). */
export function escapeGlob(value: string): string {
  return value.replace(/[*?[]/g, (c) => `[${c}]`)
}

const SQLITE_PARTS: Readonly<Record<string, string>> = { year: '%Y', month: '%m', day: '%d', hour: '%H', minute: '%M', second: '%S', week_day: '%w' }
const PG_PARTS: Readonly<Record<string, string>> = { year: 'YEAR', month: 'MONTH', day: 'DAY', hour: 'HOUR', minute: 'MINUTE', second: 'SECOND', week_day: 'DOW' }

/**
 * SQL extracting a date part from `col`. `week_day` is 1 = Sunday ... 7 = Saturday, as Django.
 * `utc`: the column is a PostgreSQL `timestamptz`, read in UTC (values are stored in UTC).
 */
export function transformSql(vendor: Vendor, transform: string, col: string, utc: boolean): string {
  if (vendor === 'sqlite') {
    const expr = `CAST(strftime('${SQLITE_PARTS[transform]}', ${col}) AS INTEGER)`
    return transform === 'week_day' ? `(${expr} + 1)` : expr
  }
  const src = utc ? `${col} AT TIME ZONE 'UTC'` : col
  const expr = `CAST(EXTRACT(${PG_PARTS[transform]} FROM ${src}) AS INTEGER)`
  return transform === 'week_day' ? `(${expr} + 1)` : expr
}

/** How a lookup wants its value shaped before binding. */
export type PatternKind = 'none' | 'contains' | 'startswith' | 'endswith' | 'exact'

/**
 * The SQL of a text-pattern lookup (`iexact contains icontains startswith ...`) for `col` and the
 * bound placeholder `p` (already holding the escaped pattern from {@link textPattern}).
 */
export function patternSql(vendor: Vendor, lookup: string, col: string, p: string): string {
  const insensitive = lookup.startsWith('i')
  if (vendor === 'sqlite') return insensitive ? `${col} LIKE ${p} ESCAPE '\\'` : `${col} GLOB ${p}`
  return `${col}::text ${insensitive ? 'ILIKE' : 'LIKE'} ${p} ESCAPE '\\'`
}

/** The pattern string bound for a text lookup: escaped, with the wildcards it needs. */
export function textPattern(vendor: Vendor, lookup: string, value: string): string {
  const insensitive = lookup.startsWith('i')
  const glob = vendor === 'sqlite' && !insensitive
  const esc = glob ? escapeGlob(value) : escapeLike(value)
  const wild = glob ? '*' : '%'
  const base = insensitive ? lookup.slice(1) : lookup
  if (base === 'contains') return `${wild}${esc}${wild}`
  if (base === 'startswith') return `${esc}${wild}`
  if (base === 'endswith') return `${wild}${esc}`
  return esc
}

/** Regex match (`regex`, `iregex`). SQLite calls the `tango_regexp(pattern, value, flags)` function. */
export function regexSql(vendor: Vendor, lookup: string, col: string, p: string): string {
  if (vendor === 'sqlite') return `tango_regexp(${p}, ${col}, '${lookup === 'iregex' ? 'i' : ''}')`
  return `${col}::text ${lookup === 'iregex' ? '~*' : '~'} ${p}`
}

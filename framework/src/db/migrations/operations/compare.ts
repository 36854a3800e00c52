/**
 * Comparing specs the way the autodetector needs (Django's `deep_deconstruct`): a stable string
 * per field or option set, where a column with its default name, a callable default and the
 * validators (none of which a migration file can hold) do not count.
 *
 * @module
 * @internal
 */
import type { FieldSpec } from '../../spec.ts'
import { defaultColumn, defaultVerboseName } from './naming.ts'

/** JSON with sorted keys; bigint, Date and functions made comparable. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v}n`
    if (typeof v === 'function') return null
    if (v instanceof Date) return `Date(${v.toISOString()})`
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {}
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k]
      return sorted
    }
    return v
  })
}

/** Date values JSON.stringify would turn into strings before the replacer sees them. */
function unwrapDates(field: FieldSpec): unknown {
  return field.default instanceof Date ? `Date(${field.default.toISOString()})` : field.default
}

/**
 * A field's definition without its name: equal strings mean "the same field" (rename detection)
 * or "nothing to alter".
 */
export function deconstructField(field: FieldSpec): string {
  const { name: _name, validators: _validators, column, verboseName, ...rest } = field
  return stableStringify({
    ...rest,
    verboseName: verboseName === defaultVerboseName(field.name) ? '<default>' : verboseName,
    default: typeof field.default === 'function' ? null : unwrapDates(field),
    column: column === defaultColumn(field.name, field.type) ? '<default>' : column,
  })
}

/**
 * The change list's sorting (Django's `ChangeList.get_ordering`, `get_ordering_field_columns`,
 * `_get_deterministic_ordering` and the header part of `result_headers`).
 *
 * `?o=2.-1` sorts by column 2 ascending, then column 1 descending; columns are indexes into the
 * displayed columns (index 0 is the action checkbox when actions are on, as in Django). Only
 * sortable columns count: model fields, or display functions with an `ordering`. A final ordering
 * on the primary key is added unless the ordering is already total, so pages never overlap.
 *
 * @module
 */
import type { AnyModel } from 'tango/db'
import { getField, walkPath } from './fields.ts'

/** The parameter holding the ordering. */
export const ORDER_VAR = 'o'

/** A `listDisplay` entry: a field or method name, or a display function. */
export type ColumnSource = string | ((obj: never) => unknown)

/**
 * The ordering expression of a column (`'title'`, `'-publishedDate'`, `'author__name'`), or
 * `null` when it cannot be sorted (Django's `get_ordering_field`).
 * @param owner - the ModelAdmin (a string may name one of its methods, with an `ordering`).
 */
export function orderingFieldFor(model: AnyModel, source: ColumnSource, owner: object | null): string | null {
  if (typeof source === 'function') return (source as { ordering?: string }).ordering ?? null
  if (source === 'action_checkbox' || source === '__str__') return null
  const field = getField(model, source)
  if (field) return field.type === 'ManyToManyField' ? null : field.name
  if (source.includes('__')) {
    // A related path (`author__email`) sorts by it when every step is a forward foreign key.
    const steps = walkPath(model, source)
    const ok = steps.length === source.split('__').length && steps.every((s, i) => s.field !== null && !s.many && (i === steps.length - 1 ? !s.field.relation || s.field.type !== 'ManyToManyField' : s.field.relation !== null))
    return ok ? source : null
  }
  const method = owner ? (owner as Record<string, unknown>)[source] : undefined
  if (typeof method === 'function') return (method as { ordering?: string }).ordering ?? null
  const attr = (model.prototype as unknown as Record<string, unknown>)[source]
  if (typeof attr === 'function') return (attr as { ordering?: string }).ordering ?? null
  return null
}

/** A column's position and direction in the current ordering. */
export type SortDirection = 'asc' | 'desc'

/**
 * Parses `?o=` into column index → direction, in priority order; unknown, unsortable and
 * repeated indexes are skipped (Django ignores them too).
 * @param sortable - whether column `i` may be sorted.
 */
export function parseOrderParam(param: string, columnCount: number, sortable: (i: number) => boolean): Map<number, SortDirection> {
  const out = new Map<number, SortDirection>()
  for (const part of param.split('.')) {
    const m = /^(-?)(\d+)$/.exec(part.trim())
    if (!m) continue
    const idx = Number(m[2])
    if (idx >= columnCount || out.has(idx) || !sortable(idx)) continue
    out.set(idx, m[1] === '-' ? 'desc' : 'asc')
  }
  return out
}

/**
 * The ordering made total: unless a field of `ordering` is the primary key or a unique, non-null
 * field, `-pk` is appended (Django's `_get_deterministic_ordering`). Random ordering (`'?'`) is kept.
 */
export function deterministicOrdering(model: AnyModel, ordering: readonly string[]): string[] {
  const out = [...ordering]
  for (const part of out) {
    const name = part.replace(/^-/, '')
    if (name === '?') return out
    if (name === 'pk' || name === model._meta.pk) return out
    if (name.includes('__')) continue
    const field = getField(model, name)
    if (!field) continue
    if (field.relation && field.name === name) continue
    if (field.unique && !field.null) return out
  }
  for (const fields of model._meta.uniqueTogether) {
    const names = new Set(out.map((p) => p.replace(/^-/, '')))
    if (fields.every((n) => names.has(n) && !getField(model, n)?.null)) return out
  }
  out.push('-pk')
  return out
}

/** The sort links of one sortable header (Django's `result_headers`). */
export interface HeaderSort {
  readonly sorted: boolean
  readonly ascending: boolean
  /** 1 for the primary sort column, 2 for the next... 0 when not sorted. */
  readonly sortPriority: number
  /** `o` value making this column the primary sort (toggled when it already is sorted). */
  readonly primary: string
  /** `o` value without this column. */
  readonly remove: string
  /** `o` value with this column's direction toggled, keeping its priority. */
  readonly toggle: string
}

/** The `o` values of the links of column `i` given the current `columns` ordering. */
export function headerSort(i: number, columns: ReadonlyMap<number, SortDirection>): HeaderSort {
  const current = columns.get(i)
  const newType: SortDirection = current === 'asc' ? 'desc' : 'asc'
  const param = (t: SortDirection, n: number): string => `${t === 'desc' ? '-' : ''}${n}`
  const primary: string[] = []
  const remove: string[] = []
  const toggle: string[] = []
  for (const [j, ot] of columns) {
    if (j === i) {
      primary.unshift(param(newType, j))
      toggle.push(param(newType, j))
    } else {
      primary.push(param(ot, j))
      toggle.push(param(ot, j))
      remove.push(param(ot, j))
    }
  }
  if (current === undefined) primary.unshift(param(newType, i))
  return {
    sorted: current !== undefined,
    ascending: current === 'asc',
    sortPriority: current === undefined ? 0 : [...columns.keys()].indexOf(i) + 1,
    primary: primary.join('.'),
    remove: remove.join('.'),
    toggle: toggle.join('.'),
  }
}

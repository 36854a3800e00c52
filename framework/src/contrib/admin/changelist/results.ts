/**
 * The table of the change list (Django's `result_headers` and `items_for_result` template tags), as
 * plain data the template draws: every text is escaped by the template, never marked safe here.
 *
 * @module
 */
import { gettext } from 'tango/core'
import type { AnyModel, FieldSpec, ModelInstance } from 'tango/db'
import type { BaseModelForm, BoundField } from 'tango/forms'
import type { ModelAdmin } from '../options.ts'
import { displayForField, displayForValue, labelFor, lookupField } from '../utils.ts'
import type { FieldSource } from '../utils.ts'
import { ACTION_CHECKBOX, columnName } from './change-list.ts'
import type { ChangeList } from './change-list.ts'
import { LOOKUP_SEP, capfirst, getField, relatedModel, walkPath } from './fields.ts'
import { ORDER_VAR, headerSort } from './ordering.ts'
import type { HeaderSort } from './ordering.ts'

/** One column header. */
export interface ResultHeader {
  /** The label (empty for the checkbox column). */
  readonly text: string
  /** `column-<name>` plus `sortable`, `sorted ascending` ... */
  readonly className: string
  readonly checkbox: boolean
  readonly sortable: boolean
  /** The sort links (when sortable): query strings for primary, remove and toggle. */
  readonly sort: (HeaderSort & { readonly urlPrimary: string; readonly urlRemove: string; readonly urlToggle: string }) | null
}

/** One cell. */
export interface ResultCell {
  readonly kind: 'checkbox' | 'text' | 'boolean' | 'field'
  /** A `<th scope="row">` (the first link column) rather than a `<td>`. */
  readonly header: boolean
  /** `field-<name>` (plus `action-checkbox`, `nowrap`). */
  readonly className: string
  /** The text shown (escaped by the template). */
  readonly text: string
  /** The change page when the cell links there. */
  readonly url: string | null
  /** `true`/`false`/`null` for boolean cells. */
  readonly booleanValue: boolean | null
  /** The boolean icon: `yes`, `no` or `unknown` (`admin/img/icon-<icon>.svg`). */
  readonly icon: 'yes' | 'no' | 'unknown' | null
  /** The form field of a `listEditable` cell. */
  readonly field: BoundField | null
}

/** One row. */
export interface ResultRow {
  readonly pk: string
  /** The object's string form (for the checkbox's accessible name). */
  readonly label: string
  readonly cells: ResultCell[]
  /** The row's `listEditable` form, whose hidden primary key is drawn after the cells. */
  readonly form: BaseModelForm | null
}

/** The label of a column (Django's `label_for_field`), spanning relations for `author__name`. */
export function columnLabel(model: AnyModel, source: FieldSource, modelAdmin: ModelAdmin): string {
  if (typeof source === 'string' && source.includes(LOOKUP_SEP) && !getField(model, source)) {
    const last = walkPath(model, source).at(-1)?.field
    if (last) return capfirst(gettext(last.verboseName))
  }
  return labelFor(model, source, modelAdmin)
}

/** Django's `result_headers`. */
export function resultHeaders(cl: ChangeList): ResultHeader[] {
  return cl.listDisplay.map((source, i) => {
    const name = columnName(source)
    if (source === ACTION_CHECKBOX) return { text: '', className: 'action-checkbox-column', checkbox: true, sortable: false, sort: null }
    const text = columnLabel(cl.model, source as FieldSource, cl.modelAdmin)
    const classes = [`column-${name}`]
    if (!cl.isSortable(i)) return { text, className: classes.join(' '), checkbox: false, sortable: false, sort: null }
    const sort = headerSort(i, cl.orderingFieldColumns)
    classes.push('sortable')
    if (sort.sorted) classes.push('sorted', sort.ascending ? 'ascending' : 'descending')
    const url = (o: string): string => cl.getQueryString({ [ORDER_VAR]: o })
    return {
      text, className: classes.join(' '), checkbox: false, sortable: true,
      sort: { ...sort, urlPrimary: url(sort.primary), urlRemove: url(sort.remove), urlToggle: url(sort.toggle) },
    }
  })
}

/** The value of a `author__name` style path: follows the (selectRelated-cached) foreign keys. */
async function pathValue(model: AnyModel, obj: ModelInstance, path: string, emptyValue: string): Promise<{ text: string; value: unknown; boolean: boolean }> {
  let current: unknown = obj
  let currentModel = model
  const parts = path.split(LOOKUP_SEP)
  for (const part of parts.slice(0, -1)) {
    const field = getField(currentModel, part)
    if (!field?.relation || current === null || current === undefined) return { text: emptyValue, value: null, boolean: false }
    current = await ((current as Record<string, unknown>)[part] as PromiseLike<unknown>)
    currentModel = relatedModel(currentModel, field)
  }
  if (current === null || current === undefined) return { text: emptyValue, value: null, boolean: false }
  const last: FieldSpec | undefined = getField(currentModel, parts.at(-1)!)
  if (!last) return { text: emptyValue, value: null, boolean: false }
  const value = (current as Record<string, unknown>)[last.name]
  return { text: await displayForField(current as ModelInstance, last, emptyValue), value, boolean: last.type === 'BooleanField' }
}

/** Django's `items_for_result`, for every row of the page. */
export async function resultRows(cl: ChangeList, forms: readonly BaseModelForm[] | null): Promise<ResultRow[]> {
  const editable = new Set(cl.modelAdmin.listEditable)
  const rows: ResultRow[] = []
  const formByPk = new Map((forms ?? []).map((f) => [String(f.instance.pk), f]))
  for (const obj of cl.resultList) {
    const pk = String(obj.pk)
    const form = formByPk.get(pk) ?? null
    const cells: ResultCell[] = []
    let firstLink = true
    for (const source of cl.listDisplay) {
      const name = columnName(source)
      if (source === ACTION_CHECKBOX) {
        cells.push({ kind: 'checkbox', header: false, className: 'action-checkbox', text: '', url: null, booleanValue: null, icon: null, field: null })
        continue
      }
      const empty = typeof source === 'function' ? ((source as { emptyValue?: string }).emptyValue ?? cl.modelAdmin.emptyValueDisplay) : cl.modelAdmin.emptyValueDisplay
      const result = typeof source === 'string' && source.includes(LOOKUP_SEP) && !getField(cl.model, source)
        ? await pathValue(cl.model, obj, source, empty)
        : await lookupField(source as FieldSource, obj, cl.model, cl.modelAdmin, empty)
      const isLink = cl.listDisplayLinks.includes(name)
      const classes = [`field-${name}`]
      if (form && editable.has(name) && !isLink && form.fields[name] !== undefined) {
        cells.push({ kind: 'field', header: false, className: classes.join(' '), text: '', url: null, booleanValue: null, icon: null, field: form.get(name) })
        continue
      }
      const bool = result.boolean
      const booleanValue = bool ? (result.value === null || result.value === undefined ? null : Boolean(result.value)) : null
      const header = isLink && firstLink
      if (isLink) firstLink = false
      cells.push({
        kind: bool ? 'boolean' : 'text', header, className: classes.join(' '),
        text: bool ? displayForValue(booleanValue, gettext('Unknown')) : result.text,
        url: isLink ? cl.urlForResult(obj) : null, booleanValue, field: null,
        icon: bool ? (booleanValue === null ? 'unknown' : booleanValue ? 'yes' : 'no') : null,
      })
    }
    rows.push({ pk, label: String(obj), cells, form })
  }
  return rows
}

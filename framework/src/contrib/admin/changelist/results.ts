/**
 * The table of the change list (Django's `result_headers` and `items_for_result` template tags): the
 * headers as data the template draws, and each row's cells as markup escaped here, as
 * Django's `items_for_result` escapes with `format_html`.
 *
 * @module
 */
import { gettext } from 'tango/core'
import type { AnyModel, FieldSpec, ModelInstance } from 'tango/db'
import { conditionalEscape, escapeHtml, markSafe, staticUrl } from 'tango/templates'
import type { SafeString } from 'tango/templates'
import type { BaseModelForm } from 'tango/forms'
import type { ModelAdmin } from '../options.ts'
import { ACTION_CHECKBOX_NAME } from '../actions.ts'
import { displayForField, displayForFieldSync, displayForValue, fieldOf, isForeignKey, labelFor, loadedRelated, lookupField } from '../utils.ts'
import type { FieldSource } from '../utils.ts'
import { ACTION_CHECKBOX, TO_FIELD_VAR, columnName } from './change-list.ts'
import type { ChangeList } from './change-list.ts'
import { LOOKUP_SEP, capfirst, getField, relatedModel, walkPath } from './fields.ts'
import type { PathStep } from './fields.ts'
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

/**
 * One row. A class, not an object literal: V8 moves literals whose objects outlive a young GC
 * straight to the old generation ("pretenuring"); rows live until the page is drawn, so literal rows
 * landed there and held the page's young strings alive through every young GC until a full one
 * (a 100-row page's young GC pauses went from ~7 ms to ~2.5 ms with the class).
 */
export class ResultRow {
  readonly pk: string
  /** The object's string form (for the checkbox's accessible name). */
  readonly label: string
  /** The row's `listEditable` form, whose hidden primary key is drawn after the cells. */
  readonly form: BaseModelForm | null
  /** The row's cells as markup, escaped, the hidden primary key of a `listEditable` row included. */
  readonly html: SafeString

  constructor(pk: string, label: string, form: BaseModelForm | null, html: SafeString) {
    this.pk = pk
    this.label = label
    this.form = form
    this.html = html
  }
}

/**
 * Whether a column names a path across relations (`author__name`) rather than a field, `__str__`
 * (which holds the separator but is the object's own text) or a function.
 */
function isRelationPath(model: AnyModel, source: unknown): source is string {
  return typeof source === 'string' && source !== '__str__' && source.includes(LOOKUP_SEP) && getField(model, source) === undefined
}

/** The label of a column (Django's `label_for_field`), spanning relations for `author__name`. */
export function columnLabel(model: AnyModel, source: FieldSource, modelAdmin: ModelAdmin): string {
  if (isRelationPath(model, source)) {
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

/** A cell's value: its text (a display function's safe HTML stays safe), the raw value, and whether it is a boolean. */
interface CellValue {
  readonly text: string | SafeString
  readonly value: unknown
  readonly boolean: boolean
}

/** One column of the page, resolved once: how it reads a row, without waiting when it can. */
interface Column {
  readonly name: string
  readonly checkbox: boolean
  readonly className: string
  readonly isLink: boolean
  readonly editable: boolean
  read(obj: ModelInstance): CellValue | Promise<CellValue>
}

/** The value of a `author__name` style path: follows the (selectRelated-cached) foreign keys. */
async function pathValue(model: AnyModel, obj: ModelInstance, path: string, emptyValue: string): Promise<CellValue> {
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

/**
 * {@link pathValue} without waiting, when every foreign key on the way is already loaded (as
 * `listSelectRelated` loads them); `undefined` when one is not.
 */
function pathValueSync(steps: readonly PathStep[], obj: ModelInstance, emptyValue: string): CellValue | undefined {
  let current: ModelInstance = obj
  for (const step of steps.slice(0, -1)) {
    const field = step.field!
    const id = (current as unknown as Record<string, unknown>)[`${field.name}Id`]
    if (id === null || id === undefined) return { text: emptyValue, value: null, boolean: false }
    const next = loadedRelated(current, field.name, id)
    if (next === undefined) return undefined
    current = next
  }
  const last = steps.at(-1)!.field!
  const text = displayForFieldSync(current, last, emptyValue)
  if (text === undefined) return undefined
  return { text, value: (current as unknown as Record<string, unknown>)[last.name], boolean: last.type === 'BooleanField' }
}

/** How a column reads a row (Django's `lookup_field` and `display_for_field`, resolved once per page). */
function reader(cl: ChangeList, source: FieldSource, emptyValue: string): (obj: ModelInstance) => CellValue | Promise<CellValue> {
  if (isRelationPath(cl.model, source)) {
    const steps = walkPath(cl.model, source)
    const forward = steps.length === source.split(LOOKUP_SEP).length && steps.every((s) => s.field !== null && (s === steps.at(-1) || isForeignKey(s.field)))
    if (!forward) return (obj) => pathValue(cl.model, obj, source, emptyValue)
    return (obj) => pathValueSync(steps, obj, emptyValue) ?? pathValue(cl.model, obj, source, emptyValue)
  }
  const field = typeof source === 'string' && source !== '__str__' ? fieldOf(cl.model, source) : undefined
  if (field !== undefined) {
    const valueName = isForeignKey(field) ? `${field.name}Id` : field.name
    const boolean = field.type === 'BooleanField'
    return (obj) => {
      const text = displayForFieldSync(obj, field, emptyValue)
      if (text === undefined) return lookupField(source, obj, cl.model, cl.modelAdmin, emptyValue)
      return { text, value: (obj as unknown as Record<string, unknown>)[valueName], boolean }
    }
  }
  return (obj) => lookupField(source, obj, cl.model, cl.modelAdmin, emptyValue)
}

/** The page's columns, resolved once. */
function columnsOf(cl: ChangeList): Column[] {
  const editable = new Set(cl.modelAdmin.listEditable)
  return cl.listDisplay.map((source) => {
    const name = columnName(source)
    if (source === ACTION_CHECKBOX) {
      return { name, checkbox: true, className: 'action-checkbox', isLink: false, editable: false, read: () => ({ text: '', value: null, boolean: false }) }
    }
    const empty = typeof source === 'function' ? ((source as { emptyValue?: string }).emptyValue ?? cl.modelAdmin.emptyValueDisplay) : cl.modelAdmin.emptyValueDisplay
    const isLink = cl.listDisplayLinks.includes(name)
    return { name, checkbox: false, className: `field-${name}`, isLink, editable: editable.has(name) && !isLink, read: reader(cl, source as FieldSource, empty) }
  })
}

/** `<th scope="row">` or `<td>` with a class around markup already escaped. */
function cellTag(header: boolean, className: string, inner: string): string {
  return header
    ? `<th scope="row" class="${escapeHtml(className)}">${inner}</th>`
    : `<td class="${escapeHtml(className)}">${inner}</td>`
}

/**
 * Django's `items_for_result`, for every row of the page: each cell as data, and the row's markup
 * built here with every value escaped (as Django builds it with `format_html`), so a 100-row page
 * is one string per row for the template rather than a template loop per cell.
 */
export async function resultRows(cl: ChangeList, forms: readonly BaseModelForm[] | null): Promise<ResultRow[]> {
  const columns = columnsOf(cl)
  const rows: ResultRow[] = []
  const formByPk = new Map((forms ?? []).map((f) => [String(f.instance.pk), f]))
  const checkboxName = escapeHtml(ACTION_CHECKBOX_NAME)
  const checkboxLabel = gettext('Select this object for an action - %(label)s')
  const unknown = gettext('Unknown')
  const icons = { yes: staticUrl('admin/img/icon-yes.svg'), no: staticUrl('admin/img/icon-no.svg'), unknown: staticUrl('admin/img/icon-unknown.svg') }
  const pkName = cl.modelAdmin.opts.pk
  for (const obj of cl.resultList) {
    const pk = String(obj.pk)
    const label = String(obj)
    const form = formByPk.get(pk) ?? null
    let html = ''
    let firstLink = true
    for (const column of columns) {
      if (column.checkbox) {
        const inner = `<input type="checkbox" name="${checkboxName}" value="${escapeHtml(pk)}" class="action-select" aria-label="${escapeHtml(checkboxLabel.replace('%(label)s', label))}">`
        const markup = cellTag(false, column.className, inner)
        html += markup
        continue
      }
      const pending = column.read(obj)
      const result = pending instanceof Promise ? await pending : pending
      if (form && column.editable && form.fields[column.name] !== undefined) {
        const field = form.get(column.name)
        const markup = cellTag(false, column.className, `${field.errorsHtml().toString()}${field.asWidget().toString()}`)
        html += markup
        continue
      }
      const bool = result.boolean
      const booleanValue = bool ? (result.value === null || result.value === undefined ? null : Boolean(result.value)) : null
      const header = column.isLink && firstLink
      if (column.isLink) firstLink = false
      const icon = bool ? (booleanValue === null ? 'unknown' : booleanValue ? 'yes' : 'no') : null
      const text = bool ? displayForValue(booleanValue, unknown) : result.text
      const url = column.isLink ? cl.urlForResult(obj) : null
      let inner = icon === null
        ? conditionalEscape(text)
        : `<img src="${escapeHtml(icons[icon])}" alt="${conditionalEscape(text)}" width="13" height="13">`
      // In a lookup popup the link hands the row's `_to_field` value (checked by the view) to the opener.
      if (url !== null) inner = `<a href="${escapeHtml(url)}"${cl.isPopup ? ` data-popup-opener="${escapeHtml(String((obj as unknown as Record<string, unknown>)[cl.params.get(TO_FIELD_VAR) || pkName]))}"` : ''}>${inner}</a>`
      const markup = cellTag(header, column.className, inner)
      html += markup
    }
    // The row's hidden primary key input goes in its last cell, so the table stays valid HTML.
    if (form) html = html.replace(/<\/(td|th)>$/, `${form.get(pkName).asWidget().toString()}</$1>`)
    rows.push(new ResultRow(pk, label, form, markSafe(html)))
  }
  return rows
}

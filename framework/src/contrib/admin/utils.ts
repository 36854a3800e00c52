/**
 * Helpers shared by the admin's views (Django's `django.contrib.admin.utils`): column and field
 * labels, and the text shown for a value (choices, booleans, relations, dates).
 *
 * @module
 */
import { gettext, settings } from 'tango/core'
import { ModelInstance, getRelatedCache } from 'tango/db'
import type { AnyModel, FieldSpec } from 'tango/db'
import { formatDate, isSafe, toDate } from 'tango/templates'
import type { DisplayFunction } from './decorators.ts'

/** The text with its first letter upper-cased (Django's `capfirst`). */
export function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The model's field named `name`, or `undefined`. */
export function fieldOf(model: AnyModel, name: string): FieldSpec | undefined {
  return model._meta.fields.find((f) => f.name === name)
}

/** Anything callable with a row: a {@link DisplayFunction} or a method. */
type Callable = (obj: never) => unknown

/** Where a `listDisplay` / `readonlyFields` entry takes its value from (Django's `lookup_field`). */
export type FieldSource = string | DisplayFunction | Callable

/**
 * The label of a column or read-only field (Django's `label_for_field`): a model field's verbose
 * name, a function's `description` (else its name in words), `'__str__'` the model's verbose name.
 * @param owner - the ModelAdmin, whose methods may be named.
 */
export function labelFor(model: AnyModel, source: FieldSource, owner: object | null = null): string {
  if (typeof source === 'function') return capfirst(gettext((source as { description?: string }).description ?? words(source.name)))
  if (source === '__str__') return capfirst(gettext(model._meta.verboseName))
  const field = fieldOf(model, source)
  if (field !== undefined) return capfirst(gettext(field.verboseName))
  const method = owner === null ? undefined : (owner as Record<string, unknown>)[source]
  if (typeof method === 'function') return capfirst(gettext((method as { description?: string }).description ?? words(source)))
  return capfirst(words(source))
}

/** `publishedRecently` → `published recently`. */
function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase().trim()
}

/** A date or date-time as text in the active time zone (Django's `localize`). */
function dateText(value: Date, withTime: boolean): string {
  return formatDate(value, withTime ? 'DATETIME_FORMAT' : 'DATE_FORMAT', settings.TIME_ZONE)
}

/**
 * The text of a value (Django's `display_for_value`): `emptyValue` for `null`/`undefined`/`''`,
 * "Yes"/"No" for booleans, dates formatted, lists joined with ", ".
 */
export function displayForValue(value: unknown, emptyValue: string): string {
  if (value === null || value === undefined || value === '') return emptyValue
  if (typeof value === 'boolean') return value ? gettext('Yes') : gettext('No')
  if (value instanceof Date) return dateText(value, true)
  if (Array.isArray(value)) return value.map((v) => displayForValue(v, emptyValue)).join(', ')
  return String(value)
}

/**
 * The text of a model field's value on `obj` (Django's `display_for_field`): the choice's label,
 * the related object's `String()`, the many-to-many rows joined with ", ", dates formatted.
 */
export async function displayForField(obj: ModelInstance, field: FieldSpec, emptyValue: string): Promise<string> {
  const values = obj as unknown as Record<string, unknown>
  if (field.type === 'ManyToManyField') {
    if (obj.pk === null || obj.pk === undefined) return emptyValue
    const rows = await (values[field.name] as { all(): PromiseLike<unknown[]> }).all()
    return rows.length === 0 ? emptyValue : rows.map(String).join(', ')
  }
  if (isForeignKey(field)) {
    if (values[`${field.name}Id`] === null || values[`${field.name}Id`] === undefined) return emptyValue
    return String(await (values[field.name] as PromiseLike<unknown>))
  }
  return displayForColumn(values[field.name], field, emptyValue)
}

/**
 * {@link displayForField} without waiting, when it can: `undefined` for a many-to-many field, or a
 * foreign key whose object is not already loaded (by `selectRelated`). The change list reads its
 * 100 rows × columns through this, so a page does not queue a promise per cell.
 */
export function displayForFieldSync(obj: ModelInstance, field: FieldSpec, emptyValue: string): string | undefined {
  const values = obj as unknown as Record<string, unknown>
  if (field.type === 'ManyToManyField') return undefined
  if (isForeignKey(field)) {
    const id = values[`${field.name}Id`]
    if (id === null || id === undefined) return emptyValue
    const related = loadedRelated(obj, field.name, id)
    return related === undefined ? undefined : String(related)
  }
  return displayForColumn(values[field.name], field, emptyValue)
}

/** A foreign key or one-to-one field (a column holding another row's key). */
export function isForeignKey(field: FieldSpec): boolean {
  return field.type === 'ForeignKey' || field.type === 'OneToOneField'
}

/** The object behind `obj.<name>` when it is already loaded and still matches `id`, else `undefined`. */
export function loadedRelated(obj: ModelInstance, name: string, id: unknown): ModelInstance | undefined {
  const cached = getRelatedCache(obj, name)
  return cached instanceof ModelInstance && cached.pk === id ? cached : undefined
}

/** The text of a plain column's value: its choice label, a formatted date, else {@link displayForValue}. */
function displayForColumn(value: unknown, field: FieldSpec, emptyValue: string): string {
  if (field.choices !== null && value !== null && value !== undefined) {
    const choice = field.choices.find((c) => String(c.value) === String(value))
    if (choice !== undefined) return gettext(choice.label)
  }
  if (value instanceof Date) return dateText(value, field.type === 'DateTimeField')
  if (field.type === 'DateField' && typeof value === 'string') {
    // A DateField reads back as ISO text ('1965-08-01'); Django shows it in DATE_FORMAT. A calendar
    // date has no zone: format it as UTC so it never shifts a day.
    const date = toDate(value)
    if (date !== null) return formatDate(date, 'DATE_FORMAT', 'UTC')
  }
  return displayForValue(value, emptyValue)
}

/**
 * The value of a `listDisplay` / `readonlyFields` entry for `obj` (Django's `lookup_field`) as text,
 * with whether it is a boolean (the change list shows those as icons).
 * @param owner - the ModelAdmin: a string naming one of its methods calls it with `obj`.
 */
export async function lookupField(source: FieldSource, obj: ModelInstance, model: AnyModel, owner: object | null, emptyValue: string): Promise<{ text: string; value: unknown; boolean: boolean }> {
  if (typeof source === 'function') {
    const value = await (source as (o: unknown) => unknown)(obj)
    // A display function may return marked-safe HTML (a link); it is kept as it is, not escaped.
    if (isSafe(value)) return { text: value as unknown as string, value, boolean: false }
    const opts = source as { boolean?: boolean; emptyValue?: string }
    return { text: displayForValue(value, opts.emptyValue ?? emptyValue), value, boolean: opts.boolean === true }
  }
  if (source === '__str__') return { text: String(obj), value: String(obj), boolean: false }
  const field = fieldOf(model, source)
  if (field !== undefined) {
    const value = (obj as unknown as Record<string, unknown>)[isForeignKey(field) ? `${field.name}Id` : field.name]
    return { text: await displayForField(obj, field, emptyValue), value, boolean: field.type === 'BooleanField' }
  }
  const method = owner === null ? undefined : (owner as Record<string, unknown>)[source]
  if (typeof method === 'function') return lookupField(method.bind(owner) as Callable & { description?: string }, obj, model, null, emptyValue).then((r) => ({ ...r, boolean: (method as { boolean?: boolean }).boolean === true }))
  const attr = (obj as unknown as Record<string, unknown>)[source]
  const value = typeof attr === 'function' ? await (attr as () => unknown).call(obj) : attr
  return { text: displayForValue(value, emptyValue), value, boolean: typeof value === 'boolean' }
}

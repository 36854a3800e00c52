/**
 * The admin's history: writing `LogEntry` rows (Django's `ModelAdmin.log_addition` / `log_change` /
 * `log_deletion`), building Django's JSON change messages from a form and its inline formsets
 * (`construct_change_message`), and turning them back into a sentence (`LogEntry.get_change_message`).
 *
 * @module
 */
import { ImproperlyConfigured, gettext } from 'tango/core'
import { modelRegistry } from 'tango/db'
import type { AnyModel, ModelInstance } from 'tango/db'
import type { BaseModelForm, BaseModelFormSet } from 'tango/forms'
import type { LogEntry } from './models.ts'

/** The `LogEntry` model. Loaded by the admin app's `ready` (after `configure()`, so its user foreign key follows `AUTH_USER_MODEL`). */
export type LogEntryModel = typeof LogEntry

/**
 * The `admin.LogEntry` model.
 * @throws ImproperlyConfigured when the admin app is not installed (or its `ready` has not run).
 */
export function getLogEntryModel(): LogEntryModel {
  const model = modelRegistry.get('admin.LogEntry')
  if (model === undefined) throw new ImproperlyConfigured("The admin's LogEntry model is not loaded: list the admin app in INSTALLED_APPS and await apps.ready().")
  // The registry holds the model declared in models.ts under this label.
  return model as unknown as LogEntryModel
}

/** One item of a change message, as Django's JSON. */
export type ChangeMessageItem =
  | { readonly added: { readonly name?: string; readonly object?: string } }
  | { readonly changed: { readonly fields: readonly string[]; readonly name?: string; readonly object?: string } }
  | { readonly deleted: { readonly name?: string; readonly object?: string } }

/** A change message: Django's list of `added` / `changed` / `deleted` items. */
export type ChangeMessage = readonly ChangeMessageItem[]

/** Field labels of the changed fields of a form, as Django's `_get_changed_field_labels_from_form`. */
function changedLabels(form: BaseModelForm): string[] {
  return form.changedData.map((name) => {
    const field = form.fields[name]
    return field === undefined ? name : form.get(name).label
  })
}

/**
 * Django's `construct_change_message(form, formsets, add)`: `[{"added": {}}]` for an addition, else
 * `[{"changed": {"fields": [labels]}}]` when the form changed, then one item per object added,
 * changed or deleted by the inline formsets (after their `save()`).
 */
export function constructChangeMessage(form: BaseModelForm, formsets: readonly BaseModelFormSet[], add: boolean): ChangeMessage {
  const message: ChangeMessageItem[] = []
  if (add) message.push({ added: {} })
  else if (form.changedData.length > 0) message.push({ changed: { fields: changedLabels(form) } })
  for (const formset of formsets) {
    const name = formset.model._meta.verboseName
    for (const obj of formset.newObjects) message.push({ added: { name, object: String(obj) } })
    for (const [obj, fields] of formset.changedObjects) {
      const form2 = formset.forms.find((f) => f.instance === obj)
      const labels = form2 === undefined ? fields : fields.map((n) => (form2.fields[n] === undefined ? n : form2.get(n).label))
      message.push({ changed: { name, object: String(obj), fields: labels } })
    }
    for (const obj of formset.deletedObjects) message.push({ deleted: { name, object: String(obj) } })
  }
  return message
}

/** `"A, B and C"` (Django's `get_text_list(list, _('and'))`). */
function textList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} ${gettext('and')} ${items.at(-1) ?? ''}`
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all)
}

/**
 * The sentence for a stored change message (Django's `LogEntry.get_change_message`): JSON items become
 * "Added.", "Changed Title and Author.", "Added review “Ada (5)”." ...; any other text is returned as it is.
 */
export function changeMessageText(stored: string): string {
  if (!stored.startsWith('[')) return stored
  let items: unknown
  try {
    items = JSON.parse(stored)
  } catch {
    return stored
  }
  if (!Array.isArray(items)) return stored
  const parts: string[] = []
  for (const item of items as Record<string, Record<string, unknown> | undefined>[]) {
    if (item.added !== undefined) {
      const { name, object } = item.added as { name?: string; object?: string }
      parts.push(name !== undefined ? fill(gettext('Added {name} “{object}”.'), { name, object: object ?? '' }) : gettext('Added.'))
    } else if (item.changed !== undefined) {
      const { name, object, fields } = item.changed as { name?: string; object?: string; fields?: string[] }
      const list = textList((fields ?? []).map((f) => gettext(f)))
      parts.push(name !== undefined
        ? fill(gettext('Changed {fields} for {name} “{object}”.'), { fields: list, name, object: object ?? '' })
        : fill(gettext('Changed {fields}.'), { fields: list }))
    } else if (item.deleted !== undefined) {
      const { name, object } = item.deleted as { name?: string; object?: string }
      parts.push(fill(gettext('Deleted {name} “{object}”.'), { name: name ?? '', object: object ?? '' }))
    }
  }
  const text = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ')
  return text === '' ? gettext('No fields changed.') : text
}

/** The object's `String()`, cut to the 200 characters `objectRepr` holds. */
function reprOf(obj: ModelInstance): string {
  return String(obj).slice(0, 200)
}

/**
 * Writes one `LogEntry` (Django's `LogEntry.objects.log_action`).
 * @param userId - the acting user's primary key.
 * @param model - the model of `obj`.
 * @param obj - the object added, changed or deleted (its `pk` is read before a deletion clears it: pass `objectId`).
 * @param actionFlag - 1 addition, 2 change, 3 deletion.
 * @param message - Django's JSON items, or a plain text.
 * @param objectId - overrides `obj.pk` (for deletions).
 */
export async function logAction(userId: unknown, model: AnyModel, obj: ModelInstance, actionFlag: 1 | 2 | 3, message: ChangeMessage | string, objectId?: unknown): Promise<void> {
  const LogEntryModel = getLogEntryModel()
  const id = objectId ?? obj.pk
  await LogEntryModel.objects.create({
    userId: userId as number,
    appLabel: model._meta.appLabel,
    model: model._meta.name.toLowerCase(),
    objectId: id === null || id === undefined ? null : String(id),
    objectRepr: reprOf(obj),
    actionFlag,
    changeMessage: typeof message === 'string' ? message : JSON.stringify(message),
  })
}

/**
 * The admin's form building (Django's `ModelAdmin.get_form`, `InlineModelAdmin.get_formset`,
 * `helpers.AdminForm` / `Fieldset` / `InlineAdminFormSet`, and `AdminAuthenticationForm`): a
 * `ModelForm` from `fields` / `exclude` / `fieldsets` without the read-only fields, the admin widgets
 * for `autocompleteFields`, `rawIdFields`, `filterHorizontal` / `filterVertical` and
 * `prepopulatedFields`, the related-object links around relation fields, inline formsets, and the
 * plain structures the templates walk.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { ValidationError } from 'tango/db'
import type { AnyModel, ModelInstance } from 'tango/db'
import { CheckboxInput, Select, SelectMultiple, TextInput, inlineFormsetFactory, modelForm } from 'tango/forms'
import type { BaseForm, BaseInlineFormSet, BaseModelForm, BoundField, InlineFormsetClass, ModelFormClass, Widget } from 'tango/forms'
import type { Request } from 'tango/http'
import { AuthenticationForm, getUserModel } from 'tango/contrib/auth'
import type { UserRow } from 'tango/contrib/auth'
import type { DisplayFunction } from './decorators.ts'
import type { BaseModelAdmin, Fieldset, InlineModelAdmin, ModelAdmin } from './options.ts'
import { fieldOf, labelFor, lookupField } from './utils.ts'
import { RelatedFieldWidgetWrapper } from './related-widget-wrapper.ts'
import {
  AutocompleteSelect, AutocompleteSelectMultiple, FilteredSelectMultiple, ForeignKeyRawIdWidget, ManyToManyRawIdWidget, prepopulatedAttrs,
  relatedModelOf,
} from './widgets.ts'

/** The field names of fieldsets, flattened (Django's `flatten_fieldsets`). */
export function flattenFieldsets(fieldsets: readonly Fieldset[]): string[] {
  return fieldsets.flatMap(([, options]) => options.fields.flatMap((line) => (typeof line === 'string' ? [line] : [...line])))
}

/**
 * The widgets the admin options ask for, by field name (Django's `formfield_for_dbfield`): the
 * autocomplete, raw-id and two-box widgets, the prepopulated inputs, and, around the widget of every
 * foreign key, one-to-one and many-to-many field but the raw-id ones, a
 * {@link RelatedFieldWidgetWrapper} when the related model is registered on the site, with the
 * links the request's user may use on it (add, change, delete and view permissions of its admin).
 */
async function adminWidgets(admin: BaseModelAdmin, request: Request, model: AnyModel, names: readonly string[], prefixId: string): Promise<Record<string, Widget>> {
  const widgets: Record<string, Widget> = {}
  for (const name of names) {
    const field = fieldOf(model, name)
    if (field === undefined) continue
    const many = field.type === 'ManyToManyField'
    let widget: Widget | null = null
    if (admin.autocompleteFields.includes(name)) {
      widget = many ? new AutocompleteSelectMultiple(field, admin.site, {}, model) : new AutocompleteSelect(field, admin.site, {}, model)
    } else if (admin.rawIdFields.includes(name)) {
      widgets[name] = many ? new ManyToManyRawIdWidget(field, admin.site, {}, model) : new ForeignKeyRawIdWidget(field, admin.site, {}, model)
      continue
    } else if (many && (admin.filterHorizontal.includes(name) || admin.filterVertical.includes(name))) {
      widget = new FilteredSelectMultiple(gettext(field.verboseName), admin.filterVertical.includes(name))
    }
    if (field.relation === null) {
      if (widget !== null) widgets[name] = widget
      continue
    }
    const relatedAdmin = admin.site.getModelAdmin(relatedModelOf(field, model))
    if (relatedAdmin === undefined) {
      if (widget !== null) widgets[name] = widget
      continue
    }
    // The default widgets of ModelChoiceField / ModelMultipleChoiceField, wrapped.
    widget ??= many ? new SelectMultiple() : new Select()
    widgets[name] = new RelatedFieldWidgetWrapper(widget, field, admin.site, {
      model,
      canAddRelated: await relatedAdmin.hasAddPermission(request),
      canChangeRelated: await relatedAdmin.hasChangePermission(request),
      canDeleteRelated: await relatedAdmin.hasDeletePermission(request),
      canViewRelated: await relatedAdmin.hasViewPermission(request),
    })
  }
  for (const [target, sources] of Object.entries(admin.prepopulatedFields)) {
    if (!names.includes(target)) continue
    widgets[target] = new TextInput({ attrs: { ...prepopulatedAttrs(sources.map((s) => `${prefixId}${s}`)) } })
  }
  return widgets
}

/**
 * The names the read-only entries take in the fieldsets: field names, and display functions by their
 * `name` (a function named like a model field replaces that field: it is never an input).
 */
function readonlyNames(readonly: readonly (string | DisplayFunction)[]): Set<string> {
  return new Set(readonly.map((f) => (typeof f === 'string' ? f : f.name)))
}

/**
 * The form class of a ModelAdmin (Django's `ModelAdmin.get_form`): the fieldsets' fields that are model
 * fields, minus `exclude` and the read-only ones, with the admin widgets.
 * @param only - restrict to these fields (e.g. none when the user may only view).
 */
export async function buildModelForm(admin: ModelAdmin, request: Request, obj: ModelInstance | null, only?: readonly string[]): Promise<ModelFormClass> {
  const readonly = readonlyNames(await admin.getReadonlyFields(request, obj))
  const exclude = new Set(await admin.getExclude(request, obj) ?? [])
  const wanted = only ?? flattenFieldsets(await admin.getFieldsets(request, obj))
  const names = wanted.filter((name) => !readonly.has(name) && !exclude.has(name) && fieldOf(admin.model, name) !== undefined)
  const base = admin.form
  const options = { fields: names, widgets: await adminWidgets(admin, request, admin.model, names, 'id_') }
  if (base === null) return modelForm(admin.model, options)
  // A custom form: its own fields stay, the model fields follow the admin's choice.
  return modelForm(admin.model, { ...options, extraFields: base.baseFields })
}

/**
 * The inline formset class of an inline admin (Django's `InlineModelAdmin.get_formset`), with its
 * `extra`, `minNum`, `maxNum` and `canDelete` (deletion only with the delete permission).
 */
export async function buildInlineFormset(inline: InlineModelAdmin, request: Request, obj: ModelInstance | null): Promise<InlineFormsetClass> {
  const readonly = readonlyNames(await inline.getReadonlyFields(request, obj))
  const exclude = new Set(await inline.getExclude(request, obj) ?? [])
  const fkName = inline.fkName
  const names = flattenFieldsets(await inline.getFieldsets(request, obj))
    .filter((name) => !readonly.has(name) && !exclude.has(name) && fieldOf(inline.model, name) !== undefined)
  const fk = inline.model._meta.fields.find((f) => (fkName === null ? f.relation?.to !== undefined && f.type === 'ForeignKey' && relatedLabel(inline.model, f.relation.to) === inline.parentModel._meta.label : f.name === fkName))
  const fields = names.filter((name) => name !== fk?.name)
  const minNum = inline.getMinNum(request, obj)
  const maxNum = inline.getMaxNum(request, obj)
  const canChange = await inline.hasChangePermission(request, obj)
  const canAdd = await inline.hasAddPermission(request, obj)
  const Form = modelForm(inline.model, {
    fields: canChange || canAdd ? fields : [],
    widgets: await adminWidgets(inline, request, inline.model, fields, `id_${defaultPrefix(inline)}-__prefix__-`),
  })
  // Django's DeleteProtectedModelForm.has_changed: a row the user may not add (or change) never
  // counts as changed, so the formset skips it. "Save as new" submits every row as a new one, and
  // a forged TOTAL_FORMS can add extra forms: neither may create rows without the add permission.
  class InlineForm extends Form {
    override hasChanged(): boolean {
      if (this.adding ? !canAdd : !canChange) return false
      return super.hasChanged()
    }
  }
  return inlineFormsetFactory(inline.parentModel, inline.model, {
    form: InlineForm,
    ...(fkName === null ? {} : { fkName }),
    extra: canAdd ? inline.getExtra(request, obj) : 0,
    canDelete: inline.canDelete && (await inline.hasDeletePermission(request, obj)),
    ...(minNum === null ? {} : { minNum, validateMin: true }),
    ...(maxNum === null ? {} : { maxNum, validateMax: true }),
    ...(canAdd ? {} : { maxNum: 0 }),
  })
}

function relatedLabel(model: AnyModel, to: string): string {
  if (to === 'self') return model._meta.label
  return to.includes('.') ? to : `${model._meta.appLabel}.${to}`
}

function defaultPrefix(inline: InlineModelAdmin): string {
  const fk = inline.model._meta.fields.find((f) => f.type === 'ForeignKey' && relatedLabel(inline.model, f.relation?.to ?? '') === inline.parentModel._meta.label)
  const name = inline.model._meta.name
  return (fk?.relation?.relatedName ?? `${name.charAt(0).toLowerCase()}${name.slice(1)}Set`).replace(/\+/g, '')
}

/** One cell of a fieldset line: a bound field, or a read-only value shown as text. */
export interface AdminField {
  readonly name: string
  readonly label: string
  /** The bound field (editable fields). */
  readonly field: BoundField | null
  /** The text of a read-only field (escaped by the template). */
  readonly contents: string | null
  readonly isReadonly: boolean
  readonly isCheckbox: boolean
  readonly helpText: string
  readonly errors: readonly string[]
}

/** A line of a fieldset (one field, or several side by side). */
export interface AdminLine {
  readonly fields: readonly AdminField[]
  readonly errors: readonly string[]
}

/** A fieldset ready to render (Django's `helpers.Fieldset`). */
export interface AdminFieldset {
  readonly name: string | null
  readonly classes: string
  readonly description: string | null
  readonly lines: readonly AdminLine[]
}

/**
 * The fieldsets of a form as the templates render them (Django's `helpers.AdminForm`): each field
 * bound, or, when it is read-only (or `allReadonly`, for a user who may only view), its value as text.
 */
export async function adminFieldsets(
  admin: BaseModelAdmin, form: BaseForm, fieldsets: readonly Fieldset[], obj: ModelInstance | null,
  readonly: readonly (string | DisplayFunction)[], allReadonly: boolean, emptyValue = '-',
): Promise<AdminFieldset[]> {
  const readonlySet = readonlyNames(readonly)
  const out: AdminFieldset[] = []
  for (const [name, options] of fieldsets) {
    const lines: AdminLine[] = []
    for (const line of options.fields) {
      const names = typeof line === 'string' ? [line] : line
      const fields: AdminField[] = []
      for (const fieldName of names) {
        const inForm = fieldName in form.fields
        if (inForm && !allReadonly && !readonlySet.has(fieldName)) {
          const bound = form.get(fieldName)
          fields.push({
            name: fieldName, label: bound.label, field: bound, contents: null, isReadonly: false,
            isCheckbox: bound.field.widget instanceof CheckboxInput, helpText: bound.helpText, errors: bound.errors,
          })
        } else {
          const source = readonly.find((r) => typeof r === 'function' && r.name === fieldName) ?? fieldName
          const contents = obj === null ? emptyValue : (await lookupField(source, obj, admin.model, admin, emptyValue)).text
          const spec = fieldOf(admin.model, fieldName)
          fields.push({
            name: fieldName, label: labelFor(admin.model, source, admin), field: null, contents, isReadonly: true,
            isCheckbox: false, helpText: spec?.helpText ?? '', errors: [],
          })
        }
      }
      lines.push({ fields, errors: fields.flatMap((f) => f.errors) })
    }
    out.push({ name: name === null ? null : gettext(name), classes: (options.classes ?? []).join(' '), description: options.description === undefined ? null : gettext(options.description), lines })
  }
  return out
}

/** One form of an inline formset, ready to render (Django's `InlineAdminForm`). */
export interface InlineAdminForm {
  readonly form: BaseModelForm
  /** The saved row, or `null` for an extra form. */
  readonly original: ModelInstance | null
  readonly originalText: string
  readonly fieldsets: readonly AdminFieldset[]
  /** The hidden inputs (primary key, foreign key). */
  readonly hidden: readonly BoundField[]
  /** The "Delete" checkbox of a saved row, when rows may be deleted (unsaved rows get the Remove button from the JavaScript, as Django's). */
  readonly deleteField: BoundField | null
  /** The row's own change page, when `showChangeLink` and its model is registered. */
  readonly changeUrl: string | null
  readonly nonFieldErrors: readonly string[]
}

/** An inline formset, ready to render (Django's `InlineAdminFormSet`). */
export interface InlineAdminFormSet {
  readonly inline: InlineModelAdmin
  readonly formset: BaseInlineFormSet
  readonly forms: readonly InlineAdminForm[]
  /** The template for forms added by `inlines.js` (ids contain `__prefix__`). */
  readonly emptyForm: InlineAdminForm | null
  /** The column headers of a tabular inline. */
  readonly headers: readonly { readonly label: string; readonly required: boolean; readonly helpText: string }[]
  readonly title: string
  readonly template: string
}

/** Builds the render structure of one inline formset (after `prepare()` or `isValid()`). */
export async function inlineAdminFormset(inline: InlineModelAdmin, formset: BaseInlineFormSet, request: Request, parent: ModelInstance | null, allReadonly: boolean): Promise<InlineAdminFormSet> {
  const fieldsets = await inline.getFieldsets(request, parent)
  const readonly = await inline.getReadonlyFields(request, parent)
  const fkName = formset.fk.name
  const cleanFieldsets: Fieldset[] = fieldsets.map(([name, options]) => [name, {
    ...options, fields: options.fields.map((line) => (typeof line === 'string' ? line : line.filter((n) => n !== fkName))).filter((line) => line !== fkName && line.length !== 0),
  }])
  const registered = inline.site.isRegistered(inline.model)
  const one = async (form: BaseModelForm, isEmpty: boolean): Promise<InlineAdminForm> => {
    const original = isEmpty || form.adding ? null : form.instance
    const visible = new Set(flattenFieldsets(cleanFieldsets))
    const hidden = form.hiddenFields().filter((b) => !visible.has(b.name))
    let changeUrl: string | null = null
    if (original !== null && inline.showChangeLink && registered) {
      const admin = inline.site.getModelAdmin(inline.model)
      if (admin !== undefined && (await admin.hasViewOrChangePermission(request, original))) changeUrl = admin.urlFor('change', original.pk)
    }
    return {
      form, original, originalText: original === null ? '' : String(original),
      fieldsets: await adminFieldsets(inline, form, cleanFieldsets, original, readonly, allReadonly),
      hidden, deleteField: formset.canDelete && original !== null && 'DELETE' in form.fields ? form.get('DELETE') : null,
      changeUrl, nonFieldErrors: form.isBound ? form.nonFieldErrors() : [],
    }
  }
  const forms: InlineAdminForm[] = []
  for (const form of formset.forms) forms.push(await one(form, false))
  const canAdd = await inline.hasAddPermission(request, parent)
  let emptyForm: InlineAdminForm | null = null
  if (canAdd && !allReadonly) {
    const empty = formset.emptyForm
    await empty.prepare()
    emptyForm = await one(empty, true)
  }
  const sample = formset.emptyForm
  const headers = flattenFieldsets(cleanFieldsets).map((name) => {
    const field = sample.fields[name]
    return field === undefined
      ? { label: labelFor(inline.model, name, inline), required: false, helpText: '' }
      : { label: sample.get(name).label, required: field.required, helpText: sample.get(name).helpText }
  })
  return { inline, formset, forms, emptyForm, headers, title: inline.pluralName, template: inline.template }
}

/** Django's message for a login refused by the admin: wrong credentials or not a staff account. */
export function staffLoginMessage(): string {
  let usernameLabel = 'username'
  try {
    const model = getUserModel()
    usernameLabel = gettext(model._meta.fields.find((f) => f.name === model.USERNAME_FIELD)?.verboseName ?? 'username')
  } catch {
    // No user model installed: keep the generic word.
  }
  return gettext('Please enter the correct {username} and password for a staff account. Note that both fields may be case-sensitive.').replace('{username}', usernameLabel)
}

/**
 * The admin's login form (Django's `AdminAuthenticationForm`): an `AuthenticationForm` that refuses
 * users who are not active staff with Django's message "Please enter the correct username and
 * password for a staff account. Note that both fields may be case-sensitive."
 */
export class AdminAuthenticationForm extends AuthenticationForm {
  override async clean(): Promise<void> {
    try {
      await super.clean()
    } catch (error) {
      if (error instanceof ValidationError && this.invalidLogin) throw new ValidationError(staffLoginMessage())
      throw error
    }
  }

  /** Refuses inactive users (the parent's check) and users who are not staff. @throws ValidationError */
  override confirmLoginAllowed(user: UserRow): void {
    super.confirmLoginAllowed(user)
    if (!user.isStaff) throw new ValidationError(staffLoginMessage())
  }
}

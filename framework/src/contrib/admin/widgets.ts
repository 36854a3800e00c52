/**
 * The admin's form widgets (as Django's `django.contrib.admin.widgets`): search-as-you-type selects
 * for foreign keys and many-to-many fields ({@link AutocompleteSelect}, {@link AutocompleteSelectMultiple}),
 * raw-id inputs ({@link ForeignKeyRawIdWidget}, {@link ManyToManyRawIdWidget}), the two-box chooser
 * ({@link FilteredSelectMultiple}) and date/time inputs with the admin's CSS classes. The add, change,
 * delete and view links around relation widgets are `RelatedFieldWidgetWrapper`'s
 * (`related-widget-wrapper.ts`).
 *
 * Every widget renders working HTML without JavaScript (a native `<select>` or `<input>`); the
 * admin's scripts (`static/admin/js/core.js` and the widget scripts) enhance them, found by their
 * `data-*` attributes. Strings the scripts show are rendered into `data-i18n-*` attributes here,
 * translated with the active language, so the scripts need no catalog.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { modelRegistry } from 'tango/db'
import type { AnyModel, FieldSpec } from 'tango/db'
import {
  DateInput, DateTimeInput, EmailInput, NumberInput, Select, SelectMultiple, Textarea, TextInput, TimeInput, URLInput,
  renderAttrs,
} from 'tango/forms'
import type { ChoiceOption, FormDataSource, RenderContext, WidgetAttrs } from 'tango/forms'
import { escapeHtml } from 'tango/templates'
import { NoReverseMatch, reverse } from 'tango/urls'

/** The part of an `AdminSite` the widgets use: its URL namespace (`name`, `'admin'` by default). */
export interface WidgetSite {
  readonly name: string
  /** Whether a model has a `ModelAdmin` on this site (Django's `is_registered`); lookup links are shown only then. */
  isRegistered?(model: AnyModel): boolean
}

/** The selected values of a widget as strings (`null`/`undefined` dropped). */
function selectedValues(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v) => v !== null && v !== undefined && v !== '').map((v) => String(v))
}

/** Appends `extra` to a `class` attribute. */
function addClass(current: unknown, extra: string): string {
  return typeof current === 'string' && current !== '' ? `${current} ${extra}` : extra
}

/**
 * The model that declares `field`, found by identity in the model registry (a `FieldSpec` carries
 * no back-reference to its model, unlike Django's `field.model`).
 * @throws Error when no registered model has this field object.
 */
export function modelOfField(field: FieldSpec): AnyModel {
  for (const model of modelRegistry.all()) if (model._meta.fields.includes(field)) return model
  throw new Error(`No registered model declares the field '${field.name}'; pass a field from Model._meta.fields.`)
}

/** The model a relation field points at (Django's `field.remote_field.model`). @throws Error for a non-relation field. */
export function relatedModelOf(field: FieldSpec, source: AnyModel = modelOfField(field)): AnyModel {
  if (field.relation === null) throw new Error(`'${field.name}' is not a relation field.`)
  return modelRegistry.resolveRelation(source._meta.label, field.relation.to)
}

/** Django's `model_name`: the model's name lower-cased. */
export function modelName(model: AnyModel): string {
  return model._meta.name.toLowerCase()
}

/** `reverse()` that gives `null` instead of throwing when the route is not there (Django's widgets do the same). */
function tryReverse(name: string, params: Readonly<Record<string, string>> = {}): string | null {
  try {
    return reverse(name, params)
  } catch (error) {
    if (error instanceof NoReverseMatch) return null
    throw error
  }
}

/**
 * Shared logic of the autocomplete widgets (Django's `AutocompleteMixin`): the native `<select>`
 * holds only the selected options (the others are fetched from the JSON endpoint as the user
 * types), plus the attributes `autocomplete.js` reads.
 */
function renderAutocomplete(
  widget: AutocompleteSelect | AutocompleteSelectMultiple, name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext,
): string {
  const merged: Record<string, WidgetAttrs[string]> = { ...widget.attrs, ...attrs }
  const source = widget.sourceModel()
  const multiple = widget.allowMultipleSelected
  const required = merged.required === true
  const selected = new Set(selectedValues(value))
  const choices = context.choices ?? []
  const shown: ChoiceOption[] = choices.filter((c) => c.value !== '' && selected.has(c.value))
  // Django adds an empty option to a single, optional select so it can be cleared.
  if (!multiple && !required) shown.unshift({ value: '', label: '' })
  const full: Record<string, WidgetAttrs[string]> = {
    ...merged,
    class: addClass(merged.class, 'admin-autocomplete'),
    'data-autocomplete-url': widget.getUrl(),
    'data-app-label': source._meta.appLabel,
    'data-model-name': modelName(source),
    'data-field-name': widget.field.name,
    'data-allow-clear': multiple ? null : String(!required),
    'data-i18n-searching': gettext('Searching…'),
    'data-i18n-no-results': gettext('No results found'),
    'data-i18n-error': gettext('The results could not be loaded.'),
    'data-i18n-more': gettext('Loading more results…'),
    'data-i18n-remove': gettext('Remove'),
    'data-i18n-clear': gettext('Clear'),
    multiple: multiple ? true : null,
  }
  const options = shown.map((c) => `  <option value="${escapeHtml(c.value)}"${c.value !== '' ? ' selected' : ''}>${escapeHtml(c.label)}</option>\n`).join('')
  return `<select name="${escapeHtml(name)}"${renderAttrs(full)}>\n${options}</select>`
}

/**
 * A foreign key `<select>` that searches as you type (Django's `AutocompleteSelect`, used for the
 * fields in `ModelAdmin.autocompleteFields`). Renders only the selected option; `autocomplete.js`
 * turns it into an ARIA 1.2 combobox that queries the site's `autocomplete` view with
 * `app_label`, `model_name`, `field_name`, `term` and `page`. The related model's admin must have
 * `searchFields`.
 *
 * @example
 * ```ts
 * new AutocompleteSelect(Book._meta.fields.find((f) => f.name === 'author')!, site)
 * ```
 */
export class AutocompleteSelect extends Select {
  /** Only the selected options are rendered, so `form.prepare()` loads only those rows (Django's `optgroups` does the same query). */
  override readonly choicesForValueOnly: boolean = true
  /** The model field (a foreign key or many-to-many) this widget edits. */
  readonly field: FieldSpec
  /** The admin site whose `autocomplete` URL the widget queries. */
  readonly site: WidgetSite
  #source: AnyModel | null

  /**
   * @param field - the model field from `Model._meta.fields`.
   * @param site - the admin site (its `name` is the URL namespace).
   * @param attrs - extra HTML attributes.
   * @param model - the model declaring `field` (found in the model registry when omitted).
   */
  constructor(field: FieldSpec, site: WidgetSite, attrs: WidgetAttrs = {}, model: AnyModel | null = null) {
    super({ attrs })
    this.field = field
    this.site = site
    this.#source = model
  }

  /** The model that declares the field (Django's `field.model`). */
  sourceModel(): AnyModel {
    this.#source ??= modelOfField(this.field)
    return this.#source
  }

  /** The JSON endpoint's URL: `reverse('<site>:autocomplete')` (Django's `get_url`). */
  getUrl(): string {
    return reverse(`${this.site.name}:autocomplete`)
  }

  /** @inheritdoc */
  override render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    return renderAutocomplete(this, name, value, attrs, context)
  }
}

/** The many-to-many version of {@link AutocompleteSelect} (Django's `AutocompleteSelectMultiple`): a `<select multiple>`. */
export class AutocompleteSelectMultiple extends AutocompleteSelect {
  override readonly allowMultipleSelected: boolean = true

  /** @inheritdoc */
  override valueFromData(data: FormDataSource, _files: FormDataSource, name: string): unknown {
    return data.getAll(name)
  }

  /** A `<select multiple>` with nothing selected sends nothing, so it is never "omitted". */
  override valueOmittedFromData(): boolean {
    return false
  }
}

/** The lookup link and the label shown next to a raw-id input. */
function rawIdExtras(site: WidgetSite, related: AnyModel, inputId: unknown): string {
  if (site.isRegistered !== undefined && !site.isRegistered(related)) return ''
  const url = tryReverse(`${site.name}:${related._meta.appLabel}_${modelName(related)}_changelist`)
  if (url === null) return ''
  const params = new URLSearchParams({ _to_field: related._meta.pk })
  const id = typeof inputId === 'string' && inputId !== '' ? ` id="lookup_${escapeHtml(inputId)}"` : ''
  const title = gettext('Lookup')
  return `<a href="${escapeHtml(`${url}?${params.toString()}`)}" class="related-lookup"${id} title="${escapeHtml(title)}" target="_blank" rel="noopener">`
    + `<span class="visually-hidden">${escapeHtml(title)}: ${escapeHtml(gettext(related._meta.verboseNamePlural))}</span></a>`
}

/**
 * A text input for the primary key of a foreign key (Django's `ForeignKeyRawIdWidget`, for
 * `ModelAdmin.rawIdFields`): no `<select>` of every row, a link to the related model's change list
 * (`?_to_field=<pk>`, `id="lookup_<input id>"`) to look the id up, and the current object's label
 * linking to its change page. `related-object-lookups.js` opens the lookup as a popup (adding
 * `_popup=1`) whose rows put their key into the input; without JavaScript it opens in a new tab.
 * The label comes from the field's loaded choices, which `form.prepare()` limits to the current
 * value (`choicesForValueOnly`).
 */
export class ForeignKeyRawIdWidget extends TextInput {
  /** Only the current object's label is shown, so `form.prepare()` loads only that row. */
  override readonly choicesForValueOnly: boolean = true
  /** The foreign key this widget edits. */
  readonly field: FieldSpec
  /** The admin site whose URLs the links use. */
  readonly site: WidgetSite
  #related: AnyModel | null = null
  readonly #source: AnyModel | null

  /**
   * @param field - the model field from `Model._meta.fields`.
   * @param site - the admin site.
   * @param attrs - extra HTML attributes.
   * @param model - the model declaring `field` (found in the model registry when omitted).
   */
  constructor(field: FieldSpec, site: WidgetSite, attrs: WidgetAttrs = {}, model: AnyModel | null = null) {
    super({ attrs })
    this.field = field
    this.site = site
    this.#source = model
  }

  /** The model the field points at. */
  relatedModel(): AnyModel {
    this.#related ??= relatedModelOf(this.field, this.#source ?? modelOfField(this.field))
    return this.#related
  }

  /** The input's CSS class (Django's). */
  protected get cssClass(): string {
    return 'vForeignKeyRawIdAdminField'
  }

  /** The label and change link of the current value, or `''` (Django's `label_and_url_for_value`). */
  protected labelHtml(value: unknown, context: RenderContext): string {
    const [key] = selectedValues(value)
    if (key === undefined) return ''
    const choice = (context.choices ?? []).find((c) => c.value === key)
    if (choice === undefined) return ''
    const related = this.relatedModel()
    const url = this.site.isRegistered !== undefined && !this.site.isRegistered(related)
      ? null
      : tryReverse(`${this.site.name}:${related._meta.appLabel}_${modelName(related)}_change`, { objectId: key })
    const label = escapeHtml(choice.label)
    return `<strong>${url === null ? label : `<a href="${escapeHtml(url)}">${label}</a>`}</strong>`
  }

  /** The shown value: the key(s) as text. */
  override formatValue(value: unknown): string | null {
    const keys = selectedValues(value)
    return keys.length ? keys.join(',') : null
  }

  /** @inheritdoc */
  override render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    const merged = { ...this.attrs, ...attrs }
    const input = super.render(name, value, { ...attrs, class: addClass(merged.class, this.cssClass) }, context)
    const lookup = rawIdExtras(this.site, this.relatedModel(), merged.id)
    const label = this.labelHtml(value, context)
    return `<div class="related-widget-wrapper raw-id">${input}${lookup}${label ? ` ${label}` : ''}</div>`
  }
}

/**
 * Comma-separated primary keys for a many-to-many field (Django's `ManyToManyRawIdWidget`); the
 * value read back is the list of ids. Shows no labels, as Django.
 */
export class ManyToManyRawIdWidget extends ForeignKeyRawIdWidget {
  override readonly allowMultipleSelected: boolean = true

  /** @inheritdoc */
  protected override get cssClass(): string {
    return 'vManyToManyRawIdAdminField'
  }

  /** @inheritdoc */
  protected override labelHtml(): string {
    return ''
  }

  /** `"1,2, 3"` → `['1', '2', '3']`; empty → `[]`. */
  override valueFromData(data: FormDataSource, _files: FormDataSource, name: string): unknown {
    const raw = data.get(name)
    if (Array.isArray(raw)) return raw
    if (raw === null || raw === undefined || raw === '') return []
    return String(raw).split(',').map((s) => s.trim()).filter((s) => s !== '')
  }

  /** An empty text input still sends `''`, so absence means the field was not on the page. */
  override valueOmittedFromData(data: FormDataSource, _files: FormDataSource, name: string): boolean {
    return !data.has(name)
  }
}

/**
 * A `<select multiple>` that `filter-horizontal.js` turns into the two-box chooser ("Available" and
 * "Chosen" lists, a filter box, Choose/Remove and Choose all/Remove all buttons; Django's
 * `FilteredSelectMultiple`, for `filterHorizontal` and `filterVertical`). Without JavaScript it
 * stays a working multiple select.
 */
export class FilteredSelectMultiple extends SelectMultiple {
  /** The plural name shown in the headings ("Available genres"). */
  readonly verboseName: string
  /** `true` stacks the boxes vertically (`filterVertical`). */
  readonly isStacked: boolean

  /**
   * @param verboseName - the plural name of the choices.
   * @param isStacked - one box above the other instead of side by side.
   * @param attrs - extra HTML attributes.
   */
  constructor(verboseName: string, isStacked: boolean, attrs: WidgetAttrs = {}) {
    super({ attrs })
    this.verboseName = verboseName
    this.isStacked = isStacked
  }

  /** @inheritdoc */
  override render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    const merged = { ...this.attrs, ...attrs }
    const name_ = this.verboseName
    const extra: WidgetAttrs = {
      class: addClass(merged.class, this.isStacked ? 'selectfilterstacked' : 'selectfilter'),
      'data-field-name': name_,
      'data-is-stacked': this.isStacked ? '1' : '0',
      'data-i18n-available': gettext('Available {name}').replace('{name}', name_),
      'data-i18n-chosen': gettext('Chosen {name}').replace('{name}', name_),
      'data-i18n-filter': gettext('Filter'),
      'data-i18n-filter-help': gettext('Type into this box to filter down the list of available {name}.').replace('{name}', name_),
      'data-i18n-choose': gettext('Choose'),
      'data-i18n-remove': gettext('Remove'),
      'data-i18n-choose-all': gettext('Choose all'),
      'data-i18n-remove-all': gettext('Remove all'),
      'data-i18n-chosen-count': gettext('{count} chosen'),
    }
    return super.render(name, value, { ...attrs, ...extra }, context)
  }
}

/** `<input type="date" class="vDateField">` with `YYYY-MM-DD` values (the admin's date widget). */
export class AdminDateWidget extends DateInput {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vDateField', size: 10, ...attrs } })
  }
}

/** `<input type="time" class="vTimeField" step="1">` with `HH:MM:SS` values. */
export class AdminTimeWidget extends TimeInput {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vTimeField', step: 1, size: 8, ...attrs } })
  }

  /** A `Date` as `HH:MM:SS` (UTC), strings as given. */
  override formatValue(value: unknown): string | null {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(11, 19)
    return super.formatValue(value)
  }
}

/**
 * `<input type="datetime-local" class="vDateTimeField" step="1">` with `YYYY-MM-DDTHH:MM:SS` values
 * (one native input instead of Django's `AdminSplitDateTime` pair).
 */
export class AdminDateTimeWidget extends DateTimeInput {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vDateTimeField', step: 1, ...attrs } })
  }
}

/** `<input type="text" class="vTextField">` (Django's `AdminTextInputWidget`). */
export class AdminTextInputWidget extends TextInput {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vTextField', ...attrs } })
  }
}

/** `<textarea class="vLargeTextField">` (Django's `AdminTextareaWidget`). */
export class AdminTextareaWidget extends Textarea {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vLargeTextField', ...attrs } })
  }
}

/** `<input type="email" class="vTextField">` (Django's `AdminEmailInputWidget`). */
export class AdminEmailInputWidget extends EmailInput {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vTextField', ...attrs } })
  }
}

/** `<input type="url" class="vURLField">` (Django's `AdminURLFieldWidget`). */
export class AdminURLFieldWidget extends URLInput {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vURLField', ...attrs } })
  }
}

/** `<input type="number" class="vIntegerField">` (Django's `AdminIntegerFieldWidget`). */
export class AdminIntegerFieldWidget extends NumberInput {
  /** @param attrs - extra HTML attributes. */
  constructor(attrs: WidgetAttrs = {}) {
    super({ attrs: { class: 'vIntegerField', ...attrs } })
  }
}

/**
 * The attributes that make `prepopulate.js` fill a slug input from other inputs as the user types
 * (Django's `prepopulated_fields`): `data-prepopulated-from` lists the source inputs' ids, space-separated.
 * The slug's `maxlength` caps the result. Inside an inline's empty form, ids contain `__prefix__`,
 * which `inlines.js` replaces in this attribute too.
 *
 * @param sourceIds - the `id`s of the source inputs, e.g. `['id_title']`.
 * @param allowUnicode - keep non-ASCII letters (a `SlugField` with `allowUnicode`).
 * @returns attributes to merge into the slug widget's.
 */
export function prepopulatedAttrs(sourceIds: readonly string[], allowUnicode = false): WidgetAttrs {
  return { 'data-prepopulated-from': sourceIds.join(' '), 'data-allow-unicode': allowUnicode ? 'true' : null }
}

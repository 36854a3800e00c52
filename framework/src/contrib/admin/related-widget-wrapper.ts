/**
 * {@link RelatedFieldWidgetWrapper} (Django's `django.contrib.admin.widgets.RelatedFieldWidgetWrapper`):
 * the add, change, delete and view links next to the widget of a foreign key or many-to-many field
 * whose model is registered on the same admin site. `related-object-lookups.js` opens the add,
 * change and delete pages in a popup window and puts what the popup saved back into the widget.
 *
 * @module
 */
import { gettext } from 'tango/core'
import type { AnyModel, FieldSpec } from 'tango/db'
import { Widget } from 'tango/forms'
import type { FormDataSource, RenderContext, WidgetAttrs } from 'tango/forms'
import { escapeHtml, staticUrl } from 'tango/templates'
import { NoReverseMatch, reverse } from 'tango/urls'
import { IS_POPUP_VAR, TO_FIELD_VAR } from './constants.ts'
import { AutocompleteSelect, modelName, modelOfField, relatedModelOf } from './widgets.ts'
import type { WidgetSite } from './widgets.ts'

/** What the links may offer (Django's `can_*_related` arguments); each is also limited by the field, see {@link RelatedFieldWidgetWrapper}. */
export interface RelatedLinkOptions {
  /** The "+" link. Default: whether the related model is registered on the site (Django's default). */
  readonly canAddRelated?: boolean
  /** The pencil link to the selected object's change page, in a popup. Default `false`. */
  readonly canChangeRelated?: boolean
  /** The × link to the selected object's delete page, in a popup. Default `false`. */
  readonly canDeleteRelated?: boolean
  /** The eye link to the selected object's change page (read-only for a user who may only view), in this window. Default `false`. */
  readonly canViewRelated?: boolean
  /** The model declaring the field (found in the model registry when omitted). */
  readonly model?: AnyModel | null
}

/** The placeholder of the change and delete URL templates, replaced by the selected key (Django's `__fk__`). */
const KEY_PLACEHOLDER = '__fk__'

/** One key when the value is a single non-empty key (an id, or a row), else `null`. */
function singleKey(value: unknown): string | null {
  if (Array.isArray(value) || value === null || value === undefined || value === '') return null
  if (typeof value === 'object' && 'pk' in value) return String((value as { pk: unknown }).pk)
  return String(value)
}

/**
 * Wraps the widget of a relation field and draws, after it, the links of Django's
 * `related_widget_wrapper.html`: "+" (`add_<id>`, the related add page), the pencil (`change_<id>`)
 * and × (`delete_<id>`) for the selected object, all opened in a popup with
 * `?_to_field=<pk>&_popup=1`, and the eye (`view_<id>`, the change page without popup). The change,
 * delete and view links carry `data-href-template` with `__fk__` for the key; the script points them
 * at the selected value as it changes (they have an `href` from the start when a value is selected,
 * and `aria-disabled="true"` when none is). As Django: no change, delete or view link for a
 * many-to-many field (several values), and no delete link for a foreign key with `CASCADE`.
 * Every link has a `title` and visually hidden text naming it ("Add another author").
 *
 * Everything else (reading the submitted value, `choicesForValueOnly`, hidden-ness) is the wrapped
 * widget's.
 *
 * @example
 * ```ts
 * const author = Book._meta.fields.find((f) => f.name === 'author')!
 * new RelatedFieldWidgetWrapper(new Select(), author, site, { canAddRelated: true, canChangeRelated: true })
 * ```
 */
export class RelatedFieldWidgetWrapper extends Widget {
  /** The wrapped widget. */
  readonly widget: Widget
  /** The relation field (foreign key, one-to-one or many-to-many). */
  readonly field: FieldSpec
  /** The admin site whose add/change/delete URLs the links use. */
  readonly site: WidgetSite
  readonly canAddRelated: boolean
  readonly canChangeRelated: boolean
  readonly canDeleteRelated: boolean
  readonly canViewRelated: boolean
  override readonly isHidden: boolean
  override readonly allowMultipleSelected: boolean
  override readonly useFieldset: boolean
  override readonly needsMultipartForm: boolean
  override readonly choicesForValueOnly: boolean
  readonly #related: AnyModel

  /**
   * @param widget - the widget to wrap (a `Select`, `SelectMultiple`, autocomplete or two-box chooser).
   * @param field - the relation field from `Model._meta.fields`.
   * @param site - the admin site.
   * @param options - which links to offer.
   * @throws Error when `field` is not a relation field.
   */
  constructor(widget: Widget, field: FieldSpec, site: WidgetSite, options: RelatedLinkOptions = {}) {
    super({ attrs: widget.attrs })
    this.widget = widget
    this.field = field
    this.site = site
    this.#related = relatedModelOf(field, options.model ?? modelOfField(field))
    this.isHidden = widget.isHidden
    this.allowMultipleSelected = widget.allowMultipleSelected
    this.useFieldset = widget.useFieldset
    this.needsMultipartForm = widget.needsMultipartForm
    this.choicesForValueOnly = widget.choicesForValueOnly
    // Django: the links follow one selected value, and deleting through a CASCADE would take this
    // very object along.
    const multiple = widget.allowMultipleSelected
    const cascade = field.relation?.onDelete === 'CASCADE'
    this.canAddRelated = options.canAddRelated ?? (site.isRegistered?.(this.#related) ?? false)
    this.canChangeRelated = !multiple && (options.canChangeRelated ?? false)
    this.canDeleteRelated = !multiple && !cascade && (options.canDeleteRelated ?? false)
    this.canViewRelated = !multiple && (options.canViewRelated ?? false)
  }

  /** The model the field points at. */
  relatedModel(): AnyModel {
    return this.#related
  }

  /** `reverse('<site>:<app>_<model>_<action>')`, or `null` when the site has no such page (Django's `get_related_url`). */
  getRelatedUrl(action: 'add' | 'change' | 'delete', objectId?: string): string | null {
    const name = `${this.site.name}:${this.#related._meta.appLabel}_${modelName(this.#related)}_${action}`
    try {
      return objectId === undefined ? reverse(name) : reverse(name, { objectId })
    } catch (error) {
      if (error instanceof NoReverseMatch) return null
      throw error
    }
  }

  /** @inheritdoc */
  override formatValue(value: unknown): string | null {
    return this.widget.formatValue(value)
  }

  /** @inheritdoc */
  override valueFromData(data: FormDataSource, files: FormDataSource, name: string): unknown {
    return this.widget.valueFromData(data, files, name)
  }

  /** @inheritdoc */
  override valueOmittedFromData(data: FormDataSource, files: FormDataSource, name: string): boolean {
    return this.widget.valueOmittedFromData(data, files, name)
  }

  /** @inheritdoc */
  override idForLabel(id: string): string {
    return this.widget.idForLabel(id)
  }

  /** The wrapped widget, then the links, in `<div class="related-widget-wrapper" data-model-ref="<model>">`. */
  override render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    // Django marks the plain selects as the ones to update when a popup adds or renames an object
    // of the same model elsewhere on the page; an autocomplete holds only its own selection.
    const innerAttrs = this.widget instanceof AutocompleteSelect ? attrs : { ...attrs, 'data-context': 'available-source' }
    const rendered = this.widget.render(name, value, innerAttrs, context)
    const open = `<div class="related-widget-wrapper" data-model-ref="${escapeHtml(modelName(this.#related))}">`
    if (this.isHidden) return `${open}${rendered}</div>`
    const merged = { ...this.attrs, ...attrs }
    const id = typeof merged.id === 'string' && merged.id !== '' ? merged.id : `id_${name}`
    const popupParams = new URLSearchParams([[TO_FIELD_VAR, this.#related._meta.pk], [IS_POPUP_VAR, '1']]).toString()
    const viewParams = new URLSearchParams([[TO_FIELD_VAR, this.#related._meta.pk]]).toString()
    const verboseName = gettext(this.#related._meta.verboseName)
    const key = singleKey(value)
    const links: string[] = []
    const link = (kind: string, title: string, icon: string, target: { href: string } | { template: string }, popup: boolean): void => {
      let href: string | null
      let template = ''
      if ('href' in target) {
        href = target.href
      } else {
        template = ` data-href-template="${escapeHtml(target.template)}"`
        const url = key === null ? null : this.getRelatedUrl(kind === 'delete' ? 'delete' : 'change', key)
        href = url === null ? null : target.template.replace(/^[^?]*/, url)
      }
      const text = title.replace('{name}', verboseName)
      links.push(`<a class="related-widget-wrapper-link ${kind}-related" id="${escapeHtml(`${kind}_${id}`)}"`
        + `${href === null ? ' aria-disabled="true"' : ` href="${escapeHtml(href)}"`}${template}${popup ? ' data-popup="yes"' : ''} title="${escapeHtml(text)}">`
        + `<img src="${escapeHtml(staticUrl(`admin/img/${icon}`))}" alt="" width="16" height="16"><span class="visually-hidden">${escapeHtml(text)}</span></a>`)
    }
    const changeTemplate = this.canChangeRelated || this.canViewRelated ? this.getRelatedUrl('change', KEY_PLACEHOLDER) : null
    if (this.canChangeRelated && changeTemplate !== null) {
      link('change', gettext('Change selected {name}'), 'icon-changelink.svg', { template: `${changeTemplate}?${popupParams}` }, true)
    }
    const addUrl = this.canAddRelated ? this.getRelatedUrl('add') : null
    if (addUrl !== null) link('add', gettext('Add another {name}'), 'icon-addlink.svg', { href: `${addUrl}?${popupParams}` }, true)
    const deleteTemplate = this.canDeleteRelated ? this.getRelatedUrl('delete', KEY_PLACEHOLDER) : null
    if (deleteTemplate !== null) {
      link('delete', gettext('Delete selected {name}'), 'icon-deletelink.svg', { template: `${deleteTemplate}?${popupParams}` }, true)
    }
    if (this.canViewRelated && changeTemplate !== null) {
      link('view', gettext('View selected {name}'), 'icon-viewlink.svg', { template: `${changeTemplate}?${viewParams}` }, false)
    }
    return `${open}${rendered}${links.join('')}</div>`
  }
}

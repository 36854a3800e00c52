/**
 * `ModelAdmin` and the inlines (Django's `django.contrib.admin.options`): how one model is shown and
 * edited in an {@link AdminSite}. Every option has Django's name in camelCase and Django's default;
 * every `get*` / `has*Permission` method is a hook a subclass may override.
 *
 * @module
 * @example
 * ```ts
 * class ArticleAdmin extends ModelAdmin<typeof Article> {
 *   override listDisplay = ['title', 'category', 'pubDate']
 *   override searchFields = ['title', '^category__name']
 *   override getQueryset(request: Request) {
 *     return super.getQueryset(request).filter({ authorId: adminUser(request).pk })
 *   }
 * }
 * site.register(Article, ArticleAdmin)
 * ```
 */
import { gettext } from 'tango/core'
import { QuerySet } from 'tango/db'
import type { AnyModel, ModelInstance, ModelSpec, Row } from 'tango/db'
import type { BaseInlineFormSet, BaseModelForm, BaseModelFormSet, InlineFormsetClass, ModelFormClass } from 'tango/forms'
import type { Request, Response } from 'tango/http'
import { reverse } from 'tango/urls'
import type { URLEntry } from 'tango/urls'
import { render } from 'tango/views'
import { addMessage, INFO } from 'tango/contrib/messages'
import { hasModulePerms, hasPerm } from 'tango/contrib/auth'
import type { AuthUser } from 'tango/contrib/auth'
import { AnonymousUser } from 'tango/contrib/auth'
import { searchQueryset } from './changelist/search.ts'
import type { AdminAction, DisplayFunction, OfModel } from './decorators.ts'
import { buildInlineFormset, buildModelForm, flattenFieldsets } from './forms.ts'
import { constructChangeMessage, logAction } from './log.ts'
import type { ChangeMessage } from './log.ts'
import { ADDITION, CHANGE, DELETION } from './constants.ts'
import { getDeletedObjects } from './deleted-objects.ts'
import type { DeletedObjects } from './deleted-objects.ts'
import type { AdminSite } from './sites.ts'

/** One fieldset: a title (or `null`) and its options (Django's `fieldsets` entries). */
export type Fieldset = readonly [string | null, {
  readonly fields: readonly (string | readonly string[])[]
  readonly classes?: readonly string[]
  readonly description?: string
}]

/** A list filter class (defined by the change list: `SimpleListFilter`, `FieldListFilter` ...). */
export type ListFilterClass = abstract new (...args: never[]) => unknown

/**
 * An inline class: a `TabularInline` / `StackedInline` subclass, constructed with the parent model and
 * the site. Typed loosely (`object`) so that an inline of any child model fits; instances are
 * `InlineModelAdmin`s.
 */
export type InlineClass = new (parentModel: AnyModel, site: AdminSite) => object

/** An entry of the actions menu (Django's `(func, name, description)`). */
export interface ActionEntry<M extends AnyModel = AnyModel> {
  readonly func: AdminAction<M>
  readonly name: string
  readonly description: string
}

/** The kinds of per-model admin URL (`admin:<app>_<model>_<kind>`). */
export type AdminUrlKind = 'changelist' | 'add' | 'change' | 'delete' | 'history'

/** Users already read for a request (by {@link userOf}); what {@link adminUser} returns. */
const resolvedUsers = new WeakMap<Request, AuthUser>()

/** `await request.user`, or an `AnonymousUser` when no authentication middleware set it. */
export async function userOf(request: Request): Promise<AuthUser> {
  const known = resolvedUsers.get(request)
  if (known !== undefined) return known
  const pending = (request as unknown as { user?: Promise<AuthUser> }).user
  const user = pending === undefined ? new AnonymousUser() : await pending
  resolvedUsers.set(request, user)
  return user
}

/**
 * The request's user, synchronously, inside an admin view (the site reads it before any admin view
 * runs), for hooks that are synchronous as Django's, such as `getQueryset`.
 * @returns the user, or an `AnonymousUser` when it was not read yet.
 * @example
 * ```ts
 * override getQueryset(request: Request) {
 *   const user = adminUser(request)
 *   return user.isSuperuser ? super.getQueryset(request) : super.getQueryset(request).filter({ ownerId: user.pk })
 * }
 * ```
 */
export function adminUser(request: Request): AuthUser {
  return resolvedUsers.get(request) ?? new AnonymousUser()
}

/** `admin/<app>/<model>/<name>`, `admin/<app>/<name>`, `admin/<name>`, after `override` when set (Django's template lookup). */
export function adminTemplates(opts: ModelSpec, name: string, override: string | null = null): string[] {
  const model = opts.name.toLowerCase()
  return [...(override === null ? [] : [override]), `admin/${opts.appLabel}/${model}/${name}`, `admin/${opts.appLabel}/${name}`, `admin/${name}`]
}

/** A model class that can be constructed: `defineModel` returns one. */
type Constructible = new (values?: Record<string, unknown>) => ModelInstance

/**
 * What `ModelAdmin` and the inlines share (Django's `BaseModelAdmin`): the form options and the
 * permission hooks.
 */
export class BaseModelAdmin<M extends AnyModel = AnyModel> {
  /** The model administered. */
  readonly model: M
  /** The site this admin belongs to. */
  readonly site: AdminSite
  /** The fields of the form, in order; a nested list puts fields on one line. Default: every editable field. */
  fields: readonly (string | readonly string[])[] | null = null
  /** Fields left out of the form. */
  exclude: readonly string[] | null = null
  /** Groups of fields with a title (overrides `fields`). */
  fieldsets: readonly Fieldset[] | null = null
  /** Shown as text, never as inputs: model fields, ModelAdmin method names or display functions. */
  readonlyFields: readonly (string | DisplayFunction<M>)[] = []
  /** `slug: ['title']`: the slug input follows the title as it is typed. */
  prepopulatedFields: Readonly<Record<string, readonly string[]>> = {}
  /** Foreign keys / many-to-many with a search-as-you-type widget (the target's admin needs `searchFields`). */
  autocompleteFields: readonly string[] = []
  /** Foreign keys / many-to-many edited as a primary-key input with a lookup link. */
  rawIdFields: readonly string[] = []
  /** Many-to-many fields with the two-box filter, side by side. */
  filterHorizontal: readonly string[] = []
  /** As {@link filterHorizontal}, stacked. */
  filterVertical: readonly string[] = []
  /** The change list and inline order (default the model's `ordering`). */
  ordering: readonly string[] | null = null
  /** A ModelForm class to start from (Django's `form`); `fields`/`exclude` still choose the fields. */
  form: ModelFormClass | null = null

  /**
   * @param model - the model administered.
   * @param site - the site it is registered with.
   */
  constructor(model: M, site: AdminSite) {
    this.model = model
    this.site = site
  }

  /** The model's metadata (Django's `opts`, `model._meta`). */
  get opts(): ModelSpec {
    return this.model._meta
  }

  /** `<app>.<action>_<model>` (Django's `get_permission_codename` with the app label). */
  permissionName(action: string): string {
    return `${this.opts.appLabel}.${action}_${this.opts.name.toLowerCase()}`
  }

  /** Whether the request's user has `<app>.<action>_<model>`. */
  protected async hasModelPerm(request: Request, action: string): Promise<boolean> {
    return hasPerm(await userOf(request), this.permissionName(action))
  }

  /** Django's `has_view_permission`: `view_<model>` or `change_<model>`. `obj` is the row, when asking about one. */
  async hasViewPermission(request: Request, obj?: ModelInstance | null): Promise<boolean> {
    void obj
    return (await this.hasModelPerm(request, 'view')) || (await this.hasModelPerm(request, 'change'))
  }

  /** Django's `has_add_permission`: `add_<model>`. */
  async hasAddPermission(request: Request, obj?: ModelInstance | null): Promise<boolean> {
    void obj
    return this.hasModelPerm(request, 'add')
  }

  /** Django's `has_change_permission`: `change_<model>`. */
  async hasChangePermission(request: Request, obj?: ModelInstance | null): Promise<boolean> {
    void obj
    return this.hasModelPerm(request, 'change')
  }

  /** Django's `has_delete_permission`: `delete_<model>`. */
  async hasDeletePermission(request: Request, obj?: ModelInstance | null): Promise<boolean> {
    void obj
    return this.hasModelPerm(request, 'delete')
  }

  /** Django's `has_view_or_change_permission`. */
  async hasViewOrChangePermission(request: Request, obj?: ModelInstance | null): Promise<boolean> {
    return (await this.hasViewPermission(request, obj)) || (await this.hasChangePermission(request, obj))
  }

  /** The fieldsets of the form (Django's `get_fieldsets`): `fieldsets`, else one untitled set of {@link getFields}. */
  async getFieldsets(request: Request, obj?: ModelInstance | null): Promise<readonly Fieldset[]> {
    if (this.fieldsets !== null) return this.fieldsets
    return [[null, { fields: await this.getFields(request, obj) }]]
  }

  /**
   * The fields of the form (Django's `get_fields`): `fields`, else every editable model field not in
   * `exclude`, then the read-only ones.
   */
  async getFields(request: Request, obj?: ModelInstance | null): Promise<readonly (string | readonly string[])[]> {
    if (this.fields !== null) return this.fields
    const readonly = (await this.getReadonlyFields(request, obj)).filter((f): f is string => typeof f === 'string')
    const exclude = new Set(this.exclude ?? [])
    const editable = this.opts.fields
      .filter((f) => f.editable && !f.primaryKey && f.type !== 'AutoField' && f.type !== 'BigAutoField' && !exclude.has(f.name) && !readonly.includes(f.name))
      .map((f) => f.name)
    return [...editable, ...readonly.filter((name) => !editable.includes(name))]
  }

  /** Django's `get_readonly_fields`. */
  async getReadonlyFields(request: Request, obj?: ModelInstance | null): Promise<readonly (string | DisplayFunction<M>)[]> {
    void request
    void obj
    return this.readonlyFields
  }

  /** Django's `get_exclude`. */
  async getExclude(request: Request, obj?: ModelInstance | null): Promise<readonly string[] | null> {
    void request
    void obj
    return this.exclude
  }

  /** Django's `get_prepopulated_fields`. */
  async getPrepopulatedFields(request: Request, obj?: ModelInstance | null): Promise<Readonly<Record<string, readonly string[]>>> {
    void request
    void obj
    return this.prepopulatedFields
  }

  /** Django's `get_ordering`: `ordering`, else the model's. */
  getOrdering(request: Request): readonly string[] {
    void request
    return this.ordering ?? this.opts.ordering
  }

  /**
   * The rows this admin may show to the request's user (Django's `get_queryset`): every row, in
   * {@link getOrdering} order. Override to narrow per user (read the user with
   * {@link adminUser}); every view and action starts here. Synchronous, as Django's: a QuerySet is
   * awaitable, so an `async` method would hand back its rows instead.
   */
  getQueryset(request: Request): QuerySet<M> {
    const qs = new QuerySet(this.model)
    const ordering = this.getOrdering(request)
    return ordering.length > 0 ? qs.orderBy(...ordering) : qs
  }
}

/**
 * The admin of one model (Django's `ModelAdmin`). Register it with `site.register(Model, options)` or
 * `site.register(Model, SubClass)`.
 */
export class ModelAdmin<M extends AnyModel = AnyModel> extends BaseModelAdmin<M> {
  /** Change list columns: field names (`author__name` spans relations), `'__str__'`, display functions or method names. */
  listDisplay: readonly (string | DisplayFunction<M>)[] = ['__str__']
  /** Columns linking to the change form (default the first column). */
  listDisplayLinks: readonly string[] | null = null
  /**
   * Filters in the change list's sidebar: field names, filter classes, or `[field, FieldListFilter
   * class]` pairs (`['author', RelatedOnlyFieldListFilter]`). A pair is also accepted as a plain
   * array, what TypeScript infers for `override listFilter = ['status', ['author', Cls]]` without
   * `as const`; the change list and `tango check` (admin.E115) check its shape.
   */
  listFilter: readonly (string | ListFilterClass | readonly [string, ListFilterClass] | readonly (string | ListFilterClass)[])[] = []
  /** `true`: `selectRelated()` on every foreign key shown; a list names the paths. */
  listSelectRelated: boolean | readonly string[] = false
  /** Rows per change list page. */
  listPerPage = 100
  /** "Show all" is offered up to this many rows. */
  listMaxShowAll = 200
  /** Columns edited in place on the change list. */
  listEditable: readonly string[] = []
  /** Fields searched by the change list's search box (`^` starts with, `=` exact, `@` full text). */
  searchFields: readonly string[] = []
  /** A hint under the search box. */
  searchHelpText: string | null = null
  /** A date field to drill down by year, month and day. */
  dateHierarchy: string | null = null
  /** The columns that may be sorted (default every sortable one). */
  sortableBy: readonly string[] | null = null
  /** Actions of the change list (the site's, such as "delete selected", are added); `null` turns actions off. */
  actions: readonly (AdminAction<M> | string)[] | null = []
  actionsOnTop = true
  actionsOnBottom = false
  actionsSelectionCounter = true
  /** Inline classes editing related rows on the change form. */
  inlines: readonly InlineClass[] = []
  /** "Save as new" on the change form. */
  saveAs = false
  /** After "save as new", go to the new row's change form (else the change list). */
  saveAsContinue = true
  /** The save buttons above the form too. */
  saveOnTop = false
  /** "View on site": `true` uses the object's `getAbsoluteUrl()`, a function gives the URL, `false` none. */
  viewOnSite: boolean | ((obj: OfModel<M, Row<M>>) => string | null) = true
  /** The text shown for empty values. */
  emptyValueDisplay = '-'
  changeListTemplate: string | null = null
  changeFormTemplate: string | null = null
  addFormTemplate: string | null = null
  deleteConfirmationTemplate: string | null = null
  objectHistoryTemplate: string | null = null
  deleteSelectedConfirmationTemplate: string | null = null

  /** Django's `has_module_permission`: any permission in the model's app. */
  async hasModulePermission(request: Request): Promise<boolean> {
    return hasModulePerms(await userOf(request), this.opts.appLabel)
  }

  /** Django's `get_list_display`. */
  getListDisplay(request: Request): readonly (string | DisplayFunction<M>)[] {
    void request
    return this.listDisplay
  }

  /** Django's `get_list_display_links`: `listDisplayLinks`, else the first column. */
  getListDisplayLinks(request: Request, listDisplay: readonly (string | DisplayFunction<M>)[]): readonly (string | DisplayFunction<M>)[] {
    void request
    if (this.listDisplayLinks !== null) return this.listDisplayLinks
    return listDisplay.slice(0, 1)
  }

  /** Django's `get_list_filter`. */
  getListFilter(request: Request): ModelAdmin<M>['listFilter'] {
    void request
    return this.listFilter
  }

  /** Django's `get_search_fields`. */
  getSearchFields(request: Request): readonly string[] {
    void request
    return this.searchFields
  }

  /** Django's `get_list_select_related`. */
  getListSelectRelated(request: Request): boolean | readonly string[] {
    void request
    return this.listSelectRelated
  }

  /** Django's `get_sortable_by`: `sortableBy`, else every column. */
  getSortableBy(request: Request): readonly (string | DisplayFunction<M>)[] {
    return this.sortableBy ?? this.getListDisplay(request)
  }

  /**
   * The rows matching the search `term` (Django's `get_search_results`), and whether they may repeat
   * (a search across a many-valued relation).
   */
  async getSearchResults(request: Request, queryset: QuerySet<M>, term: string): Promise<{ queryset: QuerySet<M>; mayHaveDuplicates: boolean }> {
    const found = searchQueryset(this.model, queryset, this.getSearchFields(request), term)
    return { queryset: found.queryset, mayHaveDuplicates: found.mayHaveDuplicates }
  }

  /**
   * The actions offered to this request's user (Django's `get_actions`): the site's (such as
   * `deleteSelected`), then this admin's, keeping those whose `permissions` the user has. Empty with
   * `actions: null` or in a popup.
   * @returns name → `{ func, name, description }`, in menu order.
   */
  async getActions(request: Request): Promise<Map<string, ActionEntry<M>>> {
    const out = new Map<string, ActionEntry<M>>()
    if (this.actions === null || request.query.has('_popup')) return out
    const candidates: [string, AdminAction<M>][] = []
    for (const [name, func] of this.site.actions) candidates.push([name, func as unknown as AdminAction<M>])
    for (const [index, entry] of this.actions.entries()) {
      if (typeof entry === 'string') {
        const own = (this as unknown as Record<string, unknown>)[entry]
        const func = typeof own === 'function' ? (own as AdminAction<M>) : (this.site.getAction(entry) as unknown as AdminAction<M> | undefined)
        if (func !== undefined) candidates.push([entry, func])
      } else {
        // An arrow function passed to action() has no name: a stable one from its position (the
        // form posts the name back, and the list is the same on every request).
        candidates.push([entry.name || `action_${index}`, entry])
      }
    }
    for (const [name, func] of candidates) {
      if (!(await this.#allowed(request, func.permissions ?? []))) continue
      const description = gettext(func.description ?? name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase())
        .replaceAll('%(verbose_name_plural)s', gettext(this.opts.verboseNamePlural))
        .replaceAll('%(verbose_name)s', gettext(this.opts.verboseName))
      out.set(name, { func, name, description })
    }
    return out
  }

  async #allowed(request: Request, permissions: readonly string[]): Promise<boolean> {
    for (const permission of permissions) {
      const hook = (this as unknown as Record<string, unknown>)[`has${permission.charAt(0).toUpperCase()}${permission.slice(1)}Permission`]
      if (typeof hook !== 'function') return false
      if (!(await (hook as (r: Request) => Promise<boolean>).call(this, request))) return false
    }
    return true
  }

  /**
   * The URL of one of this model's admin pages (reversed in the site's namespace).
   * @param kind - `changelist`, `add`, `change`, `delete` or `history`.
   * @param objectId - the primary key, for `change`, `delete` and `history`.
   * @throws `NoReverseMatch` when the site's URLs are not mounted.
   */
  urlFor(kind: AdminUrlKind, objectId?: unknown): string {
    const name = `${this.site.name}:${this.opts.appLabel}_${this.opts.name.toLowerCase()}_${kind}`
    return objectId === undefined ? reverse(name) : reverse(name, { objectId: String(objectId) })
  }

  /** This admin's URL patterns (Django's `get_urls`); the site mounts them under `<app>/<model>/`. */
  getUrls(): URLEntry[] {
    return this.site.modelUrls(this as unknown as ModelAdmin)
  }

  /**
   * The row with primary key `objectId` among {@link getQueryset}'s rows, or `null` (Django's
   * `get_object`): a malformed key is `null` too, never an error.
   */
  async getObject(request: Request, objectId: string): Promise<ModelInstance | null> {
    const pkField = this.opts.fields.find((f) => f.name === this.opts.pk)
    const integer = pkField !== undefined && /Auto|Integer/.test(pkField.type)
    if (integer && !/^-?\d+$/.test(objectId)) return null
    const qs = this.getQueryset(request).filter({ pk: integer ? Number(objectId) : objectId } as never)
    return (await qs.first()) as ModelInstance | null
  }

  /** A new, unsaved instance of the model. */
  newInstance(): ModelInstance {
    return new (this.model as unknown as Constructible)({})
  }

  /** The ModelForm class for the add/change form (Django's `get_form`). */
  async getForm(request: Request, obj: ModelInstance | null, options: { readonly fields?: readonly string[] } = {}): Promise<ModelFormClass> {
    return buildModelForm(this as unknown as ModelAdmin, request, obj, options.fields)
  }

  /** The inline admins of this model, for this request (Django's `get_inline_instances`): those the user may view, add, change or delete. */
  async getInlineInstances(request: Request, obj: ModelInstance | null = null): Promise<InlineModelAdmin[]> {
    const out: InlineModelAdmin[] = []
    for (const Inline of this.inlines) {
      // Every InlineClass is an InlineModelAdmin subclass (see InlineClass).
      const inline = new Inline(this.model, this.site) as InlineModelAdmin
      const may = (await inline.hasViewOrChangePermission(request, obj)) || (await inline.hasAddPermission(request, obj)) || (await inline.hasDeletePermission(request, obj))
      if (may) out.push(inline)
    }
    return out
  }

  /** Saves the object (Django's `save_model`). */
  async saveModel(request: Request, obj: ModelInstance, form: BaseModelForm, change: boolean): Promise<void> {
    void request
    void form
    void change
    await obj.save()
  }

  /**
   * What deleting `objs` would take along, for the confirmation pages (Django's
   * `get_deleted_objects`): the nested listing, the count per model, the models the user may not
   * delete, and the protected objects. Override it to add or hide entries.
   */
  async getDeletedObjects(objs: readonly ModelInstance[], request: Request): Promise<DeletedObjects> {
    return getDeletedObjects(objs, request, this.site)
  }

  /** Deletes the object (Django's `delete_model`), with its cascade. */
  async deleteModel(request: Request, obj: ModelInstance): Promise<void> {
    void request
    await obj.delete()
  }

  /** Deletes the rows (Django's `delete_queryset`, used by the "delete selected" action). */
  async deleteQueryset(request: Request, queryset: QuerySet<M>): Promise<void> {
    void request
    await queryset.delete()
  }

  /** Saves one inline formset (Django's `save_formset`). */
  async saveFormset(request: Request, form: BaseModelForm, formset: BaseModelFormSet, change: boolean): Promise<void> {
    void request
    void form
    void change
    await formset.save()
  }

  /** Saves the many-to-many values and the inline formsets after the object (Django's `save_related`). */
  async saveRelated(request: Request, form: BaseModelForm, formsets: readonly BaseModelFormSet[], change: boolean): Promise<void> {
    await form.saveM2m()
    for (const formset of formsets) await this.saveFormset(request, form, formset, change)
  }

  /** Django's `construct_change_message`. */
  constructChangeMessage(request: Request, form: BaseModelForm, formsets: readonly BaseModelFormSet[], add = false): ChangeMessage {
    void request
    return constructChangeMessage(form, formsets, add)
  }

  async #userId(request: Request): Promise<unknown> {
    return (await userOf(request)).pk
  }

  /** Logs an addition (Django's `log_addition`). */
  async logAddition(request: Request, obj: ModelInstance, message: ChangeMessage | string): Promise<void> {
    await logAction(await this.#userId(request), this.model, obj, ADDITION, message)
  }

  /** Logs a change (Django's `log_change`). */
  async logChange(request: Request, obj: ModelInstance, message: ChangeMessage | string): Promise<void> {
    await logAction(await this.#userId(request), this.model, obj, CHANGE, message)
  }

  /** Logs a deletion (Django's `log_deletion`); call it before deleting, while `obj.pk` is set, or pass `objectId`. */
  async logDeletion(request: Request, obj: ModelInstance, message: ChangeMessage | string = '', objectId?: unknown): Promise<void> {
    await logAction(await this.#userId(request), this.model, obj, DELETION, message, objectId)
  }

  /** Adds a message for the user's next page (Django's `message_user`; level default INFO). */
  messageUser(request: Request, message: string, level: number = INFO): void {
    addMessage(request, level, message, { failSilently: true })
  }

  /** The "View on site" URL of `obj`, or `null` (Django's `get_view_on_site_url`). */
  getViewOnSiteUrl(obj: ModelInstance | null): string | null {
    if (obj === null || this.viewOnSite === false) return null
    // The function takes this admin's rows; obj is one.
    if (typeof this.viewOnSite === 'function') return (this.viewOnSite as (o: ModelInstance) => string | null)(obj)
    const method = (obj as unknown as Record<string, unknown>).getAbsoluteUrl
    if (typeof method !== 'function') return null
    return reverse(`${this.site.name}:view_on_site`, { appLabel: this.opts.appLabel, modelName: this.opts.name.toLowerCase(), objectId: String(obj.pk) })
  }

  /**
   * Renders an admin page with the site's context (Django's `TemplateResponse` with `each_context`).
   * @param templates - candidates, first found wins (see {@link adminTemplates}).
   */
  async render(request: Request, templates: readonly string[], context: Record<string, unknown>, status = 200): Promise<Response> {
    return render(request, templates, { ...(await this.site.eachContext(request)), opts: this.opts, ...context }, { status })
  }

  /** `"Change book"` / `"Add book"` style titles, translated. */
  title(kind: 'add' | 'change' | 'view' | 'select'): string {
    const name = gettext(this.opts.verboseName)
    if (kind === 'add') return gettext('Add {name}').replace('{name}', name)
    if (kind === 'change') return gettext('Change {name}').replace('{name}', name)
    if (kind === 'view') return gettext('View {name}').replace('{name}', name)
    return gettext('Select {name} to change').replace('{name}', name)
  }
}

/** Options accepted by `site.register(Model, options)`: any `ModelAdmin` field or hook. */
export type ModelAdminOptions<M extends AnyModel = AnyModel> = Partial<Omit<ModelAdmin<M>, 'model' | 'site' | 'opts'>>

/**
 * An inline: the rows of a related model edited on the parent's change form (Django's
 * `InlineModelAdmin`), through the framework's inline formsets. Subclass {@link TabularInline} or
 * {@link StackedInline} and set `model`.
 */
export class InlineModelAdmin<M extends AnyModel = AnyModel> extends BaseModelAdmin<M> {
  /** The parent model (the one whose form shows this inline). */
  readonly parentModel: AnyModel
  /** The foreign key to the parent, when the model has several. */
  fkName: string | null = null
  /** Blank forms shown. */
  extra = 3
  /** At least this many forms must be filled in. */
  minNum: number | null = null
  /** At most this many rows. */
  maxNum: number | null = null
  /** Each row has a "Delete" checkbox. */
  canDelete = true
  /** A link to each row's own change form (when its model is registered). */
  showChangeLink = false
  /** The template (set by TabularInline / StackedInline). */
  template = 'admin/edit_inline/tabular.html'
  /** Default: the model's verbose name. */
  verboseName: string | null = null
  /** Default: the model's plural verbose name. */
  verboseNamePlural: string | null = null
  /** CSS classes of the inline's fieldset (`collapse`). */
  classes: readonly string[] = []

  /**
   * @param parentModel - the model of the change form.
   * @param site - the site.
   */
  constructor(parentModel: AnyModel, site: AdminSite) {
    // `static model = Review` on the class, or `override model = Review` as a field (set after this constructor).
    super((new.target as unknown as { model?: M }).model as M, site)
    this.parentModel = parentModel
  }

  /** The inline formset class (Django's `get_formset`). */
  async getFormset(request: Request, obj: ModelInstance | null): Promise<InlineFormsetClass> {
    return buildInlineFormset(this as unknown as InlineModelAdmin, request, obj)
  }

  /** Django's `get_extra`. */
  getExtra(request: Request, obj: ModelInstance | null): number {
    void request
    void obj
    return this.extra
  }

  /** Django's `get_min_num`. */
  getMinNum(request: Request, obj: ModelInstance | null): number | null {
    void request
    void obj
    return this.minNum
  }

  /** Django's `get_max_num`. */
  getMaxNum(request: Request, obj: ModelInstance | null): number | null {
    void request
    void obj
    return this.maxNum
  }

  /** The title of the inline's block. */
  get pluralName(): string {
    return this.verboseNamePlural ?? this.opts.verboseNamePlural
  }

  /** The name of one row. */
  get singularName(): string {
    return this.verboseName ?? this.opts.verboseName
  }

  /** The field names flattened (the form's columns for a tabular inline). */
  async getFieldNames(request: Request, obj: ModelInstance | null): Promise<string[]> {
    return flattenFieldsets(await this.getFieldsets(request, obj))
  }

  /** The formset of the last render (set by the change form view). */
  formset: BaseInlineFormSet | null = null
}

/** An inline shown as a table, one row per object (Django's `TabularInline`). */
export class TabularInline<M extends AnyModel = AnyModel> extends InlineModelAdmin<M> {
  override template = 'admin/edit_inline/tabular.html'
}

/** An inline shown as one fieldset per object (Django's `StackedInline`). */
export class StackedInline<M extends AnyModel = AnyModel> extends InlineModelAdmin<M> {
  override template = 'admin/edit_inline/stacked.html'
}

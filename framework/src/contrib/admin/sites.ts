/**
 * `AdminSite` (Django's `django.contrib.admin.sites.AdminSite`): the registry of ModelAdmins, the
 * site-wide views (index, app index, login, logout, password change, view on site) and the URLs.
 * `site` is the default instance; several sites can coexist, each with its own `name` (URL namespace).
 *
 * @module
 * @example
 * ```ts
 * // news/admin.ts
 * import { site } from 'tango/contrib/admin'
 * site.register(Article, { listDisplay: ['title', 'pubDate'], searchFields: ['title'] })
 * // urls.ts
 * export const urlpatterns = [path('admin/', include(site.urls))]
 * ```
 */
import { ImproperlyConfigured, apps, gettext, gettextLazy } from 'tango/core'
import type { AnyModel } from 'tango/db'
import { Http404, HttpResponseRedirect, redirect } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { include, path, reverse } from 'tango/urls'
import type { IncludeTarget, URLEntry, UrlModule } from 'tango/urls'
import type { ViewFunction } from 'tango/urls'
import { render } from 'tango/views'
import { redirectToLogin } from 'tango/contrib/auth'
import type { AuthenticationForm } from 'tango/contrib/auth'
import type { FormOptions } from 'tango/forms'
import { IS_POPUP_VAR } from './constants.ts'
import type { AdminAction } from './decorators.ts'
import { AlreadyRegistered, NotRegistered } from './errors.ts'
import { AdminAuthenticationForm } from './forms.ts'
import { ModelAdmin, userOf } from './options.ts'
import type { ModelAdminOptions } from './options.ts'
import { appIndexView, indexView } from './views/index.ts'
import { autocompleteView } from './views/autocomplete.ts'
import { changelistView } from './views/changelist.ts'
import { loginView } from './views/login.ts'
import { logoutView } from './views/logout.ts'
import { passwordChangeDoneView, passwordChangeView } from './views/password-change.ts'
import { addView, changeView, redirectToChangeView } from './views/change-form.ts'
import { deleteView } from './views/delete.ts'
import { historyView } from './views/history.ts'
import { viewOnSiteView } from './views/view-on-site.ts'

/** A ModelAdmin subclass, as `site.register(Model, ArticleAdmin)` takes it. */
export type ModelAdminClass<M extends AnyModel = AnyModel> = new (model: M, site: AdminSite) => ModelAdmin<M>

/** One model of the app list (Django's `_build_app_dict` entries). */
export interface AppListModel {
  readonly model: AnyModel
  readonly name: string
  readonly objectName: string
  readonly perms: { readonly add: boolean; readonly change: boolean; readonly delete: boolean; readonly view: boolean }
  readonly adminUrl: string | null
  readonly addUrl: string | null
  readonly viewOnly: boolean
}

/** One app of the app list. */
export interface AppListEntry {
  readonly name: string
  readonly appLabel: string
  readonly appUrl: string
  readonly hasModulePerms: boolean
  readonly models: readonly AppListModel[]
}

/** The login form class the site uses: built with the request. */
export type LoginFormClass = new (request: Request | null, options?: FormOptions) => AuthenticationForm

/** The "delete selected" action; its code lives with the change list (`actions.ts`), loaded when run. */
const deleteSelected: AdminAction = Object.assign(
  async (...args: Parameters<AdminAction>): Promise<Response | void> => {
    const { deleteSelected: run } = await import('./actions.ts')
    return (run as unknown as AdminAction)(...args)
  },
  { description: String(gettextLazy('Delete selected %(verbose_name_plural)s')), permissions: ['delete'] as const },
)

/** The response headers of Django's `never_cache`. */
function neverCache(response: Response): Response {
  response.headers.set('Cache-Control', 'max-age=0, no-cache, no-store, must-revalidate, private')
  response.headers.set('Expires', new Date(0).toUTCString())
  return response
}

/**
 * An admin site (Django's `AdminSite`). Options are fields: set them on an instance or in a subclass.
 */
export class AdminSite {
  /** The URL namespace (`'admin'` by default; another site needs another name). */
  readonly name: string
  /** Text at the end of each page's `<title>`. */
  siteTitle: string = gettext('Tango site admin')
  /** Text at the top of each page. */
  siteHeader: string = gettext('Tango administration')
  /** The index page's title. */
  indexTitle: string = gettext('Site administration')
  /** The "View site" link; `null` hides it. */
  siteUrl: string | null = '/'
  /** Show the app list as a sidebar on model pages. */
  enableNavSidebar = true
  /** The text shown for empty values on this site. */
  emptyValueDisplay = '-'
  /** The login form (Django's `login_form`): staff only. */
  loginForm: LoginFormClass = AdminAuthenticationForm
  indexTemplate: string | null = null
  appIndexTemplate: string | null = null
  loginTemplate: string | null = null
  logoutTemplate: string | null = null
  passwordChangeTemplate: string | null = null
  passwordChangeDoneTemplate: string | null = null
  readonly #registry = new Map<AnyModel, ModelAdmin>()
  readonly #actions = new Map<string, AdminAction>([['deleteSelected', deleteSelected]])

  /** @param name - the URL namespace; default `'admin'`. */
  constructor(name = 'admin') {
    this.name = name
  }

  /**
   * Registers models (Django's `register`): with no second argument a plain `ModelAdmin`, with an
   * object a `ModelAdmin` with those options, with a class an instance of it.
   * @throws {@link AlreadyRegistered} for a model already on this site.
   * @throws ImproperlyConfigured for an abstract model.
   */
  register<M extends AnyModel>(models: M | readonly M[], admin: ModelAdminOptions<M> | ModelAdminClass<M> = {}): void {
    for (const model of Array.isArray(models) ? (models as readonly M[]) : [models as M]) {
      if (model._meta.abstract) throw new ImproperlyConfigured(`The model ${model._meta.name} is abstract, so it cannot be registered with admin.`)
      if (this.#registry.has(model)) throw new AlreadyRegistered(`The model ${model._meta.name} is already registered with '${this.name}'.`)
      let instance: ModelAdmin
      if (typeof admin === 'function') instance = new admin(model, this) as unknown as ModelAdmin
      else instance = Object.assign(new ModelAdmin(model, this), admin) as unknown as ModelAdmin
      this.#registry.set(model, instance)
    }
  }

  /**
   * Removes models from the site (Django's `unregister`).
   * @throws {@link NotRegistered} for a model not registered here.
   */
  unregister(models: AnyModel | readonly AnyModel[]): void {
    for (const model of Array.isArray(models) ? (models as readonly AnyModel[]) : [models as AnyModel]) {
      if (!this.#registry.delete(model)) throw new NotRegistered(`The model ${model._meta.name} is not registered.`)
    }
  }

  /** Whether `model` is registered here (Django's `is_registered`). */
  isRegistered(model: AnyModel): boolean {
    return this.#registry.has(model)
  }

  /** The ModelAdmin of `model`, or `undefined`. */
  getModelAdmin(model: AnyModel): ModelAdmin | undefined {
    return this.#registry.get(model)
  }

  /** Every registered model and its admin, in registration order. */
  get registry(): ReadonlyMap<AnyModel, ModelAdmin> {
    return this.#registry
  }

  /** Adds a site-wide action, offered on every change list (Django's `add_action`). Default name: the function's name. */
  addAction(action: AdminAction, name: string = action.name): void {
    this.#actions.set(name, action)
  }

  /** Removes a site-wide action, e.g. `disableAction('deleteSelected')` (Django's `disable_action`). @throws NotRegistered for an unknown name. */
  disableAction(name: string): void {
    if (!this.#actions.delete(name)) throw new NotRegistered(`The action '${name}' is not registered.`)
  }

  /** A site-wide action by name (Django's `get_action`). */
  getAction(name: string): AdminAction | undefined {
    return this.#actions.get(name)
  }

  /** The site-wide actions, `[name, action]` in order. */
  get actions(): Iterable<[string, AdminAction]> {
    return this.#actions.entries()
  }

  /** Whether the request's user may use the admin at all (Django's `has_permission`): active staff. */
  async hasPermission(request: Request): Promise<boolean> {
    const user = await userOf(request)
    return user.isActive && user.isStaff
  }

  /**
   * Wraps an admin view (Django's `admin_view`): users who may not use the admin are sent to the
   * login page with `next`; responses are never cached.
   */
  adminView<P>(view: (request: Request, params: P) => Promise<Response> | Response, options: { readonly cacheable?: boolean } = {}): ViewFunction<P> {
    return async (request: Request, params: P) => {
      if (!(await this.hasPermission(request))) {
        const full = request.queryString === '' ? request.path : `${request.path}?${request.queryString}`
        return redirectToLogin(full, { loginUrl: reverse(`${this.name}:login`) })
      }
      const response = await view(request, params)
      return options.cacheable === true ? response : neverCache(response)
    }
  }

  /** The URL patterns of one ModelAdmin (mounted under `<app>/<model>/`). */
  modelUrls(admin: ModelAdmin): URLEntry[] {
    const info = `${admin.opts.appLabel}_${admin.opts.name.toLowerCase()}`
    const wrap = <P>(view: (request: Request, params: P) => Promise<Response>): ViewFunction<P> => this.adminView(view)
    return [
      path('', wrap((request: Request) => changelistView(admin, request)), { name: `${info}_changelist` }),
      path('add/', wrap((request: Request) => addView(admin, request)), { name: `${info}_add` }),
      path('<path:objectId>/history/', wrap((request: Request, { objectId }: { objectId: string }) => historyView(admin, request, objectId)), { name: `${info}_history` }),
      path('<path:objectId>/delete/', wrap((request: Request, { objectId }: { objectId: string }) => deleteView(admin, request, objectId)), { name: `${info}_delete` }),
      path('<path:objectId>/change/', wrap((request: Request, { objectId }: { objectId: string }) => changeView(admin, request, objectId)), { name: `${info}_change` }),
      path('<path:objectId>/', wrap((request: Request, { objectId }: { objectId: string }) => Promise.resolve(redirectToChangeView(admin, objectId)))),
    ]
  }

  /** The site's URL patterns (Django's `get_urls`). */
  getUrls(): URLEntry[] {
    const wrap = <P>(view: (request: Request, params: P) => Promise<Response> | Response, cacheable = false): ViewFunction<P> => this.adminView(view, { cacheable })
    const urls: URLEntry[] = [
      path('', wrap((request: Request) => indexView(this, request)), { name: 'index' }),
      path('login/', (request: Request) => loginView(this, request), { name: 'login' }),
      path('logout/', wrap((request: Request) => logoutView(this, request)), { name: 'logout' }),
      path('password_change/', wrap((request: Request) => passwordChangeView(this, request), true), { name: 'password_change' }),
      path('password_change/done/', wrap((request: Request) => passwordChangeDoneView(this, request), true), { name: 'password_change_done' }),
      path('autocomplete/', wrap((request: Request) => autocompleteView(this, request)), { name: 'autocomplete' }),
      path('r/<str:appLabel>/<str:modelName>/<path:objectId>/', wrap((request: Request, params: { appLabel: string; modelName: string; objectId: string }) => viewOnSiteView(this, request, params)), { name: 'view_on_site' }),
    ]
    const labels = new Set<string>()
    for (const [model, admin] of this.#registry) {
      urls.push(path(`${model._meta.appLabel}/${model._meta.name.toLowerCase()}/`, include(admin.getUrls())))
      labels.add(model._meta.appLabel)
    }
    if (labels.size > 0) {
      // Only the apps with registered models have an index page (Django's `app_list` regex).
      urls.push(path('<str:appLabel>/', wrap((request: Request, { appLabel }: { appLabel: string }) => {
        if (!labels.has(appLabel)) return notFound(request)
        return appIndexView(this, request, appLabel)
      }), { name: 'app_list' }))
    }
    return urls
  }

  /**
   * What `include()` takes: the site's URLs in the application namespace `admin` and the instance
   * namespace {@link name}. `path('admin/', include(site.urls))`, or `path('other/', otherSite.urls)`.
   */
  get urls(): IncludeTarget & UrlModule {
    return Object.freeze({ kind: 'IncludeTarget' as const, urlpatterns: Object.freeze(this.getUrls()), appName: 'admin', namespace: this.name })
  }

  /**
   * The variables every admin page gets (Django's `each_context`): `siteTitle`, `siteHeader`,
   * `siteUrl`, `hasPermission`, `availableApps`, `isPopup`, `isNavSidebarEnabled`, and `adminSite` (this site's `name`, for `url()` calls).
   */
  async eachContext(request: Request): Promise<Record<string, unknown>> {
    const hasPermission = await this.hasPermission(request)
    const user = await userOf(request)
    return {
      userDisplay: hasPermission ? String((user as unknown as Record<string, unknown>).firstName || (user as unknown as Record<string, unknown>).username || '') : '',
      siteTitle: gettext(this.siteTitle),
      siteHeader: gettext(this.siteHeader),
      siteUrl: this.siteUrl,
      hasPermission,
      availableApps: hasPermission ? await this.getAppList(request) : [],
      isPopup: false,
      isNavSidebarEnabled: this.enableNavSidebar,
      adminSite: this.name,
      currentApp: this.name,
    }
  }

  /**
   * The apps and models the request's user may see (Django's `get_app_list`): per model the
   * permissions and URLs; apps sorted by name, models by name.
   * @param appLabel - only this app.
   */
  async getAppList(request: Request, appLabel: string | null = null): Promise<AppListEntry[]> {
    const byApp = new Map<string, AppListModel[]>()
    const names = new Map<string, string>()
    for (const [model, admin] of this.#registry) {
      const label = model._meta.appLabel
      if (appLabel !== null && label !== appLabel) continue
      if (!(await admin.hasModulePermission(request))) continue
      const perms = {
        add: await admin.hasAddPermission(request),
        change: await admin.hasChangePermission(request),
        delete: await admin.hasDeletePermission(request),
        view: await admin.hasViewPermission(request),
      }
      if (!Object.values(perms).some(Boolean)) continue
      const entry: AppListModel = {
        model,
        name: capfirst(gettext(model._meta.verboseNamePlural)),
        objectName: model._meta.name,
        perms,
        adminUrl: perms.change || perms.view ? admin.urlFor('changelist') : null,
        addUrl: perms.add ? admin.urlFor('add') : null,
        viewOnly: !perms.change,
      }
      const list = byApp.get(label) ?? []
      list.push(entry)
      byApp.set(label, list)
      names.set(label, gettext(apps.get(label)?.verboseName ?? label))
    }
    return [...byApp.entries()]
      .map(([label, models]) => ({
        name: names.get(label) ?? label,
        appLabel: label,
        appUrl: reverse(`${this.name}:app_list`, { appLabel: label }),
        hasModulePerms: true,
        models: models.sort((a, b) => a.name.localeCompare(b.name)),
      }))
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  /** The site's URL of `name` (`index`, `login` ...), reversed in its namespace. */
  url(name: string, params: Readonly<Record<string, string>> = {}): string {
    return reverse(`${this.name}:${name}`, params)
  }

  /** A redirect to the site's index. */
  redirectToIndex(): HttpResponseRedirect {
    return redirect(this.url('index'))
  }
}

function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function notFound(request: Request): never {
  void request
  throw new Http404()
}

/** The default admin site (Django's `admin.site`). */
export const site = new AdminSite()

/** Renders a site-level page (index, login ...) with the site's context. @internal */
export async function renderSitePage(adminSite: AdminSite, request: Request, templates: readonly string[], context: Record<string, unknown>): Promise<Response> {
  return render(request, templates, { ...(await adminSite.eachContext(request)), ...context })
}

/** Whether the request comes from a popup window (Django's `IS_POPUP_VAR`). @internal */
export function isPopup(request: Request): boolean {
  return request.query.has(IS_POPUP_VAR)
}

/**
 * Access mixins for class-based views (Django's `django.contrib.auth.mixins`): `LoginRequiredMixin`,
 * `PermissionRequiredMixin`, `UserPassesTestMixin`, each a function of the view class it extends:
 *
 * ```ts
 * class Dashboard extends LoginRequiredMixin(TemplateView) { override templateName = 'dashboard.html' }
 * class Drafts extends PermissionRequiredMixin(ListView<ArticleRow>) { override permissionRequired = 'news.change_article' }
 * ```
 *
 * Put the mixin outermost (leftmost), as in Django, so its check runs before the view's own
 * `dispatch`. They need `AuthenticationMiddleware`.
 *
 * @module
 */
import { ImproperlyConfigured } from 'tango/core'
import { PermissionDenied } from 'tango/http'
import type { Request, Response } from 'tango/http'
import type { View, ViewParams } from 'tango/views'
import { getUser } from './api.ts'
import { fullPath, loginUrl, REDIRECT_FIELD_NAME, redirectToLogin } from './decorators.ts'
import { hasPerms, isAuthenticated } from './permissions.ts'

/**
 * A view class a mixin can extend. TypeScript's mixin rule (TS2545) requires exactly this
 * constructor shape with `any[]`; the classes made keep their base's real constructor type.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TS2545: a mixin base must be `new (...args: any[]) => T`
export type ViewClass<T extends View = View> = new (...args: any[]) => T

/**
 * Django's `AccessMixin`: what happens when a check fails. `handleNoPermission()` raises
 * `PermissionDenied` (403) when `raiseException` is set or the user is logged in (a login would not
 * help), else redirects to `loginUrl` (default `settings.LOGIN_URL`) with `?next=<this path>`.
 */
export function AccessMixin<B extends ViewClass>(Base: B) {
  class Access extends Base {
    /** Where anonymous users are sent; `null` means `settings.LOGIN_URL`. */
    loginUrl: string | null = null
    /** The query parameter carrying the path to come back to (Django's `redirect_field_name`). */
    redirectFieldName: string = REDIRECT_FIELD_NAME
    /** Answer 403 instead of redirecting anonymous users. */
    raiseException = false
    /** The message of the `PermissionDenied` raised (Django's `permission_denied_message`). */
    permissionDeniedMessage = ''

    /**
     * Refuses the request: 403 or a redirect to the login page (see {@link AccessMixin}).
     * @throws PermissionDenied - with `raiseException`, or for a logged-in user.
     */
    async handleNoPermission(request: Request): Promise<Response> {
      if (this.raiseException || isAuthenticated(await getUser(request))) throw new PermissionDenied(this.permissionDeniedMessage || undefined)
      return redirectToLogin(fullPath(request), { loginUrl: this.loginUrl ?? loginUrl(), redirectFieldName: this.redirectFieldName })
    }
  }
  return Access
}

/** Lets only logged-in users through (Django's `LoginRequiredMixin`); others get {@link AccessMixin}'s answer. */
export function LoginRequiredMixin<B extends ViewClass>(Base: B) {
  class LoginRequired extends AccessMixin(Base) {
    override async dispatch(request: Request, params: ViewParams): Promise<Response> {
      if (!isAuthenticated(await getUser(request))) return this.handleNoPermission(request)
      return super.dispatch(request, params)
    }
  }
  return LoginRequired
}

/**
 * Lets through only users with every permission in `permissionRequired` (Django's
 * `PermissionRequiredMixin`); others get {@link AccessMixin}'s answer (a logged-in user without the
 * permission gets 403).
 */
export function PermissionRequiredMixin<B extends ViewClass>(Base: B) {
  class PermissionRequired extends AccessMixin(Base) {
    /** `'app.codename'` or a list of them, all required. */
    permissionRequired: string | readonly string[] | null = null

    /**
     * The permissions to check.
     * @throws ImproperlyConfigured - `permissionRequired` was not set.
     */
    getPermissionRequired(): readonly string[] {
      if (this.permissionRequired === null) {
        throw new ImproperlyConfigured(`${this.constructor.name} is missing the permissionRequired attribute. Define it, or override getPermissionRequired().`)
      }
      return typeof this.permissionRequired === 'string' ? [this.permissionRequired] : this.permissionRequired
    }

    /** Whether the request's user has every required permission (Django's `has_permission`). */
    async hasPermission(request: Request): Promise<boolean> {
      return hasPerms(await getUser(request), this.getPermissionRequired())
    }

    override async dispatch(request: Request, params: ViewParams): Promise<Response> {
      if (!(await this.hasPermission(request))) return this.handleNoPermission(request)
      return super.dispatch(request, params)
    }
  }
  return PermissionRequired
}

/**
 * Lets through requests for which `testFunc()` is true (Django's `UserPassesTestMixin`); override
 * `testFunc` (it may be async and read `this.request`). Others get {@link AccessMixin}'s answer.
 */
export function UserPassesTestMixin<B extends ViewClass>(Base: B) {
  class UserPassesTest extends AccessMixin(Base) {
    /**
     * The test; override it.
     * @throws ImproperlyConfigured - when not overridden.
     */
    testFunc(): boolean | Promise<boolean> {
      throw new ImproperlyConfigured(`${this.constructor.name} is missing the implementation of the testFunc() method.`)
    }

    override async dispatch(request: Request, params: ViewParams): Promise<Response> {
      if (!(await this.testFunc())) return this.handleNoPermission(request)
      return super.dispatch(request, params)
    }
  }
  return UserPassesTest
}

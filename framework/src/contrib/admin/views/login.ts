/**
 * The admin's login page (Django's `AdminSite.login`): staff only, through the site's `loginForm`
 * (an `AdminAuthenticationForm`). A user already allowed in goes straight to the index.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { redirect, urlHasAllowedHostAndScheme } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { REDIRECT_FIELD_NAME, isAuthenticated, login } from 'tango/contrib/auth'
import { userOf } from '../options.ts'
import type { AdminSite } from '../sites.ts'
import { renderSitePage } from '../sites.ts'

/** The login view: GET renders the form, POST logs a staff user in and redirects to a safe `next` or the index. */
export async function loginView(site: AdminSite, request: Request): Promise<Response> {
  const data = request.method === 'POST' ? await request.form() : null
  const rawNext = data?.get(REDIRECT_FIELD_NAME) ?? request.query.get(REDIRECT_FIELD_NAME)
  const next = urlHasAllowedHostAndScheme(rawNext, [request.getHost()], request.isSecure()) ? rawNext : null
  if (request.method === 'GET' && (await site.hasPermission(request))) return redirect(next ?? site.url('index'))
  const form = data === null ? new site.loginForm(request) : new site.loginForm(request, { data })
  if (data !== null && (await form.isValid())) {
    const user = form.getUser()
    if (user !== null) {
      await login(request, user)
      return redirect(next ?? site.url('index'))
    }
  }
  const current = await userOf(request)
  return renderSitePage(site, request, [...(site.loginTemplate === null ? [] : [site.loginTemplate]), 'admin/login.html'], {
    title: gettext('Log in'),
    subtitle: null,
    form,
    next: next ?? site.url('index'),
    redirectFieldName: REDIRECT_FIELD_NAME,
    // Django's "You are authenticated as X, but are not authorized to access this page."
    authenticatedAs: isAuthenticated(current) ? String((current as unknown as Record<string, unknown>).username ?? '') : null,
  })
}

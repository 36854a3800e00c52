/**
 * The admin's logout (Django's `AdminSite.logout`): POST only (a GET is 405, as Django 5), then the
 * "logged out" page.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { HttpResponse } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { logout } from 'tango/contrib/auth'
import type { AdminSite } from '../sites.ts'
import { renderSitePage } from '../sites.ts'

/** Logs out on POST and renders `admin/logged_out.html`; other methods get 405 with `Allow: POST`. */
export async function logoutView(site: AdminSite, request: Request): Promise<Response> {
  if (request.method !== 'POST') return new HttpResponse('', { status: 405, headers: { Allow: 'POST' } })
  await logout(request)
  return renderSitePage(site, request, [...(site.logoutTemplate === null ? [] : [site.logoutTemplate]), 'admin/logged_out.html'], {
    title: gettext('Logged out'),
    subtitle: null,
    hasPermission: false,
    availableApps: [],
  })
}

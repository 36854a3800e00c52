/**
 * "View on site" (Django's `contenttypes.views.shortcut`, mounted by the admin as `r/<app>/<model>/<id>/`):
 * redirects to the object's `getAbsoluteUrl()` (or the ModelAdmin's `viewOnSite` function).
 *
 * @module
 */
import { gettext } from 'tango/core'
import { Http404, PermissionDenied, redirect } from 'tango/http'
import type { Request, Response } from 'tango/http'
import type { AdminSite } from '../sites.ts'

/**
 * Redirects to the object's public URL.
 * @throws Http404 for an unknown model or object, or one without a URL; PermissionDenied without the view permission.
 */
export async function viewOnSiteView(site: AdminSite, request: Request, params: { appLabel: string; modelName: string; objectId: string }): Promise<Response> {
  const admin = [...site.registry.values()].find((a) => a.opts.appLabel === params.appLabel && a.opts.name.toLowerCase() === params.modelName)
  if (admin === undefined) throw new Http404(gettext('Content type {id} object has no associated model').replace('{id}', `${params.appLabel}.${params.modelName}`))
  if (!(await admin.hasViewOrChangePermission(request))) throw new PermissionDenied()
  const obj = await admin.getObject(request, params.objectId)
  if (obj === null) throw new Http404(gettext('Content type {ct} object {id} doesn’t exist').replace('{ct}', admin.opts.name).replace('{id}', params.objectId))
  const url = typeof admin.viewOnSite === 'function'
    ? (admin.viewOnSite as (o: unknown) => string | null)(obj)
    : typeof (obj as unknown as { getAbsoluteUrl?: unknown }).getAbsoluteUrl === 'function'
      ? String((obj as unknown as { getAbsoluteUrl(): unknown }).getAbsoluteUrl())
      : null
  if (url === null) throw new Http404(gettext('{name} objects don’t have a get_absolute_url() method').replace('{name}', admin.opts.name))
  return redirect(url)
}

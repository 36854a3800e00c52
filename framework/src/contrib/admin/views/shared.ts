/**
 * What the object views share: the "does not exist" redirect (Django's
 * `_get_obj_does_not_exist_redirect`) and the redirect after a save or a deletion.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { redirect } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { WARNING } from 'tango/contrib/messages'
import type { ModelAdmin } from '../options.ts'

/**
 * "Book with ID “7” doesn’t exist. Perhaps it was deleted?" as a warning, then the change list (or the
 * index for a user who may not see it).
 */
export async function objectDoesNotExistRedirect(admin: ModelAdmin, request: Request, objectId: string): Promise<Response> {
  const name = capfirst(gettext(admin.opts.verboseName))
  admin.messageUser(request, gettext('{name} with ID “{key}” doesn’t exist. Perhaps it was deleted?').replace('{name}', name).replace('{key}', objectId), WARNING)
  return redirect((await admin.hasViewOrChangePermission(request)) ? admin.urlFor('changelist') : admin.site.url('index'))
}

/**
 * The change list when the user may see it, else the index (Django's `_response_post_save`). The
 * list's search, filters, ordering and page come back from `_changelist_filters`, which the change
 * list puts on its links to change pages (Django's `preserve_filters`).
 */
export async function postSaveRedirect(admin: ModelAdmin, request: Request): Promise<Response> {
  if (!(await admin.hasViewOrChangePermission(request))) return redirect(admin.site.url('index'))
  const filters = request.query.get('_changelist_filters') ?? ''
  return redirect(filters ? `${admin.urlFor('changelist')}?${filters}` : admin.urlFor('changelist'))
}

/** `"book"` → `"Book"`. */
export function capfirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all)
}

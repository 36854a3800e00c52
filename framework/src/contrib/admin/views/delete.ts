/**
 * The delete confirmation (Django's `ModelAdmin.delete_view` and `admin.utils.get_deleted_objects`):
 * lists, as a nested list, every object the cascade will remove under the object whose deletion
 * takes it along, with a summary per model; refuses with every protected object when `PROTECT` (or
 * `RESTRICT`) blocks the deletion, or names the models the user may not delete; a POST deletes,
 * logs the deletion and goes back to the change list (in a popup window, hands the deleted key to
 * the opener instead).
 *
 * @module
 */
import { gettext } from 'tango/core'
import { ProtectedError, RestrictedError } from 'tango/db'
import { PermissionDenied } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { SUCCESS } from 'tango/contrib/messages'
import { adminTemplates } from '../options.ts'
import type { ModelAdmin } from '../options.ts'
import { getToField, isPopupRequest, popupResponse, popupValue } from '../popups.ts'
import { unorderedList } from '../deleted-objects.ts'
import { fill, objectDoesNotExistRedirect, postSaveRedirect } from './shared.ts'

/**
 * The delete view.
 * @throws DisallowedModelAdminToField (400) for a `_to_field` that is not the primary key.
 * @throws PermissionDenied without the delete permission (before the object is looked up, so nothing
 *   leaks), or on a confirming POST when the cascade reaches models the user may not delete.
 */
export async function deleteView(admin: ModelAdmin, request: Request, objectId: string): Promise<Response> {
  const data = request.method === 'POST' ? await request.form() : null
  const toField = getToField(admin, request, data)
  if (!(await admin.hasDeletePermission(request))) throw new PermissionDenied()
  const obj = await admin.getObject(request, objectId)
  if (obj === null) return objectDoesNotExistRedirect(admin, request, objectId)
  if (!(await admin.hasDeletePermission(request, obj))) throw new PermissionDenied()
  let summary = await admin.getDeletedObjects([obj], request)
  if (request.method === 'POST' && summary.protected.length === 0) {
    if (summary.permsNeeded.length > 0) throw new PermissionDenied()
    const repr = String(obj)
    const pk = obj.pk
    const value = popupValue(obj, toField)
    try {
      await admin.logDeletion(request, obj, repr, pk)
      await admin.deleteModel(request, obj)
      // Django's response_delete: the opener drops the option of this key.
      if (isPopupRequest(request, data)) return await popupResponse(admin, request, { action: 'delete', value })
      admin.messageUser(request, fill(gettext('The {name} “{obj}” was deleted successfully.'), { name: gettext(admin.opts.verboseName), obj: repr }), SUCCESS)
      return postSaveRedirect(admin, request)
    } catch (error) {
      // A protecting row added since the page was shown: show the refusal with it.
      if (!(error instanceof ProtectedError) && !(error instanceof RestrictedError)) throw error
      summary = await admin.getDeletedObjects([obj], request)
    }
  }
  const name = gettext(admin.opts.verboseName)
  return admin.render(request, adminTemplates(admin.opts, 'delete_confirmation.html', admin.deleteConfirmationTemplate), {
    title: gettext('Are you sure?'),
    subtitle: null,
    objectName: name,
    object: obj,
    objectText: String(obj),
    deletedObjects: summary.deletedObjects,
    unorderedList,
    modelCount: summary.modelCount,
    permsNeeded: summary.permsNeeded,
    protected: summary.protected,
    changelistUrl: (await admin.hasViewOrChangePermission(request)) ? admin.urlFor('changelist') : null,
    changeUrl: admin.urlFor('change', obj.pk),
    appLabel: admin.opts.appLabel,
    isPopup: isPopupRequest(request, data),
    toField,
  })
}

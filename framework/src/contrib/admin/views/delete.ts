/**
 * The delete confirmation (Django's `ModelAdmin.delete_view`): lists every object the cascade will
 * remove (from the ORM's deletion `Collector`), refuses with the list of protected objects when a
 * `PROTECT` foreign key blocks the deletion, or names the models the user may not delete; a POST
 * deletes, logs the deletion and goes back to the change list.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { Collector, ProtectedError, RestrictedError } from 'tango/db'
import type { AnyModel, ModelInstance } from 'tango/db'
import { PermissionDenied } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { SUCCESS } from 'tango/contrib/messages'
import { adminTemplates } from '../options.ts'
import type { ModelAdmin } from '../options.ts'
import type { AdminSite } from '../sites.ts'
import { capfirst, fill, objectDoesNotExistRedirect, postSaveRedirect } from './shared.ts'

/** One object of a deletion summary: `"Review: Ada (5)"`, with a link to its change page when the user may open it. */
export interface DeletedObject {
  readonly text: string
  readonly url: string | null
}

/** What {@link getDeletedObjects} finds (Django's `get_deleted_objects`). */
export interface DeletedObjects {
  /** Every object that would be deleted, the given ones first. */
  readonly toDelete: readonly DeletedObject[]
  /** Plural verbose name → count, for the summary. */
  readonly modelCount: readonly { readonly name: string; readonly count: number }[]
  /** Verbose names of models the user may not delete (the deletion is refused). */
  readonly permsNeeded: readonly string[]
  /** Objects that block the deletion through a PROTECT (or RESTRICT) foreign key. */
  readonly protected: readonly DeletedObject[]
}

async function describe(site: AdminSite, request: Request, model: AnyModel, obj: object): Promise<DeletedObject> {
  const text = `${capfirst(gettext(model._meta.verboseName))}: ${String(obj)}`
  const admin = site.getModelAdmin(model)
  if (admin === undefined || !(await admin.hasChangePermission(request, obj as ModelInstance))) return { text, url: null }
  return { text, url: admin.urlFor('change', (obj as ModelInstance).pk) }
}

/**
 * Collects what deleting `objs` would remove, as Django's `get_deleted_objects`.
 * @param objs - the instances of `model` to delete.
 */
export async function getDeletedObjects(objs: readonly ModelInstance[], request: Request, admin: ModelAdmin): Promise<DeletedObjects> {
  const collector = new Collector()
  const blocked: DeletedObject[] = []
  try {
    await collector.collect(admin.model, objs)
    // RESTRICT is only decided at delete time; collect() alone cannot tell, so it is left to the POST.
  } catch (error) {
    if (!(error instanceof ProtectedError)) throw error
    for (const obj of error.protectedObjects) {
      const model = (obj as { constructor: AnyModel }).constructor
      blocked.push(await describe(admin.site, request, model, obj as object))
    }
  }
  const toDelete: DeletedObject[] = []
  const modelCount: { name: string; count: number }[] = []
  const permsNeeded = new Set<string>()
  for (const { model: collectedModel, objects } of collector.collected()) {
    // The Collector's model classes are the registered models.
    const model = collectedModel as unknown as AnyModel
    modelCount.push({ name: capfirst(gettext(model._meta.verboseNamePlural)), count: objects.length })
    const other = admin.site.getModelAdmin(model)
    if (other !== undefined && !(await other.hasDeletePermission(request))) permsNeeded.add(gettext(model._meta.verboseName))
    for (const obj of objects) toDelete.push(await describe(admin.site, request, model, obj))
  }
  return { toDelete, modelCount, permsNeeded: [...permsNeeded], protected: blocked }
}

/**
 * The delete view.
 * @throws PermissionDenied without the delete permission (before the object is looked up, so nothing leaks).
 */
export async function deleteView(admin: ModelAdmin, request: Request, objectId: string): Promise<Response> {
  if (!(await admin.hasDeletePermission(request))) throw new PermissionDenied()
  const obj = await admin.getObject(request, objectId)
  if (obj === null) return objectDoesNotExistRedirect(admin, request, objectId)
  if (!(await admin.hasDeletePermission(request, obj))) throw new PermissionDenied()
  const summary = await getDeletedObjects([obj], request, admin)
  const refused = summary.protected.length > 0 || summary.permsNeeded.length > 0
  let protectedList = summary.protected
  if (request.method === 'POST' && !refused) {
    const repr = String(obj)
    const pk = obj.pk
    try {
      await admin.logDeletion(request, obj, repr, pk)
      await admin.deleteModel(request, obj)
      admin.messageUser(request, fill(gettext('The {name} “{obj}” was deleted successfully.'), { name: gettext(admin.opts.verboseName), obj: repr }), SUCCESS)
      return postSaveRedirect(admin, request)
    } catch (error) {
      if (!(error instanceof RestrictedError)) throw error
      protectedList = await Promise.all(error.restrictedObjects.map((o) => describe(admin.site, request, (o as { constructor: AnyModel }).constructor, o as object)))
    }
  }
  const name = gettext(admin.opts.verboseName)
  return admin.render(request, adminTemplates(admin.opts, 'delete_confirmation.html', admin.deleteConfirmationTemplate), {
    title: gettext('Are you sure?'),
    subtitle: null,
    objectName: name,
    object: obj,
    objectText: String(obj),
    deletedObjects: summary.toDelete,
    modelCount: summary.modelCount,
    permsNeeded: summary.permsNeeded,
    protected: protectedList,
    changelistUrl: (await admin.hasViewOrChangePermission(request)) ? admin.urlFor('changelist') : null,
    changeUrl: admin.urlFor('change', obj.pk),
    appLabel: admin.opts.appLabel,
  })
}

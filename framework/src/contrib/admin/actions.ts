/**
 * Change list actions (Django's `django.contrib.admin.actions` and `ModelAdmin.response_action`):
 * the built-in {@link deleteSelected} (the site's action, with its confirmation page listing the
 * whole cascade) and {@link responseAction}, which runs the action chosen in the action bar on the
 * selected rows, or on every filtered row with "Select all N" (`select_across=1`).
 *
 * @module
 */
import { gettext, ngettext, override } from 'tango/core'
import { Q } from 'tango/db'
import type { AnyModel, ModelInstance, QuerySet } from 'tango/db'
import { HttpResponseRedirect, PermissionDenied } from 'tango/http'
import type { QueryDict, Request, Response } from 'tango/http'
import { SUCCESS, WARNING } from 'tango/contrib/messages'
import { formatMessage } from 'tango/forms'
import { unorderedList } from './deleted-objects.ts'
import { action } from './decorators.ts'
import { adminTemplates } from './options.ts'
import type { ModelAdmin } from './options.ts'

/** The name of the row checkboxes (Django's `ACTION_CHECKBOX_NAME`). */
export const ACTION_CHECKBOX_NAME = '_selected_action'

/** The path and query string of `request` (Django's `get_full_path`). */
export function fullPath(request: Request): string {
  return request.queryString ? `${request.rawPath}?${request.queryString}` : request.rawPath
}

/** `"1 book"` / `"3 books"`: the model's verbose name for `n` (Django's `model_ngettext`). */
export function modelNgettext(admin: ModelAdmin, n: number): string {
  return ngettext(admin.opts.verboseName, admin.opts.verboseNamePlural, n)
}

/**
 * Deletes the selected rows after a confirmation page (Django's `delete_selected`). The page lists
 * every object the cascade removes, nested under each selected row; a `PROTECT` relation, or a model in the cascade the user may
 * not delete, makes it a refusal ("Cannot delete ..."). Confirmed (`post=yes`), it logs one
 * deletion per row, deletes through `modelAdmin.deleteQueryset` and says "Successfully deleted N books.".
 * @throws PermissionDenied when confirmed although the cascade reaches models the user may not delete.
 */
export const deleteSelected = action(
  // The source text (this module may load during a request): the actions menu translates it.
  { description: override(null, () => gettext('Delete selected %(verbose_name_plural)s')), permissions: ['delete'] },
  async function deleteSelected(modelAdmin: ModelAdmin, request: Request, queryset: QuerySet<AnyModel>): Promise<Response | void> {
    const objs = (await queryset) as ModelInstance[]
    const { deletedObjects, modelCount, permsNeeded, protected: protectedObjs } = await modelAdmin.getDeletedObjects(objs, request)
    const form = await request.form()
    if (form.get('post') && !protectedObjs.length) {
      if (permsNeeded.length) throw new PermissionDenied()
      const n = objs.length
      if (n) {
        for (const obj of objs) await modelAdmin.logDeletion(request, obj, '', obj.pk)
        await modelAdmin.deleteQueryset(request, queryset)
        modelAdmin.messageUser(request, formatMessage(gettext('Successfully deleted {count} {items}.'), { count: n, items: modelNgettext(modelAdmin, n) }), SUCCESS)
      }
      return
    }
    const objectsName = modelNgettext(modelAdmin, objs.length)
    const title = permsNeeded.length || protectedObjs.length
      ? formatMessage(gettext('Cannot delete {name}'), { name: objectsName })
      : gettext('Delete multiple objects')
    return modelAdmin.render(request, adminTemplates(modelAdmin.opts, 'delete_selected_confirmation.html', modelAdmin.deleteSelectedConfirmationTemplate), {
      title,
      subtitle: null,
      objectsName,
      deletableObjects: deletedObjects,
      unorderedList,
      modelCount,
      queryset: objs,
      permsLacking: permsNeeded,
      protected: protectedObjs,
      actionCheckboxName: ACTION_CHECKBOX_NAME,
      actionName: 'deleteSelected',
      changelistUrl: modelAdmin.urlFor('changelist'),
    })
  },
)

/**
 * Runs the action chosen in the action bar (Django's `response_action`). `index` says which of
 * the bars (top 0, bottom 1) was used; without rows selected (and without `select_across`) it
 * only warns. The action runs on the selected rows of `queryset` (the filtered rows of the change
 * list), or on all of them with `select_across=1`.
 * @returns the action's response, a redirect back to the change list after it, or `null` when
 *   nothing ran (a message says why).
 */
export async function responseAction(modelAdmin: ModelAdmin, request: Request, data: QueryDict, queryset: QuerySet<AnyModel>): Promise<Response | null> {
  const index = Number.parseInt(data.get('index') ?? '0', 10)
  const choices = data.getlist('action')
  const name = choices[Number.isFinite(index) ? index : 0] ?? choices[0] ?? ''
  const actions = await modelAdmin.getActions(request)
  const entry = actions.get(name)
  if (!entry) {
    modelAdmin.messageUser(request, gettext('No action selected.'), WARNING)
    return null
  }
  const selectAcross = data.get('select_across') === '1'
  const selected = data.getlist(ACTION_CHECKBOX_NAME)
  if (!selected.length && !selectAcross) {
    modelAdmin.messageUser(request, gettext('Items must be selected in order to perform actions on them. No items have been changed.'), WARNING)
    return null
  }
  const pkField = modelAdmin.opts.fields.find((f) => f.name === modelAdmin.opts.pk)
  const integer = pkField !== undefined && /Auto|Integer/.test(pkField.type)
  const pks = integer ? selected.filter((s) => /^-?\d+$/.test(s)).map(Number) : selected
  const qs = selectAcross ? queryset : queryset.filter(Q({ pk__in: pks }))
  const response = await (entry.func as unknown as (a: ModelAdmin, r: Request, q: QuerySet<AnyModel>) => Promise<Response | void> | Response | void)(modelAdmin, request, qs)
  if (response) return response
  return new HttpResponseRedirect(fullPath(request))
}

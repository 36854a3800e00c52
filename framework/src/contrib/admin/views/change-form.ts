/**
 * The add and change forms (Django's `ModelAdmin.changeform_view`, `add_view`, `change_view`,
 * `response_add`, `response_change`): the ModelForm and the inline formsets, the four save buttons
 * ("Save", "Save and continue editing", "Save and add another", "Save as new"), the change message
 * logged as Django's JSON, a read-only page for users who may only view, and in a popup window
 * (`?_popup=1&_to_field=<pk>`, opened by a related-object link) the page that hands the saved object
 * back to the opener instead of a redirect.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { atomic } from 'tango/db'
import type { ModelInstance } from 'tango/db'
import type { BaseInlineFormSet, BaseModelForm } from 'tango/forms'
import { PermissionDenied, redirect } from 'tango/http'
import type { QueryDict, Request, Response } from 'tango/http'
import { SUCCESS } from 'tango/contrib/messages'
import { IS_POPUP_VAR, TO_FIELD_VAR } from '../constants.ts'
import { adminFieldsets, inlineAdminFormset } from '../forms.ts'
import type { InlineAdminFormSet } from '../forms.ts'
import { adminTemplates } from '../options.ts'
import type { InlineModelAdmin, ModelAdmin } from '../options.ts'
import { getToField, isPopupRequest, popupResponse, popupValue } from '../popups.ts'
import { capfirst, fill, objectDoesNotExistRedirect, postSaveRedirect } from './shared.ts'

/** `<path:objectId>/` → its change page (Django's redirect for the old URL form). */
export function redirectToChangeView(admin: ModelAdmin, objectId: string): Response {
  return redirect(admin.urlFor('change', objectId))
}

/** The add view: `changeformView` without an object. */
export function addView(admin: ModelAdmin, request: Request): Promise<Response> {
  return changeformView(admin, request, null)
}

/** The change view. */
export function changeView(admin: ModelAdmin, request: Request, objectId: string): Promise<Response> {
  return changeformView(admin, request, objectId)
}

/** Initial values for the add form from the query string (Django's `get_changeform_initial_data`); many-to-many values are comma-separated. */
function initialFromQuery(admin: ModelAdmin, request: Request): Record<string, unknown> {
  const initial: Record<string, unknown> = {}
  for (const field of admin.opts.fields) {
    const value = request.query.get(field.name)
    if (value === null) continue
    initial[field.name] = field.type === 'ManyToManyField' ? value.split(',') : value
  }
  return initial
}

interface Formsets {
  readonly formsets: BaseInlineFormSet[]
  readonly inlines: InlineModelAdmin[]
}

/**
 * One bound or unbound formset per inline (Django's `_create_formsets`); `saveAsNew` binds them
 * with Django's `save_as_new`, so the submitted inline rows become new children of `obj`.
 */
async function createFormsets(admin: ModelAdmin, request: Request, obj: ModelInstance, data: QueryDict | null, files: unknown, saveAsNew = false): Promise<Formsets> {
  const inlines = await admin.getInlineInstances(request, obj.pk === null || obj.pk === undefined ? null : obj)
  const formsets: BaseInlineFormSet[] = []
  const prefixes = new Map<string, number>()
  for (const inline of inlines) {
    const Formset = await inline.getFormset(request, obj.pk === null || obj.pk === undefined ? null : obj)
    let prefix = (Formset as unknown as { getDefaultPrefix(): string }).getDefaultPrefix()
    const seen = (prefixes.get(prefix) ?? 0) + 1
    prefixes.set(prefix, seen)
    if (seen > 1) prefix = `${prefix}-${seen}`
    const queryset = inline.getQueryset(request)
    formsets.push(new Formset({
      instance: obj, prefix, queryset: queryset as never,
      ...(data === null ? {} : { data, files: files as unknown as QueryDict, saveAsNew }),
    }))
  }
  return { formsets, inlines }
}

/**
 * The add/change form.
 * @throws DisallowedModelAdminToField (400) for a `_to_field` that is not the primary key.
 * @throws PermissionDenied without the add permission (add), without view or change permission
 *   (change; checked before the object is looked up, so a missing and a forbidden object look alike),
 *   or for a POST by a user who may only view.
 */
export async function changeformView(admin: ModelAdmin, request: Request, objectId: string | null): Promise<Response> {
  const post = request.method === 'POST'
  const data = post ? await request.form() : null
  const files = post ? await request.files() : null
  const toField = getToField(admin, request, data)
  let add = objectId === null
  let obj: ModelInstance | null = null
  if (add) {
    if (!(await admin.hasAddPermission(request))) throw new PermissionDenied()
  } else {
    if (!(await admin.hasViewOrChangePermission(request))) throw new PermissionDenied()
    obj = await admin.getObject(request, objectId as string)
    if (obj === null) return objectDoesNotExistRedirect(admin, request, objectId as string)
    if (!(await admin.hasViewOrChangePermission(request, obj))) throw new PermissionDenied()
  }
  const saveAsNew = data !== null && data.has('_saveasnew') && admin.saveAs && !add
  if (saveAsNew) {
    if (!(await admin.hasAddPermission(request))) throw new PermissionDenied()
    add = true
  }
  const canChange = add ? true : await admin.hasChangePermission(request, obj)
  if (post && !canChange) throw new PermissionDenied()
  const readonlyAll = !canChange
  const formObj = saveAsNew ? null : obj
  const FormClass = await admin.getForm(request, formObj, readonlyAll ? { fields: [] } : {})
  const instance = add ? admin.newInstance() : (obj as ModelInstance)
  let form: BaseModelForm
  let inlineSet: Formsets
  if (data !== null) {
    form = new FormClass({ data, files: files as unknown as QueryDict, instance })
    // Before validating: loads the saved many-to-many values as initial, which changedData (the
    // history message) compares the submitted ones with.
    await form.prepare()
    const formValid = await form.isValid()
    // Save as new: every submitted inline form becomes a new row of the new object (Django's
    // save_as_new); the original's rows are left alone.
    inlineSet = await createFormsets(admin, request, instance, data, files, saveAsNew)
    let allValid = formValid
    for (const formset of inlineSet.formsets) if (!(await formset.isValid())) allValid = false
    if (allValid) {
      await atomic(async () => {
        await admin.saveModel(request, form.instance, form, !add)
        for (const formset of inlineSet.formsets) formset.instance = form.instance
        await admin.saveRelated(request, form, inlineSet.formsets, !add)
        const message = admin.constructChangeMessage(request, form, inlineSet.formsets, add)
        if (add) await admin.logAddition(request, form.instance, message)
        else await admin.logChange(request, form.instance, message)
      })
      return add ? responseAdd(admin, request, form.instance, data, saveAsNew) : responseChange(admin, request, form.instance, data, objectId as string)
    }
  } else {
    form = new FormClass({ instance, ...(add ? { initial: initialFromQuery(admin, request) } : {}) })
    inlineSet = await createFormsets(admin, request, instance, null, null)
  }
  if (data === null) await form.prepare()
  for (const formset of inlineSet.formsets) await formset.prepare()
  return renderChangeForm(admin, request, { form, formsets: inlineSet, obj: saveAsNew ? null : obj, add, readonlyAll, saveAsNew, isPopup: isPopupRequest(request, data), toField })
}

interface ChangeFormState {
  readonly form: BaseModelForm
  readonly formsets: Formsets
  readonly obj: ModelInstance | null
  readonly add: boolean
  readonly readonlyAll: boolean
  /** A "Save as new" that failed validation is shown again. */
  readonly saveAsNew: boolean
  /** The page is in a popup window (`_popup` in the query string or the form). */
  readonly isPopup: boolean
  /** The checked `_to_field`, kept through the form's POST. */
  readonly toField: string | null
}

async function renderChangeForm(admin: ModelAdmin, request: Request, state: ChangeFormState): Promise<Response> {
  const { form, obj, add, readonlyAll, saveAsNew } = state
  const fieldsets = await admin.getFieldsets(request, obj)
  const readonly = await admin.getReadonlyFields(request, obj)
  const adminForm = await adminFieldsets(admin, form, fieldsets, obj, readonly, readonlyAll, admin.emptyValueDisplay)
  const inlineFormsets: InlineAdminFormSet[] = []
  for (let i = 0; i < state.formsets.formsets.length; i++) {
    const inline = state.formsets.inlines[i] as InlineModelAdmin
    const formset = state.formsets.formsets[i] as BaseInlineFormSet
    const inlineReadonly = readonlyAll || !(await inline.hasChangePermission(request, obj))
    inlineFormsets.push(await inlineAdminFormset(inline, formset, request, obj, inlineReadonly && !(await inline.hasAddPermission(request, obj))))
  }
  let errorCount = Object.keys(form.isBound ? form.errors : {}).length
  for (const formset of state.formsets.formsets) if (formset.isBound) errorCount += formset.totalErrorCount()
  const { isPopup, toField } = state
  const hasAdd = await admin.hasAddPermission(request)
  const hasChange = add ? false : await admin.hasChangePermission(request, obj)
  const hasDelete = add ? false : await admin.hasDeletePermission(request, obj)
  const hasView = add ? false : await admin.hasViewPermission(request, obj)
  const canSave = (hasChange && !add) || (hasAdd && add)
  const kind = add ? 'add' : readonlyAll ? 'view' : 'change'
  const prepopulated = await admin.getPrepopulatedFields(request, obj)
  // A failed "Save as new" offers only "Save as new" again, on the change template (as Django):
  // the page still posts to the original's URL, where "Save" would change the original.
  const template = add && !saveAsNew && admin.addFormTemplate !== null ? admin.addFormTemplate : admin.changeFormTemplate
  return admin.render(request, adminTemplates(admin.opts, 'change_form.html', template), {
    title: admin.title(kind),
    subtitle: obj === null ? null : String(obj),
    adminForm,
    form,
    inlineFormsets,
    errorCount,
    errorMessage: errorCount === 1 ? gettext('Please correct the error below.') : gettext('Please correct the errors below.'),
    nonFieldErrors: form.isBound ? form.nonFieldErrors() : [],
    add,
    change: !add,
    isPopup,
    isPopupVar: IS_POPUP_VAR,
    toField,
    toFieldVar: TO_FIELD_VAR,
    original: obj,
    originalText: obj === null ? '' : String(obj),
    hasAddPermission: hasAdd,
    hasChangePermission: hasChange,
    hasDeletePermission: hasDelete,
    hasViewPermission: hasView,
    hasEditablePermission: canSave,
    isMultipart: form.isMultipart() || state.formsets.formsets.some((f) => f.isMultipart()),
    saveOnTop: admin.saveOnTop && canSave,
    showSave: canSave && !saveAsNew,
    showSaveAndContinue: !isPopup && canSave && !saveAsNew,
    showSaveAndAddAnother: hasAdd && !isPopup && (!admin.saveAs || add) && canSave && !saveAsNew,
    showSaveAsNew: !isPopup && hasAdd && (!add || saveAsNew) && admin.saveAs && canSave,
    showDeleteLink: !isPopup && hasDelete && !add,
    showClose: !canSave,
    deleteUrl: add || obj === null ? null : admin.urlFor('delete', obj.pk),
    historyUrl: add || obj === null ? null : admin.urlFor('history', obj.pk),
    changelistUrl: (await admin.hasViewOrChangePermission(request)) ? admin.urlFor('changelist') : null,
    viewOnSiteUrl: admin.getViewOnSiteUrl(obj),
    prepopulatedFields: Object.keys(prepopulated),
    appLabel: admin.opts.appLabel,
    modelVerboseName: capfirst(gettext(admin.opts.verboseName)),
  })
}

function addedMessage(admin: ModelAdmin, obj: ModelInstance): string {
  return fill(gettext('The {name} “{obj}” was added successfully.'), { name: gettext(admin.opts.verboseName), obj: String(obj) })
}

/**
 * Where to go after an addition (Django's `response_add`); in a popup, the page that hands the new
 * object's `_to_field` value (default its primary key) and text to the opener.
 */
async function responseAdd(admin: ModelAdmin, request: Request, obj: ModelInstance, data: QueryDict, saveAsNew: boolean): Promise<Response> {
  if (isPopupRequest(request, data)) {
    return popupResponse(admin, request, { value: popupValue(obj, getToField(admin, request, data)), obj: String(obj) })
  }
  const name = gettext(admin.opts.verboseName)
  if (data.has('_continue') || (saveAsNew && admin.saveAsContinue)) {
    admin.messageUser(request, `${addedMessage(admin, obj)} ${gettext('You may edit it again below.')}`, SUCCESS)
    return redirect(admin.urlFor('change', obj.pk))
  }
  if (data.has('_addanother')) {
    admin.messageUser(request, `${addedMessage(admin, obj)} ${fill(gettext('You may add another {name} below.'), { name })}`, SUCCESS)
    return redirect(admin.urlFor('add'))
  }
  admin.messageUser(request, addedMessage(admin, obj), SUCCESS)
  return postSaveRedirect(admin, request)
}

/**
 * Where to go after a change (Django's `response_change`); in a popup, the page that tells the
 * opener the object's new value and text (`value` is the key from the URL the option had).
 */
async function responseChange(admin: ModelAdmin, request: Request, obj: ModelInstance, data: QueryDict, objectId: string): Promise<Response> {
  if (isPopupRequest(request, data)) {
    const newValue = popupValue(obj, getToField(admin, request, data))
    return popupResponse(admin, request, { action: 'change', value: objectId, obj: String(obj), new_value: newValue })
  }
  const name = gettext(admin.opts.verboseName)
  const changed = fill(gettext('The {name} “{obj}” was changed successfully.'), { name, obj: String(obj) })
  if (data.has('_continue')) {
    admin.messageUser(request, `${changed} ${gettext('You may edit it again below.')}`, SUCCESS)
    return redirect(admin.urlFor('change', obj.pk))
  }
  if (data.has('_addanother')) {
    admin.messageUser(request, `${changed} ${fill(gettext('You may add another {name} below.'), { name })}`, SUCCESS)
    return redirect(admin.urlFor('add'))
  }
  admin.messageUser(request, changed, SUCCESS)
  return postSaveRedirect(admin, request)
}

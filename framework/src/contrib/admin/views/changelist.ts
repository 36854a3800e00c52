/**
 * The change list page (Django's `ModelAdmin.changelist_view`): the rows of a model with filters,
 * search, sorting, pagination, the date drill-down, in-place editing (`listEditable`) and actions.
 *
 * - A user without the view or change permission gets 403.
 * - Bad filter/page parameters redirect to `?e=1`, which shows the unfiltered list with a note.
 * - POST with `index` (the action bar) or `_selected_action` (a confirmation page) runs an action;
 *   POST with `_save` saves the `listEditable` formset (change permission needed), then redirects
 *   back with "N books were changed successfully.", or shows the errors in their rows.
 *
 * @module
 */
import { gettext, ngettext } from 'tango/core'
import type { AnyModel, ModelInstance, QuerySet } from 'tango/db'
import { Q } from 'tango/db'
import { formatMessage, modelFormsetFactory } from 'tango/forms'
import type { BaseModelForm, BaseModelFormSet, ModelFormsetClass } from 'tango/forms'
import { HttpResponseRedirect, PermissionDenied } from 'tango/http'
import type { QueryDict, Request, Response } from 'tango/http'
import { ERROR, SUCCESS, WARNING } from 'tango/contrib/messages'
import { ACTION_CHECKBOX_NAME, fullPath, responseAction } from '../actions.ts'
import { ACTION_CHECKBOX, ChangeList, ERROR_FLAG, SEARCH_VAR, columnName } from '../changelist/change-list.ts'
import type { ChangeListOptions } from '../changelist/change-list.ts'
import { dateHierarchy } from '../changelist/date-hierarchy.ts'
import { IncorrectLookupParameters } from '../changelist/errors.ts'
import { resultHeaders, resultRows } from '../changelist/results.ts'
import { paginationLinks } from '../changelist/pagination.ts'
import { adminTemplates } from '../options.ts'
import type { ModelAdmin } from '../options.ts'
import { getToField } from '../popups.ts'

/** The `listEditable` formset class of `modelAdmin` (Django's `get_changelist_formset`). */
export function changelistFormset(modelAdmin: ModelAdmin): ModelFormsetClass {
  return modelFormsetFactory(modelAdmin.model, { fields: [...modelAdmin.listEditable], extra: 0 })
}

async function buildChangeList(modelAdmin: ModelAdmin, request: Request, hasActions: boolean, ignoreQuery = false): Promise<ChangeList> {
  const display = modelAdmin.getListDisplay(request)
  const listDisplay = hasActions ? [ACTION_CHECKBOX, ...display] : [...display]
  const links = modelAdmin.getListDisplayLinks(request, display).map((l) => columnName(l as string))
  const sortable = modelAdmin.sortableBy === null ? null : modelAdmin.getSortableBy(request).map((s) => columnName(s as string))
  const options: ChangeListOptions = {
    listDisplay: listDisplay as ChangeListOptions['listDisplay'],
    listDisplayLinks: links,
    listFilter: modelAdmin.getListFilter(request),
    searchFields: modelAdmin.getSearchFields(request),
    sortableBy: sortable,
    ignoreQuery,
  }
  return ChangeList.create(modelAdmin, request, options)
}

/**
 * The change list view of `modelAdmin` (mounted by the site at `<app>/<model>/`).
 * @throws DisallowedModelAdminToField (400) for a `_to_field` that is not the primary key (a lookup popup).
 * @throws PermissionDenied (403) without the view or change permission, or when saving
 *   `listEditable` rows without the change permission.
 */
export async function changelistView(modelAdmin: ModelAdmin, request: Request): Promise<Response> {
  if (!(await modelAdmin.hasViewOrChangePermission(request))) throw new PermissionDenied()
  // A lookup popup's rows hand out this field's values: only the primary key (400 otherwise).
  const toField = getToField(modelAdmin, request, null)
  const actions = await modelAdmin.getActions(request)
  let cl: ChangeList
  let invalid = false
  try {
    cl = await buildChangeList(modelAdmin, request, actions.size > 0)
  } catch (error) {
    if (!(error instanceof IncorrectLookupParameters)) throw error
    if (!request.query.has(ERROR_FLAG)) return new HttpResponseRedirect(`${request.rawPath}?${ERROR_FLAG}=1`)
    // `?e=1` plus more bad parameters: show the plain list rather than loop.
    cl = await buildChangeList(modelAdmin, request, actions.size > 0, true)
    invalid = true
  }
  if (request.query.has(ERROR_FLAG)) invalid = true

  let formset: BaseModelFormSet | null = null
  if (request.method === 'POST') {
    const data = await request.form()
    const selected = data.getlist(ACTION_CHECKBOX_NAME)
    const isSave = data.has('_save')
    if (actions.size && !isSave && (data.has('index') || data.has(ACTION_CHECKBOX_NAME))) {
      if (!selected.length && data.has('index')) {
        modelAdmin.messageUser(request, gettext('Items must be selected in order to perform actions on them. No items have been changed.'), WARNING)
        return new HttpResponseRedirect(fullPath(request))
      }
      if (selected.length) {
        const response = await responseAction(modelAdmin, request, data, cl.queryset.orderBy())
        return response ?? new HttpResponseRedirect(fullPath(request))
      }
    }
    if (modelAdmin.listEditable.length && isSave) {
      if (!(await modelAdmin.hasChangePermission(request))) throw new PermissionDenied()
      formset = await saveListEditable(modelAdmin, request, data, cl)
      if (formset === null) return new HttpResponseRedirect(fullPath(request))
    }
  }
  if (formset === null && modelAdmin.listEditable.length && (await modelAdmin.hasChangePermission(request))) {
    const FormSet = changelistFormset(modelAdmin)
    const pks = cl.resultList.map((o) => o.pk)
    formset = new FormSet({ queryset: (cl.rootQueryset.filter(Q({ pk__in: pks })).orderBy(...cl.ordering)) as never })
    await formset.prepare()
  }
  const forms = formset ? (formset.forms as BaseModelForm[]) : null
  const hasChange = await modelAdmin.hasChangePermission(request)
  const name = gettext(modelAdmin.opts.verboseNamePlural)
  const context = {
    title: formatMessage(cl.isPopup ? gettext('Select {name}') : hasChange ? gettext('Select {name} to change') : gettext('Select {name} to view'), { name: gettext(modelAdmin.opts.verboseName) }),
    subtitle: null,
    moduleName: name,
    cl,
    invalidParameters: invalid,
    resultHeaders: resultHeaders(cl),
    results: await resultRows(cl, forms),
    formset,
    filterSpecs: cl.filterSpecs.map((spec) => ({ title: spec.title, choices: spec.choices(cl), template: spec.template })),
    dateHierarchy: await dateHierarchy(cl),
    pagination: paginationLinks(cl),
    searchVar: SEARCH_VAR,
    searchHiddenParams: [...cl.params].filter(([k]) => k !== SEARCH_VAR && k !== 'p'),
    showResultCount: cl.resultCount !== cl.fullResultCount,
    actionChoices: [...actions.values()].map((a) => ({ name: a.name, description: a.description })),
    actionsOnTop: actions.size > 0 && modelAdmin.actionsOnTop,
    actionsOnBottom: actions.size > 0 && modelAdmin.actionsOnBottom,
    actionsSelectionCounter: modelAdmin.actionsSelectionCounter,
    actionCheckboxName: ACTION_CHECKBOX_NAME,
    selectionNote: formatMessage(gettext('0 of {count} selected'), { count: cl.resultList.length }),
    selectionNoteAll: formatMessage(ngettext('{count} selected', 'All {count} selected', cl.resultCount), { count: cl.resultCount }),
    selectAcrossLabel: formatMessage(gettext('Select all {count} {name}'), { count: cl.resultCount, name: ngettext(modelAdmin.opts.verboseName, name, cl.resultCount) }),
    hasAddPermission: await modelAdmin.hasAddPermission(request),
    addUrl: safeUrl(() => modelAdmin.urlFor('add') + (cl.isPopup ? `?${new URLSearchParams({ _popup: '1', ...(toField === null ? {} : { _to_field: toField }) }).toString()}` : '')),
    isPopup: cl.isPopup,
    toField,
    searchHelpText: modelAdmin.searchHelpText,
    searchFields: cl.searchFields,
  }
  return modelAdmin.render(request, adminTemplates(modelAdmin.opts, 'change_list.html', modelAdmin.changeListTemplate), context)
}

function safeUrl(fn: () => string): string | null {
  try {
    return fn()
  } catch {
    return null
  }
}

/**
 * Validates and saves the `listEditable` formset of a POST (Django's `_save` branch): only the
 * rows posted, among the change list's rows. Logs a change per changed row.
 * @returns `null` after a save (the caller redirects), or the bound formset with its errors.
 */
async function saveListEditable(modelAdmin: ModelAdmin, request: Request, data: QueryDict, cl: ChangeList): Promise<BaseModelFormSet | null> {
  const FormSet = changelistFormset(modelAdmin)
  const prefix = 'form'
  const pkName = modelAdmin.opts.pk
  const pkRe = new RegExp(`^${prefix}-\\d+-${pkName}$`)
  const pks = [...data.keys()].filter((k) => pkRe.test(k)).map((k) => data.get(k) ?? '').filter((v) => v !== '')
  const queryset = (cl.rootQueryset as QuerySet<AnyModel>).filter(Q({ pk__in: pks })).orderBy(...cl.ordering)
  const formset = new FormSet({ data, queryset: queryset as never })
  if (!(await formset.isValid())) {
    const n = formset.totalErrorCount()
    modelAdmin.messageUser(request, ngettext('Please correct the error below.', 'Please correct the errors below.', n), ERROR)
    return formset
  }
  let changed = 0
  for (const form of formset.forms as BaseModelForm[]) {
    if (!form.hasChanged()) continue
    const obj = (await form.save({ commit: false })) as ModelInstance
    await modelAdmin.saveModel(request, obj, form, true)
    await form.saveM2m()
    await modelAdmin.logChange(request, obj, modelAdmin.constructChangeMessage(request, form, [], false))
    changed++
  }
  if (changed) {
    modelAdmin.messageUser(request, formatMessage(ngettext('{count} {name} was changed successfully.', '{count} {name} were changed successfully.', changed), {
      count: changed, name: ngettext(modelAdmin.opts.verboseName, modelAdmin.opts.verboseNamePlural, changed),
    }), SUCCESS)
  }
  return null
}

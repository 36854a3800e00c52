/**
 * `tango/contrib/admin`: the admin site (Django's `django.contrib.admin`), a permission-aware back
 * office generated from the registered models. See `docs/admin.md`.
 *
 * @module
 * @example
 * ```ts
 * // settings.ts
 * import admin from 'tango/contrib/admin'
 * INSTALLED_APPS: [sessions, messages, auth, staticfiles, admin, news]
 * // news/admin.ts
 * import { site } from 'tango/contrib/admin'
 * site.register(Article, { listDisplay: ['title', 'pubDate'], searchFields: ['title'] })
 * // urls.ts
 * export const urlpatterns = [path('admin/', include(site.urls))]
 * ```
 */
export { default, default as adminApp, autodiscover } from './app.ts'
export { AdminSite, site } from './sites.ts'
export type { ModelAdminClass, AppListEntry, AppListModel, LoginFormClass } from './sites.ts'
export { ModelAdmin, BaseModelAdmin, InlineModelAdmin, TabularInline, StackedInline, adminTemplates, userOf, adminUser } from './options.ts'
export type { ModelAdminOptions, Fieldset, InlineClass, ListFilterClass, ActionEntry, AdminUrlKind } from './options.ts'
export { display, action } from './decorators.ts'
export type { DisplayFunction, DisplayOptions, AdminAction, ActionOptions, OfModel } from './decorators.ts'
export { ADDITION, CHANGE, DELETION, IS_POPUP_VAR, TO_FIELD_VAR } from './constants.ts'
export { AlreadyRegistered, NotRegistered, DisallowedModelAdminToField } from './errors.ts'
export { AdminAuthenticationForm, flattenFieldsets, staffLoginMessage } from './forms.ts'
export type { AdminField, AdminFieldset, AdminLine, InlineAdminForm, InlineAdminFormSet } from './forms.ts'
export { getLogEntryModel, logAction, constructChangeMessage, changeMessageText } from './log.ts'
export type { LogEntryModel, ChangeMessage, ChangeMessageItem } from './log.ts'
export { getDeletedObjects, unorderedList } from './deleted-objects.ts'
export { objectDoesNotExistRedirect } from './views/shared.ts'
export type { DeletedObject, DeletedObjects, NestedObjectList } from './deleted-objects.ts'
export { checkSite, registerAdminChecks } from './checks.ts'
export { capfirst, labelFor, lookupField, displayForField, displayForValue } from './utils.ts'
export type { FieldSource } from './utils.ts'
export { ChangeList } from './changelist/change-list.ts'
export { IncorrectLookupParameters } from './changelist/errors.ts'
export { ListFilter, SimpleListFilter, FieldListFilter } from './changelist/filters/base.ts'
export {
  RelatedFieldListFilter, BooleanFieldListFilter, ChoicesFieldListFilter, DateFieldListFilter, AllValuesFieldListFilter, EmptyFieldListFilter,
  RelatedOnlyFieldListFilter,
} from './changelist/filters/field-filters.ts'
export { changelistView } from './views/changelist.ts'
export { autocompleteView } from './views/autocomplete.ts'
export {
  AutocompleteSelect, AutocompleteSelectMultiple, ForeignKeyRawIdWidget, ManyToManyRawIdWidget, FilteredSelectMultiple,
  AdminDateWidget, AdminTimeWidget, AdminDateTimeWidget, AdminTextInputWidget, AdminTextareaWidget, AdminEmailInputWidget,
  AdminURLFieldWidget, AdminIntegerFieldWidget, prepopulatedAttrs,
} from './widgets.ts'
export { RelatedFieldWidgetWrapper } from './related-widget-wrapper.ts'
export type { RelatedLinkOptions } from './related-widget-wrapper.ts'
export { getToField, isPopupRequest, popupResponse, toFieldAllowed } from './popups.ts'
export type { PopupResponseData } from './popups.ts'
export { deleteSelected } from './actions.ts'

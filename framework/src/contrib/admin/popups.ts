/**
 * Related-object popups, the server side (Django's handling of `IS_POPUP_VAR` and `TO_FIELD_VAR` in
 * `ModelAdmin`): whether a request comes from a popup window, the `_to_field` it asks for (checked
 * as Django's `to_field_allowed`), and the page that hands a saved or deleted object back to the
 * window that opened the popup (Django's `admin/popup_response.html`). The browser side is
 * `static/admin/js/related-object-lookups.js` and `popup-response.js`.
 *
 * @module
 */
import type { ModelInstance } from 'tango/db'
import type { QueryDict, Request, Response } from 'tango/http'
import { render } from 'tango/views'
import { IS_POPUP_VAR, TO_FIELD_VAR } from './constants.ts'
import { DisallowedModelAdminToField } from './errors.ts'
import { adminTemplates } from './options.ts'
import type { ModelAdmin } from './options.ts'

/**
 * Whether the request comes from a popup window: `_popup` in the submitted form (the hidden input
 * the popup's pages carry) or in the query string (how the popup was opened), as Django's
 * `IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET`.
 * @param data - the parsed POST body, or `null` for a GET.
 */
export function isPopupRequest(request: Request, data: QueryDict | null): boolean {
  return (data !== null && data.has(IS_POPUP_VAR)) || request.query.has(IS_POPUP_VAR)
}

/**
 * Whether `admin`'s model may be referenced by `toField` (Django's `ModelAdmin.to_field_allowed`):
 * the field exists and is the primary key, or a field some relation of a registered model points
 * at. Tango's relations always point at the target's primary key (there is no `toField` option on
 * a foreign key), so both rules allow exactly the primary key. Anything else would let a popup read
 * any column through the lookup's `data-popup-opener` values (Django's CVE-2014-0483).
 * @param toField - the field name from `_to_field`.
 */
export function toFieldAllowed(admin: ModelAdmin, request: Request, toField: string): boolean {
  void request
  const field = admin.opts.fields.find((f) => f.name === toField)
  return field !== undefined && field.primaryKey
}

/**
 * The `_to_field` of the request (the POST body first, then the query string, as Django's
 * `changeform_view`), checked with {@link toFieldAllowed}.
 * @param data - the parsed POST body, or `null` for a GET.
 * @returns the field name, or `null` when none is given.
 * @throws {@link DisallowedModelAdminToField} (400, "The field X cannot be referenced.") for a field that may not be referenced.
 */
export function getToField(admin: ModelAdmin, request: Request, data: QueryDict | null): string | null {
  const toField = data?.get(TO_FIELD_VAR) ?? request.query.get(TO_FIELD_VAR)
  if (toField === null || toField === undefined || toField === '') return null
  if (!toFieldAllowed(admin, request, toField)) throw new DisallowedModelAdminToField(toField)
  return toField
}

/** The value of `obj`'s `toField` (default its primary key) as text, what the opener's `<option>` holds (Django's `serializable_value`). */
export function popupValue(obj: ModelInstance, toField: string | null): string {
  const value = toField === null ? obj.pk : (obj as unknown as Record<string, unknown>)[toField]
  return String(value)
}

/**
 * What a popup hands back to its opener (Django's `popup_response_data`): no `action` for an
 * addition (`dismissAddRelatedObjectPopup`), `'change'` (`dismissChangeRelatedObjectPopup`, with the
 * old `value` and the `new_value`) or `'delete'` (`dismissDeleteRelatedObjectPopup`). `obj` is the
 * object's text. The keys are Django's, so a project's own popup scripts keep working.
 */
export interface PopupResponseData {
  readonly action?: 'change' | 'delete'
  readonly value: string
  readonly obj?: string
  readonly new_value?: string
}

/**
 * The page a popup gets after a save or a deletion (Django's `admin/popup_response.html`): a
 * `<script src=popup-response.js>` whose `data-popup-response` attribute holds `data` as JSON
 * (escaped by the template), so no inline script is needed (CSP allows it with `script-src 'self'`).
 * Templates: `admin/<app>/<model>/popup_response.html`, `admin/<app>/popup_response.html`,
 * `admin/popup_response.html`.
 */
export function popupResponse(admin: ModelAdmin, request: Request, data: PopupResponseData): Promise<Response> {
  return render(request, adminTemplates(admin.opts, 'popup_response.html'), { popupResponseData: JSON.stringify(data) })
}

/**
 * `tango/forms`: forms (as Django's `django.forms`): fields that validate submitted data into typed
 * values, widgets that draw them, forms that collect errors and render accessible HTML, and
 * `modelForm` to derive a form from a model.
 *
 * @example
 * ```ts
 * import * as forms from 'tango/forms'
 * const ContactForm = forms.defineForm({ subject: forms.CharField({ maxLength: 100 }), sender: forms.EmailField() })
 * const form = new ContactForm({ data: await request.form() })
 * if (await form.isValid()) sendMail(form.cleanedData.subject)
 * ```
 *
 * @module
 */
export { BaseForm, defineForm } from './form.ts'
export type { FormFields, CleanedData, FormErrors, FormOptions, FormClass } from './form.ts'
export { BoundField, prettyName, errorList } from './bound-field.ts'
export { FormField, isEmpty } from './fields/field.ts'
export type { FieldOptions, FormValidator, Optional } from './fields/field.ts'
export * from './fields/index.ts'
export type { CharFieldOptions, URLFieldOptions, SlugFieldOptions } from './fields/text.ts'
export type { NumberFieldOptions, DecimalFieldOptions } from './fields/numbers.ts'
export type { ChoicesInput, ChoiceFieldOptions, TypedChoiceFieldOptions } from './fields/choice.ts'
export type { ChoiceQuerySet, ModelChoiceFieldOptions } from './fields/model-choice.ts'
export { parseDuration, durationString } from './fields/temporal.ts'
export * from './widgets/index.ts'
export { FORM_MESSAGES, formatMessage } from './messages.ts'
export type { MessageCode, ErrorMessages } from './messages.ts'
export { modelForm, BaseModelForm, formFieldForModelField } from './model-form.ts'
export type { ModelFormOptions, ModelFormClass, ModelFormFormOptions, FormModel } from './model-form.ts'
export { fieldHasChanged } from './changed-data.ts'
export { BaseFormSet, formsetFactory } from './formsets.ts'
export type { FormsetClass } from './formsets.ts'
export { DEFAULT_MAX_NUM, DELETION_FIELD_NAME, ORDERING_FIELD_NAME } from './formset-options.ts'
export type { FormConstructor, FormsetOptions, FormsetFactoryOptions, FormsetClassSettings } from './formset-options.ts'
export {
  ManagementForm, TOTAL_FORM_COUNT, INITIAL_FORM_COUNT, MIN_NUM_FORM_COUNT, MAX_NUM_FORM_COUNT,
} from './management-form.ts'
export {
  BaseModelFormSet, BaseInlineFormSet, modelFormsetFactory, inlineFormsetFactory, getForeignKey,
} from './model-formsets.ts'
export type {
  FormsetQuerySet, ModelFormsetOptions, ModelFormsetFactoryOptions, ModelFormsetClass, InlineFormsetOptions,
  InlineFormsetFactoryOptions, InlineFormsetClass,
} from './model-formsets.ts'

/**
 * Widgets: HTML for form fields and reading their values back (as Django's `django.forms.widgets`).
 *
 * @module
 */
export { Widget, renderAttrs } from './widget.ts'
export type { WidgetAttrs, WidgetOptions, ChoiceOption, RenderContext } from './widget.ts'
export {
  Input, TextInput, NumberInput, EmailInput, URLInput, PasswordInput, HiddenInput, DateInput, DateTimeInput, TimeInput,
  FileInput, Textarea, CheckboxInput,
} from './inputs.ts'
export { Select, SelectMultiple, RadioSelect, CheckboxSelectMultiple } from './choice-widgets.ts'
export { toDataSource, EMPTY_DATA } from './data.ts'
export type { FormDataSource, FormDataInput } from './data.ts'

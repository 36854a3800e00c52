/**
 * {@link Widget}: how a form field is drawn as HTML and how its value is read back from submitted
 * data (as Django's `django.forms.widgets.Widget`). Widgets render in TypeScript, escaping every
 * value, so they work without any template folder; the form layout is what templates override.
 *
 * @module
 */
import { escapeHtml } from '../../templates/safe.ts'
import type { FormDataSource } from './data.ts'

/** HTML attributes: `true` renders the bare name (`required`), `false`/`null`/`undefined` omits it. */
export type WidgetAttrs = Readonly<Record<string, string | number | boolean | null | undefined>>

/** One option of a choice widget: the submitted value and the label shown. */
export interface ChoiceOption {
  readonly value: string
  readonly label: string
}

/** What a widget renders with, beyond its own attributes. */
export interface RenderContext {
  /** The choices of a choice field (already turned into strings). */
  readonly choices?: readonly ChoiceOption[]
}

/** Renders attributes as ` name="value"` pairs, escaped, in insertion order (Django's `attrs.html`). */
export function renderAttrs(attrs: WidgetAttrs): string {
  let out = ''
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) out += ` ${name}`
    else if (value !== false && value !== null && value !== undefined) out += ` ${name}="${escapeHtml(String(value))}"`
  }
  return out
}

/** Options every widget takes. */
export interface WidgetOptions {
  /** Extra HTML attributes (`{ class: 'wide', placeholder: 'Title' }`). */
  readonly attrs?: WidgetAttrs
}

/**
 * The base widget. Subclasses implement {@link Widget.render}; {@link Widget.valueFromData} reads
 * the submitted value (one string by default).
 */
export abstract class Widget {
  /** Attributes given when the widget was made. */
  readonly attrs: WidgetAttrs
  /** Hidden widgets are rendered apart from the visible fields (Django's `is_hidden`). */
  readonly isHidden: boolean = false
  /** Whether the value is a list (`SelectMultiple`, `CheckboxSelectMultiple`). */
  readonly allowMultipleSelected: boolean = false
  /** Group the inputs in a `<fieldset>` with a `<legend>` instead of a `<label>` (Django's `use_fieldset`). */
  readonly useFieldset: boolean = false
  /** Whether the form must be sent as `multipart/form-data`. */
  readonly needsMultipartForm: boolean = false
  /**
   * Whether the widget renders only the choices of the field's current value (the selected
   * options), never the whole list: the admin's autocomplete selects and raw-id inputs. For such
   * a widget `form.prepare()` loads just the rows whose keys are the current value (one
   * `pk__in` query) instead of every row, as Django's `AutocompleteMixin.optgroups` queries only
   * the selected values. Cleaning is unaffected: model choice fields look the submitted keys up
   * themselves. Default `false` (a `<select>` shows every choice).
   */
  readonly choicesForValueOnly: boolean = false

  /** @param options - `attrs`: extra HTML attributes. */
  constructor(options: WidgetOptions = {}) {
    this.attrs = { ...(options.attrs ?? {}) }
  }

  /** The value as a string for an HTML attribute or text, `null` for none (Django's `format_value`). */
  formatValue(value: unknown): string | null {
    if (value === null || value === undefined || value === '') return null
    if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '')
    return String(value)
  }

  /** The submitted value for `name` (Django's `value_from_datadict`). */
  valueFromData(data: FormDataSource, _files: FormDataSource, name: string): unknown {
    return data.get(name)
  }

  /** Whether the data leaves this widget out entirely (Django's `value_omitted_from_data`). */
  valueOmittedFromData(data: FormDataSource, _files: FormDataSource, name: string): boolean {
    return !data.has(name)
  }

  /** The `id` the `<label for>` points at (Django's `id_for_label`); choice widgets point at their first input. */
  idForLabel(id: string): string {
    return id
  }

  /**
   * The HTML of the widget.
   * @param name - the input name (with the form's prefix).
   * @param value - the value to show (initial or submitted).
   * @param attrs - attributes from the bound field (`id`, `required`, `aria-*`), merged over {@link Widget.attrs}.
   * @param context - choices, for choice widgets.
   */
  abstract render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext): string
}

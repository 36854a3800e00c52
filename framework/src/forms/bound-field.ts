/**
 * {@link BoundField}: one field of one form, with its data (as Django's `BoundField`): its HTML
 * name and id, the value to show, its errors and its label, widget, help and error markup with
 * the accessibility attributes (`<label for>`, `aria-invalid`, `aria-describedby`).
 *
 * @module
 */
import { LazyString } from '../core/translation.ts'
import { conditionalEscape, escapeHtml, markSafe } from '../templates/safe.ts'
import type { SafeString } from '../templates/safe.ts'
import type { FormField } from './fields/field.ts'
import type { BaseForm } from './form.ts'
import { renderAttrs } from './widgets/widget.ts'
import type { WidgetAttrs } from './widgets/widget.ts'

/** `firstName` / `first_name` → `First name` (Django's `pretty_name`, for camelCase too). */
export function prettyName(name: string): string {
  const words = name.replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** A field of a form, with the form's data. Get one with `form.get('name')`. */
export class BoundField {
  readonly form: BaseForm
  readonly field: FormField
  /** The field's name in the form (`title`). */
  readonly name: string
  /** The input name, with the form's prefix (`article-title`). */
  readonly htmlName: string
  /** The label text. */
  readonly label: string
  readonly helpText: string

  /** @internal Made by the form. */
  constructor(form: BaseForm, field: FormField, name: string) {
    this.form = form
    this.field = field
    this.name = name
    this.htmlName = form.addPrefix(name)
    // Lazy labels and help texts are translated here, in the language active for this render.
    this.label = field.label === null ? prettyName(name) : resolveLazy(field.label)
    this.helpText = resolveLazy(field.helpText)
  }

  /** The `id` of the widget: the form's `autoId` with the HTML name (`id_title`), or `''` when ids are off. */
  get autoId(): string {
    const autoId = this.form.autoId
    if (autoId === false) return ''
    return autoId.includes('{name}') ? autoId.replace('{name}', this.htmlName) : this.htmlName
  }

  /** The id a `<label for>` points at (the first input for radio and checkbox groups). */
  get idForLabel(): string {
    const id = (this.field.widget.attrs.id as string | undefined) ?? this.autoId
    return id === '' ? '' : this.field.widget.idForLabel(id)
  }

  /** This field's messages (empty for an unbound or valid form). */
  get errors(): readonly string[] {
    return this.form.errors[this.name] ?? []
  }

  /** Whether the widget is hidden (`HiddenInput`). */
  get isHidden(): boolean {
    return this.field.widget.isHidden
  }

  /** The initial value: the form's `initial`, else the field's. */
  get initial(): unknown {
    return this.form.getInitialForField(this.field, this.name)
  }

  /** The raw submitted value (the widget's reading of the form's data). */
  get data(): unknown {
    return this.field.widget.valueFromData(this.form.data, this.form.files, this.htmlName)
  }

  /** The value to display: submitted data when bound (initial for disabled fields), else initial; prepared by the field. */
  value(): unknown {
    const data = this.form.isBound && !this.field.disabled ? this.field.boundData(this.data) : this.initial
    return this.field.prepareValue(data)
  }

  /** Attributes the form adds: `required`, `disabled`, `aria-invalid`, `aria-describedby` (Django 5.2's `build_widget_attrs`). */
  buildWidgetAttrs(): Record<string, string | boolean> {
    const attrs: Record<string, string | boolean> = {}
    const widget = this.field.widget
    if (this.field.required && this.form.useRequiredAttribute && !widget.isHidden) attrs.required = true
    if (this.field.disabled) attrs.disabled = true
    const id = this.autoId
    if (id !== '' && !widget.isHidden && !widget.useFieldset && widget.attrs['aria-describedby'] === undefined) {
      const describedBy: string[] = []
      if (this.helpText) describedBy.push(`${id}_helptext`)
      if (this.errors.length) describedBy.push(`${id}_error`)
      if (describedBy.length) attrs['aria-describedby'] = describedBy.join(' ')
    }
    if (this.errors.length) attrs['aria-invalid'] = 'true'
    return attrs
  }

  /** The widget's HTML, with the form's attributes and `id`, then `attrs`. */
  asWidget(attrs: WidgetAttrs = {}): SafeString {
    const merged: Record<string, unknown> = { ...this.field.widgetAttrs(this.field.widget), ...this.buildWidgetAttrs() }
    if (this.autoId !== '' && this.field.widget.attrs.id === undefined) merged.id = this.autoId
    const html = this.field.widget.render(this.htmlName, this.value(), { ...(merged as WidgetAttrs), ...attrs }, { choices: this.form.choicesFor(this.name) ?? [] })
    return markSafe(html)
  }

  /** `<label for="id_title">Title:</label>` (Django's `label_tag`; the suffix is the form's `labelSuffix`). */
  labelTag(contents: string | null = null, attrs: WidgetAttrs = {}, tag = 'label'): SafeString {
    const text = conditionalEscape(contents ?? this.label)
    const suffix = this.form.labelSuffix && !/[:?.!]$/.test(contents ?? this.label) ? escapeHtml(this.form.labelSuffix) : ''
    const id = this.idForLabel
    const forAttr = id !== '' && tag === 'label' ? { for: id } : {}
    return markSafe(`<${tag}${renderAttrs({ ...forAttr, ...attrs })}>${text}${suffix}</${tag}>`)
  }

  /** `<legend>` for a radio or checkbox group (Django's `legend_tag`). */
  legendTag(contents: string | null = null): SafeString {
    return this.labelTag(contents, {}, 'legend')
  }

  /** `<div class="helptext" id="id_title_helptext">...</div>`, or `''`. Help text is escaped unless marked safe. */
  helpTextHtml(): SafeString {
    if (!this.helpText) return markSafe('')
    const id = this.autoId === '' ? '' : ` id="${escapeHtml(this.autoId)}_helptext"`
    return markSafe(`<div class="helptext"${id}>${conditionalEscape(this.helpText)}</div>`)
  }

  /** `<ul class="errorlist" id="id_title_error"><li>...</li></ul>`, or `''`. */
  errorsHtml(): SafeString {
    return errorList(this.errors, this.autoId === '' ? null : `${this.autoId}_error`)
  }
}

/** `<ul class="errorlist[ extra]"[ id]><li>message</li>…</ul>`, messages escaped; `''` when empty. */
export function errorList(messages: readonly string[], id: string | null = null, extraClass = ''): SafeString {
  if (messages.length === 0) return markSafe('')
  const cls = extraClass ? `errorlist ${extraClass}` : 'errorlist'
  const idAttr = id === null ? '' : ` id="${escapeHtml(id)}"`
  return markSafe(`<ul class="${cls}"${idAttr}>${messages.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>`)
}

/** A lazy string's text in the active language; anything else (a plain or safe string) as it is. */
function resolveLazy(text: string | LazyString): string {
  return text instanceof LazyString ? text.toString() : text
}

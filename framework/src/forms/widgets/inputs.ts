/**
 * The `<input>` and `<textarea>` widgets (as Django's `TextInput`, `NumberInput`, `EmailInput`,
 * `URLInput`, `PasswordInput`, `HiddenInput`, `DateInput`, `DateTimeInput`, `TimeInput`,
 * `CheckboxInput`, `Textarea`, `FileInput`).
 *
 * @module
 */
import { escapeHtml } from '../../templates/safe.ts'
import type { FormDataSource } from './data.ts'
import { renderAttrs, Widget } from './widget.ts'
import type { RenderContext, WidgetAttrs, WidgetOptions } from './widget.ts'

/** An `<input type="...">`: `<input type="text" name="title" value="..." maxlength="100" required id="id_title">`. */
export abstract class Input extends Widget {
  /** The `type` attribute. */
  abstract readonly inputType: string

  /** @inheritdoc */
  render(name: string, value: unknown, attrs: WidgetAttrs, _context: RenderContext = {}): string {
    const shown = this.formatValue(value)
    const valueAttr = shown === null ? '' : ` value="${escapeHtml(shown)}"`
    return `<input type="${this.inputType}" name="${escapeHtml(name)}"${valueAttr}${renderAttrs({ ...this.attrs, ...attrs })}>`
  }
}

/** `<input type="text">`. */
export class TextInput extends Input {
  readonly inputType: string = 'text'
}

/** `<input type="number">`; number fields add `min`, `max` and `step`. */
export class NumberInput extends Input {
  readonly inputType: string = 'number'
}

/** `<input type="email">`. */
export class EmailInput extends Input {
  readonly inputType: string = 'email'
}

/** `<input type="url">`. */
export class URLInput extends Input {
  readonly inputType: string = 'url'
}

/** `<input type="password">`; the value is not sent back to the page unless `renderValue: true` (as Django). */
export class PasswordInput extends Input {
  readonly inputType: string = 'password'
  /** Whether a submitted password is re-rendered (default `false`). */
  readonly renderValue: boolean

  /** @param options - `attrs`, and `renderValue` (default `false`). */
  constructor(options: WidgetOptions & { readonly renderValue?: boolean } = {}) {
    super(options)
    this.renderValue = options.renderValue ?? false
  }

  /** @inheritdoc */
  override render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    return super.render(name, this.renderValue ? value : null, attrs, context)
  }
}

/** `<input type="hidden">`, rendered apart from the visible fields. */
export class HiddenInput extends Input {
  readonly inputType: string = 'hidden'
  override readonly isHidden: boolean = true
}

/** `<input type="date">` showing `YYYY-MM-DD` (what browsers' date pickers send). */
export class DateInput extends Input {
  readonly inputType: string = 'date'

  /** @inheritdoc */
  override formatValue(value: unknown): string | null {
    if (value instanceof Date) return value.toISOString().slice(0, 10)
    return super.formatValue(value)
  }
}

/** `<input type="datetime-local">` showing `YYYY-MM-DDTHH:MM:SS` in UTC. */
export class DateTimeInput extends Input {
  readonly inputType: string = 'datetime-local'

  /** @inheritdoc */
  override formatValue(value: unknown): string | null {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 19)
    return super.formatValue(value)
  }
}

/** `<input type="time">`. */
export class TimeInput extends Input {
  readonly inputType: string = 'time'
}

/** `<input type="file">`; reads the file from the form's `files`. A file is never re-rendered. */
export class FileInput extends Input {
  readonly inputType: string = 'file'
  override readonly needsMultipartForm: boolean = true

  /** @inheritdoc */
  override render(name: string, _value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    return super.render(name, null, attrs, context)
  }

  /** @inheritdoc */
  override valueFromData(_data: FormDataSource, files: FormDataSource, name: string): unknown {
    return files.get(name)
  }

  /** @inheritdoc */
  override valueOmittedFromData(_data: FormDataSource, files: FormDataSource, name: string): boolean {
    return !files.has(name)
  }
}

/** `<textarea cols="40" rows="10">` (Django's default size). */
export class Textarea extends Widget {
  /** @param options - `attrs`; `cols` 40 and `rows` 10 unless given. */
  constructor(options: WidgetOptions = {}) {
    super({ attrs: { cols: 40, rows: 10, ...(options.attrs ?? {}) } })
  }

  /** @inheritdoc */
  render(name: string, value: unknown, attrs: WidgetAttrs, _context: RenderContext = {}): string {
    const shown = this.formatValue(value) ?? ''
    return `<textarea name="${escapeHtml(name)}"${renderAttrs({ ...this.attrs, ...attrs })}>\n${escapeHtml(shown)}</textarea>`
  }
}

/**
 * `<input type="checkbox">`, `checked` when the value is truthy. An unticked box sends nothing,
 * which reads as `false`; `'false'`/`'0'`-style strings read as `false` too (as Django).
 */
export class CheckboxInput extends Widget {
  /** @inheritdoc */
  render(name: string, value: unknown, attrs: WidgetAttrs, _context: RenderContext = {}): string {
    const checked = isChecked(value)
    const shown = value === true || value === false || value === null || value === undefined || value === '' ? null : String(value)
    const valueAttr = shown === null ? '' : ` value="${escapeHtml(shown)}"`
    return `<input type="checkbox" name="${escapeHtml(name)}"${valueAttr}${renderAttrs({ ...this.attrs, ...attrs, checked })}>`
  }

  /** @inheritdoc */
  override valueFromData(data: FormDataSource, _files: FormDataSource, name: string): unknown {
    if (!data.has(name)) return false
    const value = data.get(name)
    if (typeof value === 'string') {
      const known: Readonly<Record<string, boolean>> = { true: true, false: false }
      const mapped = known[value.toLowerCase()]
      if (mapped !== undefined) return mapped
    }
    return Boolean(value)
  }

  /** An unticked checkbox is never "omitted": HTML sends nothing for it. */
  override valueOmittedFromData(): boolean {
    return false
  }
}

function isChecked(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false
  if (typeof value === 'string' && ['false', '0'].includes(value.toLowerCase())) return false
  return Boolean(value)
}

/**
 * Text fields: `CharField`, `EmailField`, `URLField`, `SlugField`, `RegexField`, `UUIDField` (as
 * Django's). Each cleans to a string (`''` when empty and not required, or `emptyValue`).
 *
 * @module
 */
import { EmailInput, URLInput } from '../widgets/inputs.ts'
import type { Widget, WidgetAttrs } from '../widgets/widget.ts'
import { FormField, isEmpty } from './field.ts'
import type { FieldOptions } from './field.ts'

/** Options of {@link CharField}. */
export interface CharFieldOptions extends FieldOptions {
  /** At most this many characters (also the `maxlength` attribute). */
  readonly maxLength?: number
  /** At least this many characters (also `minlength`). */
  readonly minLength?: number
  /** Trim surrounding whitespace (default `true`). */
  readonly strip?: boolean
  /** What an empty input cleans to (default `''`; `null` for a nullable model field). */
  readonly emptyValue?: string | null
}

/** A string; `maxLength`/`minLength` with Django's messages. Widget `TextInput`. */
export class CharField<T extends string | null = string> extends FormField<T> {
  readonly maxLength: number | null
  readonly minLength: number | null
  readonly strip: boolean
  readonly emptyValue: string | null

  /** @param options - see {@link CharFieldOptions}. */
  constructor(options: CharFieldOptions = {}) {
    super(options)
    this.maxLength = options.maxLength ?? null
    this.minLength = options.minLength ?? null
    this.strip = options.strip ?? true
    this.emptyValue = options.emptyValue === undefined ? '' : options.emptyValue
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return this.emptyValue
    let text = typeof value === 'string' ? value : String(value)
    if (this.strip) text = text.trim()
    if (text === '') return this.emptyValue
    if (text.includes('\0')) throw this.error('nullCharactersNotAllowed')
    return text
  }

  /** @inheritdoc */
  override runValidators(value: unknown): void {
    if (!isEmpty(value) && typeof value === 'string') {
      const length = [...value].length
      if (this.maxLength !== null && length > this.maxLength) throw this.error('maxLength', { limitValue: this.maxLength, showValue: length })
      if (this.minLength !== null && length < this.minLength) throw this.error('minLength', { limitValue: this.minLength, showValue: length })
    }
    this.formatCheck(value)
    super.runValidators(value)
  }

  /** Subclasses check the format of a non-empty value here. */
  protected formatCheck(_value: unknown): void {}

  /** @inheritdoc */
  override widgetAttrs(widget: Widget): WidgetAttrs {
    if (widget.isHidden) return {}
    return { maxlength: this.maxLength ?? undefined, minlength: this.minLength ?? undefined }
  }
}

// Django's EmailValidator in spirit: a dot-atom local part, a domain with a dot (or localhost-free), or a literal.
const EMAIL = /^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9-]{2,63}|\[[0-9.:A-Fa-f]+\])$/

/** An email address: "Enter a valid email address." Widget `EmailInput`. */
export class EmailField extends CharField {
  protected override defaultWidget(): Widget {
    return new EmailInput()
  }

  protected override formatCheck(value: unknown): void {
    if (typeof value === 'string' && value !== '' && !EMAIL.test(value)) throw this.error('invalidEmail')
  }
}

/** Options of {@link URLField}. */
export interface URLFieldOptions extends CharFieldOptions {
  /** The scheme added to a URL typed without one (`example.com`); default `'https'` (Django 6's default). */
  readonly assumeScheme?: string
}

/** A URL with scheme http, https, ftp or ftps: "Enter a valid URL." Widget `URLInput`. */
export class URLField extends CharField {
  readonly assumeScheme: string

  /** @param options - see {@link URLFieldOptions}. */
  constructor(options: URLFieldOptions = {}) {
    super(options)
    this.assumeScheme = options.assumeScheme ?? 'https'
  }

  protected override defaultWidget(): Widget {
    return new URLInput()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    const text = super.toPython(value)
    if (typeof text !== 'string' || text === '') return text
    // As Django: no scheme means the whole text is a host and path; add the assumed scheme.
    return /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `${this.assumeScheme}://${text}`
  }

  protected override formatCheck(value: unknown): void {
    if (typeof value !== 'string' || value === '') return
    let url: URL
    try {
      url = new URL(value)
    } catch {
      throw this.error('invalidUrl')
    }
    const hostOk = /^([a-z0-9\u00a1-\uffff]([a-z0-9\u00a1-\uffff-]{0,61}[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff-]{2,63}\.?$|^localhost$|^\d{1,3}(\.\d{1,3}){3}$|^\[[0-9a-f:.]+\]$/i
    if (!['http:', 'https:', 'ftp:', 'ftps:'].includes(url.protocol) || !hostOk.test(url.hostname) || /\s/.test(value)) {
      throw this.error('invalidUrl')
    }
  }
}

/** Options of {@link SlugField}. */
export interface SlugFieldOptions extends CharFieldOptions {
  /** Accept Unicode letters and digits too (default `false`). */
  readonly allowUnicode?: boolean
}

/** Letters, digits, `_` and `-`; Django's slug messages. */
export class SlugField extends CharField {
  readonly allowUnicode: boolean

  /** @param options - see {@link SlugFieldOptions}. */
  constructor(options: SlugFieldOptions = {}) {
    super(options)
    this.allowUnicode = options.allowUnicode ?? false
  }

  protected override formatCheck(value: unknown): void {
    if (typeof value !== 'string' || value === '') return
    if (this.allowUnicode ? !/^[-\p{L}\p{N}_]+$/u.test(value) : !/^[-a-zA-Z0-9_]+$/.test(value)) {
      throw this.error(this.allowUnicode ? 'invalidUnicodeSlug' : 'invalidSlug')
    }
  }
}

/** A string matching `regex` (searched, as Django's `RegexValidator`): "Enter a valid value." */
export class RegexField extends CharField {
  readonly regex: RegExp

  /**
   * @param regex - a `RegExp` or its source; searched anywhere in the value unless anchored.
   * @param options - as {@link CharField}.
   */
  constructor(regex: RegExp | string, options: CharFieldOptions = {}) {
    super(options)
    this.regex = typeof regex === 'string' ? new RegExp(regex) : regex
  }

  protected override formatCheck(value: unknown): void {
    if (typeof value !== 'string' || value === '') return
    this.regex.lastIndex = 0
    if (!this.regex.test(value)) throw this.error('invalid')
  }
}

const UUID = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i

/** A UUID in any of Python's accepted spellings, cleaned to the lower-case hyphenated form: "Enter a valid UUID." */
export class UUIDField<T extends string | null = string> extends CharField<T> {
  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    const text = super.toPython(value)
    if (typeof text !== 'string' || text === '') return text === '' ? null : text
    const match = UUID.exec(text)
    if (match === null) throw this.error('invalidUuid')
    return match.slice(1).join('-').toLowerCase()
  }
}

/**
 * Template errors, with the template's name and position so the DEBUG 500 page can point at the line
 * (as Django's `TemplateSyntaxError` and `TemplateDoesNotExist`). Codes are listed in `docs/errors.md`.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'

/** Where a template error happened. */
export interface TemplateErrorInfo {
  /** The template's name as looked up (`news/detail.html`), or `null` for a string template. */
  readonly templateName: string | null
  /** Absolute path of the template file, or `null`. */
  readonly templatePath: string | null
  /** 1-based line, or `null` when nunjucks did not track it (see `docs/templates.md`). */
  readonly line: number | null
  /** 1-based column, or `null`. */
  readonly column: number | null
}

/**
 * A template failed to compile (syntax) or to render (a value threw, an unknown filter). Code
 * `E_TEMPLATE`. `cause` holds the original error for render failures.
 */
export class TemplateError extends TangoError implements TemplateErrorInfo {
  readonly templateName: string | null
  readonly templatePath: string | null
  readonly line: number | null
  readonly column: number | null
  /** nunjucks' complaint without the position prefix, e.g. `unexpected token: %}`. */
  readonly detail: string

  /**
   * @param detail - what went wrong.
   * @param info - template name, path, line and column.
   */
  constructor(detail: string, info: TemplateErrorInfo, options?: ErrorOptions) {
    const where = info.templateName ?? info.templatePath ?? '<string>'
    const position = info.line === null ? '' : info.column === null ? `, line ${info.line}` : `, line ${info.line}, column ${info.column}`
    super('E_TEMPLATE', `Template error in ${where}${position}: ${detail}`, options)
    this.templateName = info.templateName
    this.templatePath = info.templatePath
    this.line = info.line
    this.column = info.column
    this.detail = detail
  }
}

/**
 * No template folder holds the requested name (as Django's `TemplateDoesNotExist`). Code
 * `E_TEMPLATE_NOT_FOUND`; {@link TemplateDoesNotExist.tried} lists the paths looked at, in order.
 */
export class TemplateDoesNotExist extends TangoError {
  /** The name (or names, for a list) asked for. */
  readonly templateName: string
  /** Every file path tried, in search order. */
  readonly tried: readonly string[]

  /**
   * @param templateName - the missing name.
   * @param tried - the paths looked at.
   */
  constructor(templateName: string, tried: readonly string[], options?: ErrorOptions) {
    const list = tried.length === 0 ? ' No template folders are configured (TEMPLATES.DIRS is empty and no app has templates/).' : `\nTried:\n${tried.map((p) => `  ${p}`).join('\n')}`
    super('E_TEMPLATE_NOT_FOUND', `Template '${templateName}' does not exist.${list}`, options)
    this.templateName = templateName
    this.tried = Object.freeze([...tried])
  }
}

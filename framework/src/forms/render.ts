/**
 * The `div` layout of a form (Django 5.2's `django/forms/div.html`), built in TypeScript with every
 * value escaped, so it needs no template folder.
 *
 * @module
 */
import { gettext } from '../core/translation.ts'
import { escapeHtml } from '../templates/safe.ts'
import { errorList } from './bound-field.ts'
import type { BaseForm } from './form.ts'
import { formatMessage } from './messages.ts'

/** @internal The HTML of `form.asDiv()`. */
export function renderDiv(form: BaseForm): string {
  const out: string[] = []
  const nonField = [...form.nonFieldErrors()]
  const hidden = form.hiddenFields()
  // Errors of hidden fields have no place of their own: they join the top list, as Django.
  for (const field of hidden) for (const message of field.errors) nonField.push(formatMessage(gettext('(Hidden field {name}) {error}'), { name: field.name, error: message }))
  const top = errorList(nonField, null, 'nonfield').toString()
  if (top) out.push(top)
  for (const field of form.visibleFields()) {
    const fieldset = field.field.widget.useFieldset
    const parts: string[] = []
    if (fieldset) {
      const describedBy = field.helpText && field.autoId ? ` aria-describedby="${escapeHtml(field.autoId)}_helptext"` : ''
      parts.push(`<fieldset${describedBy}>`, field.legendTag().toString())
    } else {
      parts.push(field.labelTag().toString())
    }
    const help = field.helpTextHtml().toString()
    if (help) parts.push(help)
    const errors = field.errorsHtml().toString()
    if (errors) parts.push(errors)
    parts.push(field.asWidget().toString())
    if (fieldset) parts.push('</fieldset>')
    const cls = field.errors.length ? ' class="error"' : ''
    out.push(`<div${cls}>\n  ${parts.join('\n  ')}\n</div>`)
  }
  if (hidden.length) out.push(`<div>${hidden.map((f) => f.asWidget().toString()).join('')}</div>`)
  return out.join('\n')
}

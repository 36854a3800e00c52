/**
 * Choice widgets: `Select`, `SelectMultiple`, `RadioSelect`, `CheckboxSelectMultiple` (as Django's).
 * The choices come from the field at render time (a model choice field loads them from the database
 * in `form.prepare()`).
 *
 * @module
 */
import { escapeHtml } from '../../templates/safe.ts'
import type { FormDataSource } from './data.ts'
import { renderAttrs, Widget } from './widget.ts'
import type { RenderContext, WidgetAttrs } from './widget.ts'

/** The selected values as strings. */
function selectedSet(value: unknown): ReadonlySet<string> {
  const list = Array.isArray(value) ? value : [value]
  return new Set(list.filter((v) => v !== null && v !== undefined).map((v) => String(v)))
}

/** `<select>` with one `<option>` per choice; the current value is `selected`. */
export class Select extends Widget {
  /** @inheritdoc */
  render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    const selected = selectedSet(value)
    const multiple = this.allowMultipleSelected ? { multiple: true } : {}
    const options = (context.choices ?? []).map((c) =>
      `  <option value="${escapeHtml(c.value)}"${selected.has(c.value) ? ' selected' : ''}>${escapeHtml(c.label)}</option>\n`).join('')
    return `<select name="${escapeHtml(name)}"${renderAttrs({ ...this.attrs, ...attrs, ...multiple })}>\n${options}</select>`
  }
}

/** `<select multiple>`; the value is the list of every selected option. */
export class SelectMultiple extends Select {
  override readonly allowMultipleSelected: boolean = true

  /** @inheritdoc */
  override valueFromData(data: FormDataSource, _files: FormDataSource, name: string): unknown {
    return data.getAll(name)
  }

  /** A `<select multiple>` with nothing selected sends nothing, so it is never "omitted". */
  override valueOmittedFromData(): boolean {
    return false
  }
}

/**
 * Radio buttons or checkboxes, each inside its `<label>`, in a `<div>` (Django 4+'s markup); the form
 * wraps them in a `<fieldset>` with a `<legend>`. Input ids are `<id>_0`, `<id>_1`, ...
 */
abstract class ChoiceInputs extends Widget {
  abstract readonly inputType: 'radio' | 'checkbox'
  override readonly useFieldset: boolean = true

  /** @inheritdoc */
  render(name: string, value: unknown, attrs: WidgetAttrs, context: RenderContext = {}): string {
    const selected = selectedSet(value)
    const { id, ...rest } = { ...this.attrs, ...attrs }
    // `required` on every checkbox would force all ticked; Django drops it for CheckboxSelectMultiple.
    const inputAttrs = this.inputType === 'checkbox' ? { ...rest, required: false } : rest
    const items = (context.choices ?? []).map((c, i) => {
      const idAttr = id === undefined || id === null || id === false ? {} : { id: `${String(id)}_${i}` }
      const forAttr = 'id' in idAttr ? ` for="${escapeHtml(idAttr.id)}"` : ''
      const input = `<input type="${this.inputType}" name="${escapeHtml(name)}" value="${escapeHtml(c.value)}"${renderAttrs({ ...inputAttrs, ...idAttr, checked: selected.has(c.value) })}>`
      return `<div>\n<label${forAttr}>${input}\n ${escapeHtml(c.label)}</label>\n</div>`
    }).join('')
    const outerId = id === undefined || id === null || id === false ? '' : ` id="${escapeHtml(String(id))}"`
    return `<div${outerId}>${items}</div>`
  }

  /** Labels point at the first input (Django's `id_for_label` with index 0). */
  override idForLabel(id: string): string {
    return `${id}_0`
  }
}

/** Radio buttons: one value. */
export class RadioSelect extends ChoiceInputs {
  readonly inputType = 'radio' as const
}

/** Checkboxes: a list of values. */
export class CheckboxSelectMultiple extends ChoiceInputs {
  readonly inputType = 'checkbox' as const
  override readonly allowMultipleSelected: boolean = true

  /** @inheritdoc */
  override valueFromData(data: FormDataSource, _files: FormDataSource, name: string): unknown {
    return data.getAll(name)
  }

  /** Unticked checkboxes send nothing, so they are never "omitted". */
  override valueOmittedFromData(): boolean {
    return false
  }
}

/**
 * The formset management form (Django's `ManagementForm`): four hidden inputs, `<prefix>-TOTAL_FORMS`,
 * `<prefix>-INITIAL_FORMS`, `<prefix>-MIN_NUM_FORMS` and `<prefix>-MAX_NUM_FORMS`, that tell the
 * server how many forms a submitted formset holds.
 *
 * @module
 */
import { ValidationError } from '../db/errors.ts'
import { IntegerField } from './fields/numbers.ts'
import { defineForm } from './form.ts'
import type { BaseForm } from './form.ts'
import { HiddenInput } from './widgets/inputs.ts'
import type { FormDataSource } from './widgets/data.ts'

/** The management form's field names (Django's `TOTAL_FORM_COUNT`, `INITIAL_FORM_COUNT`, ...). */
export const TOTAL_FORM_COUNT = 'TOTAL_FORMS'
export const INITIAL_FORM_COUNT = 'INITIAL_FORMS'
export const MIN_NUM_FORM_COUNT = 'MIN_NUM_FORMS'
export const MAX_NUM_FORM_COUNT = 'MAX_NUM_FORMS'

/**
 * The management form class: `TOTAL_FORMS` and `INITIAL_FORMS` required, the other two informative
 * (the server never trusts them: it uses its own `minNum` and `maxNum`).
 */
export const ManagementForm = defineForm({
  [TOTAL_FORM_COUNT]: new IntegerField({ widget: new HiddenInput() }),
  [INITIAL_FORM_COUNT]: new IntegerField({ widget: new HiddenInput() }),
  [MIN_NUM_FORM_COUNT]: new IntegerField({ required: false, widget: new HiddenInput() }),
  [MAX_NUM_FORM_COUNT]: new IntegerField({ required: false, widget: new HiddenInput() }),
})

/** @internal What a submitted management form says. */
export interface ManagementData {
  /** `TOTAL_FORMS` as sent (0 when missing or invalid); the formset caps it by `absoluteMax`. */
  readonly totalForms: number
  /** `INITIAL_FORMS` as sent (0 when missing or invalid). */
  readonly initialForms: number
  /** The prefixed names of the fields missing or invalid (`form-TOTAL_FORMS`); empty when all is well. */
  readonly invalid: readonly string[]
}

/**
 * @internal Reads the management form out of submitted data, synchronously (the formset needs the
 * counts to build its forms before any async validation). Missing or non-integer counts read as 0
 * and are listed in `invalid`, as Django's `ManagementForm.clean` defaults them; negative counts
 * read as 0.
 */
export function readManagementData(data: FormDataSource, prefix: string): ManagementData {
  const form: BaseForm = new ManagementForm({ data: {}, prefix })
  const invalid: string[] = []
  const counts: Record<string, number> = {}
  for (const [name, field] of Object.entries(form.fields)) {
    const htmlName = form.addPrefix(name)
    try {
      const value = field.toPython(field.widget.valueFromData(data, data, htmlName))
      field.validate(value)
      counts[name] = typeof value === 'number' ? Math.max(0, value) : 0
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      invalid.push(htmlName)
    }
  }
  return { totalForms: counts[TOTAL_FORM_COUNT] ?? 0, initialForms: counts[INITIAL_FORM_COUNT] ?? 0, invalid }
}

/**
 * `BooleanField`, `JSONField` and `FileField` (as Django's).
 *
 * @module
 */
import type { UploadedFile } from '../../http/uploaded-file.ts'
import { CheckboxInput, FileInput, Textarea } from '../widgets/inputs.ts'
import type { Widget } from '../widgets/widget.ts'
import { FormField } from './field.ts'

/**
 * `true` or `false` from a checkbox. Required (the default) means it must be ticked, as Django:
 * use `required: false` for an ordinary yes/no box. `'false'` and `'0'` read as `false`.
 */
export class BooleanField extends FormField<boolean> {
  protected override defaultWidget(): Widget {
    return new CheckboxInput()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (typeof value === 'string' && ['false', '0'].includes(value.toLowerCase())) return false
    return Boolean(value)
  }

  /** @inheritdoc */
  override validate(value: unknown): void {
    if (value !== true && this.required) throw this.error('required')
  }
}

/** Any JSON value typed as text, parsed: "Enter a valid JSON." Widget `Textarea`; shown re-serialized. */
export class JSONField<T = unknown> extends FormField<T> {
  protected override defaultWidget(): Widget {
    return new Textarea()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    if (typeof value !== 'string') return value
    try {
      return JSON.parse(value) as unknown
    } catch {
      throw this.error('invalidJson')
    }
  }

  /** @inheritdoc */
  override validate(value: unknown): void {
    if (this.required && (value === null || value === undefined)) throw this.error('required')
  }

  /** Submitted text is parsed for display, so valid JSON is shown re-serialized and invalid JSON as typed. */
  override boundData(data: unknown): unknown {
    if (typeof data !== 'string') return data
    try {
      return JSON.parse(data) as unknown
    } catch {
      return new InvalidJsonInput(data)
    }
  }

  /** @inheritdoc */
  override prepareValue(value: unknown): unknown {
    if (value === null || value === undefined) return value
    return value instanceof InvalidJsonInput ? value.text : JSON.stringify(value)
  }
}

/** Submitted text that is not JSON, kept to be shown back as typed (Django's `InvalidJSONInput`). */
class InvalidJsonInput {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

/** An uploaded file (from `request.files()`): "No file was submitted." / "The submitted file is empty." */
export class FileField extends FormField<UploadedFile | null> {
  protected override defaultWidget(): Widget {
    return new FileInput()
  }

  /** @inheritdoc */
  override toPython(value: unknown): unknown {
    if (value === null || value === undefined || value === '') return null
    const file = value as Partial<UploadedFile>
    if (typeof file.filename !== 'string' || typeof file.size !== 'number') throw this.error('missingFile')
    if (file.size === 0) throw this.error('emptyFile')
    return value
  }
}

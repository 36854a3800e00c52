/**
 * The questions `makemigrations` asks (Django's `MigrationQuestioner`): whether a field or model
 * was renamed, and which one-off default fills existing rows when a non-null field without a default
 * is added. {@link InteractiveQuestioner} asks on a terminal; {@link NonInteractiveQuestioner}
 * (`--no-input`) never assumes a rename (add + remove instead) and refuses to guess a default.
 *
 * @module
 */
import { createInterface } from 'node:readline/promises'
import type { Readable, Writable } from 'node:stream'
import { TangoError } from '../../core/errors.ts'
import type { FieldSpec, ModelSpec } from '../spec.ts'

/** What the autodetector asks. Every method may be async. */
export interface Questioner {
  /** `Was question.text renamed to question.body (a CharField)? [y/N]` */
  askRenameField(model: ModelSpec, oldName: string, newName: string, field: FieldSpec): Promise<boolean> | boolean
  /** `Was the model polls.Question renamed to Query? [y/N]` */
  askRenameModel(oldModel: ModelSpec, newModel: ModelSpec): Promise<boolean> | boolean
  /**
   * The one-off default for existing rows when adding a non-null field with no default.
   * @throws {@link NotNullDefaultError} when no default can be had.
   */
  askNotNullAddition(model: ModelSpec, field: FieldSpec): Promise<unknown> | unknown
}

/** Adding a non-nullable field without a default and no way to ask for one. Code `E_MIGRATION_NOT_NULL`. */
export class NotNullDefaultError extends TangoError {
  /** @param model - the model's label; @param field - the field's name. */
  constructor(model: ModelSpec, field: FieldSpec) {
    super('E_MIGRATION_NOT_NULL',
      `It is impossible to add a non-nullable field '${field.name}' to ${model.name.toLowerCase()} without specifying a default. ` +
      'This is because the database needs something to populate existing rows. Give the field a default, make it null: true, ' +
      'or run makemigrations without --no-input to provide a one-off default.')
  }
}

/** Django's description of a field in the rename question: `a CharField`, `an IntegerField`. */
function article(type: string): string {
  return /^[AEIOU]/.test(type) ? `an ${type}` : `a ${type}`
}

/** `--no-input`: renames become remove + add; a needed default is an error. */
export class NonInteractiveQuestioner implements Questioner {
  askRenameField(): boolean {
    return false
  }

  askRenameModel(): boolean {
    return false
  }

  askNotNullAddition(model: ModelSpec, field: FieldSpec): never {
    throw new NotNullDefaultError(model, field)
  }
}

/**
 * Parses a one-off default typed at the prompt: JSON (`0`, `"draft"`, `true`, `null`, `[]`), a bare
 * word taken as a string, or `now` (the current time, for date/time fields), as Django's
 * `timezone.now` shortcut.
 */
export function parseDefault(text: string, field: FieldSpec): unknown {
  const trimmed = text.trim()
  if (trimmed === 'now' && (field.type === 'DateTimeField' || field.type === 'DateField' || field.type === 'TimeField')) {
    const iso = new Date().toISOString()
    if (field.type === 'DateField') return iso.slice(0, 10)
    if (field.type === 'TimeField') return iso.slice(11, 19)
    return iso.replace('T', ' ').replace('Z', '')
  }
  try {
    return JSON.parse(trimmed)
  } catch {
    return trimmed
  }
}

/** Asks on a terminal (stdin/stdout by default). */
export class InteractiveQuestioner implements Questioner {
  readonly #input: Readable
  readonly #output: Writable
  #lines: AsyncIterator<string> | null = null
  #close: (() => void) | null = null

  /** @param options - streams to ask on (default `process.stdin` / `process.stdout`). */
  constructor(options: { input?: Readable; output?: Writable } = {}) {
    this.#input = options.input ?? process.stdin
    this.#output = options.output ?? process.stdout
  }

  /** One interface for every question: a fresh one per question would lose lines it had read ahead. */
  async #ask(question: string): Promise<string> {
    if (this.#lines === null) {
      const rl = createInterface({ input: this.#input, terminal: false })
      this.#lines = rl[Symbol.asyncIterator]()
      this.#close = () => rl.close()
    }
    this.#output.write(question)
    const next = await this.#lines.next()
    // End of input answers with the default (no), as Django does on EOF.
    return next.done === true ? '' : next.value
  }

  /** Releases the input stream (call when done asking). */
  close(): void {
    this.#close?.()
    this.#lines = null
    this.#close = null
  }

  async #yesNo(question: string): Promise<boolean> {
    for (;;) {
      const answer = (await this.#ask(`${question} [y/N] `)).trim().toLowerCase()
      if (answer === '' || answer === 'n' || answer === 'no') return false
      if (answer === 'y' || answer === 'yes') return true
      this.#output.write("Please answer 'y' or 'n'.\n")
    }
  }

  askRenameField(model: ModelSpec, oldName: string, newName: string, field: FieldSpec): Promise<boolean> {
    const m = model.name.toLowerCase()
    return this.#yesNo(`Was ${m}.${oldName} renamed to ${m}.${newName} (${article(field.type)})?`)
  }

  askRenameModel(oldModel: ModelSpec, newModel: ModelSpec): Promise<boolean> {
    return this.#yesNo(`Was the model ${oldModel.label} renamed to ${newModel.name}?`)
  }

  async askNotNullAddition(model: ModelSpec, field: FieldSpec): Promise<unknown> {
    this.#output.write(
      `It is impossible to add a non-nullable field '${field.name}' to ${model.name.toLowerCase()} without specifying a default. ` +
      'This is because the database needs something to populate existing rows.\n' +
      'Please enter a one-off default value as JSON (a bare word is taken as a string; `now` for the current time), or `quit` to stop:\n')
    const answer = (await this.#ask('>>> ')).trim()
    if (answer === 'quit' || answer === '') throw new NotNullDefaultError(model, field)
    return parseDefault(answer, field)
  }
}

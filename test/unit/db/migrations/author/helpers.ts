// Small builders for hand-made states in the author-side tests.
import { createModel, ProjectState } from '../../../../../framework/src/db/migrations/index.ts'
import type { FieldInput, ModelOptions, Questioner } from '../../../../../framework/src/db/migrations/index.ts'

export const id: FieldInput = { name: 'id', type: 'BigAutoField', primaryKey: true }

/** A state with these models: `[label, fields, options?]`. */
export function stateOf(...models: [string, FieldInput[], ModelOptions?][]): ProjectState {
  let state = ProjectState.empty()
  for (const [model, fields, options] of models) state = state.apply(createModel({ model, fields: [id, ...fields], ...(options === undefined ? {} : { options }) }))
  return state
}

/** Answers every question the same way and remembers what it was asked. */
export class AnsweringQuestioner implements Questioner {
  readonly asked: string[] = []
  readonly #renames: boolean
  readonly #default: unknown
  constructor(options: { renames: boolean; defaultValue?: unknown }) {
    this.#renames = options.renames
    this.#default = options.defaultValue ?? 0
  }
  askRenameField(_m: unknown, oldName: string, newName: string): boolean {
    this.asked.push(`field ${oldName}->${newName}`)
    return this.#renames
  }
  askRenameModel(o: { label: string }, n: { label: string }): boolean {
    this.asked.push(`model ${o.label}->${n.label}`)
    return this.#renames
  }
  askNotNullAddition(_m: unknown, field: { name: string }): unknown {
    this.asked.push(`default ${field.name}`)
    return this.#default
  }
}

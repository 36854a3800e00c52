/**
 * What the data commands (`flush`, `dumpdata`, `loaddata`, `shell`) share: loading the installed
 * apps' models, choosing models, ordering them so referenced models come first, the join tables of
 * many-to-many fields, and a yes/no question on the terminal.
 *
 * @internal
 * @module
 */
import { createInterface } from 'node:readline/promises'
import { apps } from '../../core/apps.ts'
import { importAppModels } from '../../db/models/autodiscover.ts'
import { m2mJoin } from '../../db/models/m2m.ts'
import { modelRegistry } from '../../db/models/registry.ts'
import type { AnyModel } from '../../db/models/types.ts'
import type { FieldSpec } from '../../db/spec.ts'
import { CommandError } from '../errors.ts'

/**
 * Imports `<app>/models.ts` (or `.js`) of every installed app so their models are registered
 * (Django's model autodiscovery at `django.setup()`).
 */
export async function loadProjectModels(): Promise<void> {
  await importAppModels()
}

/** Registered models whose tables Tango manages (not abstract, not `managed: false`), referenced models first. */
export function managedModels(): AnyModel[] {
  return sortByDependency(modelRegistry.all().filter((m) => !m._meta.abstract && m._meta.managed))
}

/**
 * The models named on a command line: `app` (all of its models) or `app.Model` (case-insensitive
 * model name), every managed model when none is named; referenced models first.
 * @throws {@link CommandError} "No installed app with label 'x'." / "Unknown model: x.Y".
 */
export function selectModels(names: readonly string[], exclude: readonly string[] = []): AnyModel[] {
  const all = managedModels()
  const pick = (name: string): AnyModel[] => {
    const [app, model] = name.split('.', 2)
    const inApp = all.filter((m) => m._meta.appLabel === app)
    if (model === undefined) {
      if (inApp.length === 0 && !apps.all().some((a) => a.label === app)) throw new CommandError(`No installed app with label '${name}'.`)
      return inApp
    }
    const found = inApp.find((m) => m._meta.name.toLowerCase() === model.toLowerCase())
    if (found === undefined) throw new CommandError(`Unknown model: ${name}`)
    return [found]
  }
  const chosen = names.length === 0 ? all : [...new Set(names.flatMap(pick))]
  const excluded = new Set(exclude.flatMap(pick))
  return sortByDependency(chosen.filter((m) => !excluded.has(m)))
}

/** Orders models so that the target of each ForeignKey / OneToOne / through model comes before it (stable; cycles keep their order). */
export function sortByDependency(models: readonly AnyModel[]): AnyModel[] {
  const byLabel = new Map(models.map((m) => [m._meta.label, m]))
  const out: AnyModel[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (model: AnyModel): void => {
    const label = model._meta.label
    if (state.has(label)) return
    state.set(label, 'visiting')
    for (const field of model._meta.fields) {
      if (field.relation === null || field.type === 'ManyToManyField') continue
      const target = byLabel.get(modelRegistry.resolveLabel(label, field.relation.to))
      if (target !== undefined && target !== model) visit(target)
    }
    state.set(label, 'done')
    out.push(model)
  }
  for (const model of models) visit(model)
  return out
}

/** The automatic join table of a many-to-many field, or `null` for one with an explicit `through` model (that model is dumped itself). */
export function autoM2mTable(model: AnyModel, field: FieldSpec): { table: string; sourceCol: string; targetCol: string } | null {
  if (field.type !== 'ManyToManyField' || field.relation === null || field.relation.through !== null) return null
  const join = m2mJoin(model, field)
  return { table: join.table, sourceCol: join.sourceColumn, targetCol: join.targetColumn }
}

/** Every table of these models: their own and their automatic join tables. */
export function tablesOf(models: readonly AnyModel[]): string[] {
  const tables: string[] = []
  for (const model of models) {
    tables.push(model._meta.dbTable)
    for (const field of model._meta.fields) {
      const join = autoM2mTable(model, field)
      if (join !== null) tables.push(join.table)
    }
  }
  return [...new Set(tables)]
}

/** The fixture label of a model: `polls.question` (Django's `model._meta.label_lower`). */
export function labelLower(model: AnyModel): string {
  return `${model._meta.appLabel}.${model._meta.name.toLowerCase()}`
}

/**
 * Asks a yes/no question on the terminal (as Django's `input()` prompts); only `yes` is yes.
 * End of input (no terminal, closed stdin) is no.
 */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const answer = await new Promise<string | null>((resolve) => {
      rl.once('close', () => resolve(null))
      rl.question(question).then(resolve, () => resolve(null))
    })
    return answer !== null && answer.trim().toLowerCase() === 'yes'
  } finally {
    rl.close()
  }
}

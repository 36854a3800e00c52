/**
 * The autodetector (Django's `MigrationAutodetector`): diffs the state the migrations describe with
 * the state of the models and returns, per app, the operations that take one to the other, in an
 * order that runs (referenced models created first), with the other apps each migration depends on.
 * Renames are detected (same definition, different name) and confirmed through a {@link Questioner}.
 *
 * @module
 */
import type { FieldSpec, ModelSpec } from '../spec.ts'
import { ProjectState } from './state.ts'
import type { Operation } from './operations/types.ts'
import {
  addConstraint, addField, addIndex, alterField, alterModelOptions, alterModelTable, alterUniqueTogether,
  createModel, deleteModel, removeConstraint, removeField, removeIndex, renameField, renameModel,
} from './operations/index.ts'
import { deconstructField, stableStringify } from './operations/compare.ts'
import { splitLabel } from './operations/naming.ts'
import type { Questioner } from './questioner.ts'
import { NonInteractiveQuestioner } from './questioner.ts'

/** A dependency of a planned migration on another app: its `chunk`-th new migration of this run, or its latest existing one. */
export interface PlannedDependency {
  readonly app: string
  /** Index into that app's new migrations, or `'latest'` for its current leaf. */
  readonly chunk: number | 'latest'
}

/** One migration to write. */
export interface PlannedMigration {
  readonly operations: readonly Operation[]
  /** Other apps only; the app's own previous migration is added by whoever numbers them. */
  readonly dependencies: readonly PlannedDependency[]
}

/** The changes of one app: usually one migration, two when foreign keys between apps form a cycle. */
export interface AppChanges {
  readonly app: string
  readonly migrations: readonly PlannedMigration[]
}

/** What {@link Autodetector} takes. */
export interface AutodetectorOptions {
  /** Asks about renames and one-off defaults (default: {@link NonInteractiveQuestioner}). */
  readonly questioner?: Questioner
}

// Phases: the order operations of one app run in (Django's `_detect_changes` order, with removals
// of fields before the deletion of the models they point at).
const PHASE = {
  renameModel: 0, createModel: 1, deferredFk: 2, renameField: 3, removeMeta: 4, removeField: 5, deleteModel: 6,
  addField: 7, alterField: 8, addMeta: 9, options: 10,
} as const

interface Planned {
  readonly op: Operation
  readonly phase: number
  /** Labels of models this operation needs to exist (its relations' targets). */
  readonly needs: readonly string[]
}

const appOf = (label: string): string => splitLabel(label)[0]

function relationTargets(fields: readonly FieldSpec[]): string[] {
  const out: string[] = []
  for (const f of fields) {
    if (f.relation === null) continue
    out.push(f.relation.to)
    if (f.relation.through !== null) out.push(f.relation.through)
  }
  return out
}

/** Whether adding this field to a table with rows needs a value the field cannot supply itself. */
function needsOneOffDefault(field: FieldSpec): boolean {
  return !field.null && !field.hasDefault && !field.primaryKey && field.type !== 'ManyToManyField'
}

/** Django's "empty strings allowed" field types: blank ones get `''` for existing rows without asking. */
const STRING_TYPES = new Set(['CharField', 'TextField', 'EmailField', 'URLField', 'SlugField'])

/** Options a `CreateModel` writes: only those that differ from what `createModel` would default to. */
function createOptions(model: ModelSpec): Record<string, unknown> {
  const defaults = ProjectState.empty().apply(createModel({ model: model.label, fields: [] })).resolveModel(model.label)
  const options: Record<string, unknown> = {}
  if (model.dbTable !== defaults.dbTable) options.dbTable = model.dbTable
  if (model.ordering.length > 0) options.ordering = model.ordering
  if (model.indexes.length > 0) options.indexes = model.indexes
  if (model.constraints.length > 0) options.constraints = model.constraints
  if (model.uniqueTogether.length > 0) options.uniqueTogether = model.uniqueTogether
  if (model.verboseName !== defaults.verboseName) options.verboseName = model.verboseName
  if (model.verboseNamePlural !== `${model.verboseName}s`) options.verboseNamePlural = model.verboseNamePlural
  if (!model.managed) options.managed = false
  if (model.swappable !== undefined) options.swappable = model.swappable
  return options
}

/** Diffs two project states. */
export class Autodetector {
  readonly #from: ProjectState
  readonly #to: ProjectState
  readonly #questioner: Questioner
  #planned: Planned[] = []
  /** The from-state with renames applied, so later comparisons line up. */
  #working: ProjectState

  /**
   * @param fromState - the state the existing migrations build.
   * @param toState - the state of the models (`ProjectState.fromModels(modelRegistry.all())`).
   */
  constructor(fromState: ProjectState, toState: ProjectState, options: AutodetectorOptions = {}) {
    this.#from = fromState
    this.#to = toState
    this.#working = fromState
    this.#questioner = options.questioner ?? new NonInteractiveQuestioner()
  }

  #add(op: Operation, phase: number, needs: readonly string[] = []): void {
    this.#planned.push({ op, phase, needs })
  }

  /**
   * The changes, per app, sorted by app label; apps without changes are left out.
   * @param appLabels - only these apps (plus the apps their new migrations depend on, as Django's `_trim_to_apps`).
   * @throws `NotNullDefaultError` from the questioner when a one-off default is needed and none is given.
   */
  async changes(appLabels?: readonly string[]): Promise<AppChanges[]> {
    this.#planned = []
    this.#working = this.#from
    await this.#detectModelRenames()
    const created = this.#detectCreatedModels()
    await this.#detectFieldRenames()
    await this.#detectFieldChanges()
    this.#detectDeletedModels()
    this.#detectMetaChanges()
    return this.#arrange(created, appLabels)
  }

  async #detectModelRenames(): Promise<void> {
    const added = this.#to.labels().filter((l) => !this.#from.has(l))
    for (const oldLabel of this.#from.labels().filter((l) => !this.#to.has(l))) {
      const old = this.#working.resolveModel(oldLabel)
      const signature = stableStringify(old.fields.map((f) => [f.name, deconstructField(f)]))
      for (const newLabel of added) {
        if (appOf(newLabel) !== appOf(oldLabel) || this.#working.has(newLabel)) continue
        const candidate = this.#to.resolveModel(newLabel)
        if (stableStringify(candidate.fields.map((f) => [f.name, deconstructField(f)])) !== signature) continue
        if (!(await this.#questioner.askRenameModel(old, candidate))) continue
        const op = renameModel({ oldName: oldLabel, newName: newLabel })
        this.#working = this.#working.apply(op)
        this.#add(op, PHASE.renameModel)
        break
      }
    }
  }

  /** CreateModel for new models, ordered so a model comes after the models its FKs point to. */
  #detectCreatedModels(): Set<string> {
    const created = new Set(this.#to.labels().filter((l) => !this.#working.has(l)))
    const remaining = new Set(created)
    const done = new Set<string>()
    const pendingOf = (label: string): string[] =>
      relationTargets(this.#to.resolveModel(label).fields).filter((t) => t !== label && remaining.has(t) && appOf(t) === appOf(label))
    while (remaining.size > 0) {
      let next = [...remaining].sort().find((l) => pendingOf(l).length === 0)
      let deferred: FieldSpec[] = []
      if (next === undefined) {
        // A cycle inside the app: create the first model without the FKs that close it, add them after.
        next = [...remaining].sort()[0] as string
        const blocked = new Set(pendingOf(next))
        deferred = this.#to.resolveModel(next).fields.filter((f) => f.relation !== null && (blocked.has(f.relation.to) || (f.relation.through !== null && blocked.has(f.relation.through))))
      }
      const model = this.#to.resolveModel(next)
      const fields = model.fields.filter((f) => !deferred.includes(f))
      this.#add(createModel({ model: model.label, fields, options: createOptions(model) }), PHASE.createModel, relationTargets(fields))
      for (const field of deferred) this.#add(addField({ model: model.label, field }), PHASE.deferredFk, relationTargets([field]))
      remaining.delete(next)
      done.add(next)
    }
    return created
  }

  /** Models present before and after (after model renames). */
  #keptModels(): string[] {
    return this.#to.labels().filter((l) => this.#working.has(l))
  }

  async #detectFieldRenames(): Promise<void> {
    for (const label of this.#keptModels()) {
      const before = this.#working.resolveModel(label)
      const after = this.#to.resolveModel(label)
      const addedFields = after.fields.filter((f) => !before.fields.some((b) => b.name === f.name))
      for (const removed of before.fields.filter((f) => !after.fields.some((a) => a.name === f.name))) {
        const signature = deconstructField(removed)
        for (const added of addedFields) {
          if (this.#working.resolveModel(label).fields.some((f) => f.name === added.name)) continue
          if (deconstructField(added) !== signature) continue
          if (!(await this.#questioner.askRenameField(after, removed.name, added.name, added))) continue
          const op = renameField({ model: label, oldName: removed.name, newName: added.name })
          this.#working = this.#working.apply(op)
          this.#add(op, PHASE.renameField)
          break
        }
      }
    }
  }

  async #detectFieldChanges(): Promise<void> {
    for (const label of this.#keptModels()) {
      const before = this.#working.resolveModel(label)
      const after = this.#to.resolveModel(label)
      for (const field of before.fields) {
        if (!after.fields.some((f) => f.name === field.name)) this.#add(removeField({ model: label, name: field.name }), PHASE.removeField)
      }
      for (const field of after.fields) {
        const old = before.fields.find((f) => f.name === field.name)
        if (old === undefined) {
          await this.#addedField(after, field)
        } else if (deconstructField(old) !== deconstructField(field) || old.column !== field.column) {
          this.#add(alterField({ model: label, name: field.name, field }), PHASE.alterField, relationTargets([field]))
        }
      }
    }
  }

  async #addedField(model: ModelSpec, field: FieldSpec): Promise<void> {
    let opField = field
    let preserveDefault = true
    if (needsOneOffDefault(field)) {
      preserveDefault = false
      if (field.blank && STRING_TYPES.has(field.type)) opField = { ...field, hasDefault: true, default: '' }
      else opField = { ...field, hasDefault: true, default: await this.#questioner.askNotNullAddition(model, field) }
    }
    this.#add(addField({ model: model.label, field: opField, preserveDefault }), PHASE.addField, relationTargets([field]))
  }

  #detectDeletedModels(): void {
    const deleted = this.#working.labels().filter((l) => !this.#to.has(l))
    // Delete the models that point at other deleted models first.
    const remaining = new Set(deleted)
    while (remaining.size > 0) {
      const pointedAt = new Set([...remaining].flatMap((l) => relationTargets(this.#working.resolveModel(l).fields).filter((t) => t !== l)))
      const next = [...remaining].sort().find((l) => !pointedAt.has(l)) ?? ([...remaining].sort()[0] as string)
      this.#add(deleteModel({ model: next }), PHASE.deleteModel)
      remaining.delete(next)
    }
  }

  #detectMetaChanges(): void {
    for (const label of this.#keptModels()) {
      const before = this.#working.resolveModel(label)
      const after = this.#to.resolveModel(label)
      if (before.dbTable !== after.dbTable) this.#add(alterModelTable({ model: label, table: after.dbTable }), PHASE.options)
      const options: Record<string, unknown> = {}
      if (stableStringify(before.ordering) !== stableStringify(after.ordering)) options.ordering = after.ordering
      if (before.verboseName !== after.verboseName) options.verboseName = after.verboseName
      if (before.verboseNamePlural !== after.verboseNamePlural) options.verboseNamePlural = after.verboseNamePlural
      if (before.managed !== after.managed) options.managed = after.managed
      if (Object.keys(options).length > 0) this.#add(alterModelOptions({ model: label, options }), PHASE.options)
      for (const index of before.indexes) {
        const now = after.indexes.find((i) => i.name === index.name)
        if (now === undefined || stableStringify(now) !== stableStringify(index)) this.#add(removeIndex({ model: label, name: index.name }), PHASE.removeMeta)
      }
      for (const index of after.indexes) {
        const then = before.indexes.find((i) => i.name === index.name)
        if (then === undefined || stableStringify(then) !== stableStringify(index)) this.#add(addIndex({ model: label, index }), PHASE.addMeta)
      }
      for (const constraint of before.constraints) {
        const now = after.constraints.find((c) => c.name === constraint.name)
        if (now === undefined || stableStringify(now) !== stableStringify(constraint)) this.#add(removeConstraint({ model: label, name: constraint.name }), PHASE.removeMeta)
      }
      for (const constraint of after.constraints) {
        const then = before.constraints.find((c) => c.name === constraint.name)
        if (then === undefined || stableStringify(then) !== stableStringify(constraint)) this.#add(addConstraint({ model: label, constraint }), PHASE.addMeta)
      }
      if (stableStringify(before.uniqueTogether) !== stableStringify(after.uniqueTogether)) {
        // Before the removals when it only uses fields that exist already (it may drop a removed field).
        const existing = new Set(before.fields.map((f) => f.name))
        const early = after.uniqueTogether.every((set) => set.every((n) => existing.has(n)))
        this.#add(alterUniqueTogether({ model: label, uniqueTogether: after.uniqueTogether }), early ? PHASE.removeMeta : PHASE.addMeta)
      }
    }
  }

  /** Groups by app, orders by phase, and splits apps whose foreign keys form a cycle across apps. */
  #arrange(created: ReadonlySet<string>, appLabels?: readonly string[]): AppChanges[] {
    const byApp = new Map<string, Planned[]>()
    for (const planned of this.#planned) {
      const app = appOf('model' in planned.op ? planned.op.model : planned.op.kind === 'RenameModel' ? planned.op.oldName : '_.x')
      byApp.set(app, [...(byApp.get(app) ?? []), planned])
    }
    for (const list of byApp.values()) list.sort((a, b) => a.phase - b.phase)
    const newDeps = (app: string, list: readonly Planned[]): Set<string> =>
      new Set(list.flatMap((p) => p.needs).filter((t) => appOf(t) !== app && created.has(t) && byApp.has(appOf(t))).map(appOf))
    const cyclic = appsInCycles(new Map([...byApp].map(([app, list]) => [app, newDeps(app, list)])))
    const result = new Map<string, PlannedMigration[]>()
    for (const [app, list] of byApp) {
      const chunks: Planned[][] = [list]
      if (cyclic.has(app)) {
        // Create this app's models first without their FKs to other apps' new models; add those after.
        const first: Planned[] = []
        const second: Planned[] = []
        for (const p of list) {
          if (p.op.kind === 'CreateModel') {
            const op = p.op
            const late = op.fields.filter((f) => relationTargets([f]).some((t) => appOf(t) !== app && created.has(t)))
            const early = op.fields.filter((f) => !late.includes(f))
            first.push({ ...p, op: createModel({ model: op.model, fields: early, options: op.options }), needs: relationTargets(early) })
            for (const field of late) second.push({ op: addField({ model: op.model, field }), phase: PHASE.deferredFk, needs: relationTargets([field]) })
          } else if (p.needs.some((t) => appOf(t) !== app && created.has(t))) second.push(p)
          else first.push(p)
        }
        chunks.splice(0, 1, ...[first, second].filter((c) => c.length > 0))
      }
      result.set(app, chunks.map((chunk) => ({
        operations: chunk.map((p) => p.op),
        dependencies: [...new Set(chunk.flatMap((p) => p.needs).map(appOf).filter((a) => a !== app))].sort().map((a) => {
          const needsNew = chunk.some((p) => p.needs.some((t) => appOf(t) === a && created.has(t)))
          return { app: a, chunk: needsNew && byApp.has(a) ? 0 : 'latest' }
        }),
      })))
    }
    let keep = [...result.keys()]
    if (appLabels !== undefined) {
      const wanted = new Set(appLabels.filter((a) => result.has(a)))
      for (let grew = true; grew;) {
        grew = false
        for (const app of [...wanted]) {
          for (const m of result.get(app) ?? []) {
            for (const d of m.dependencies) if (d.chunk !== 'latest' && !wanted.has(d.app)) { wanted.add(d.app); grew = true }
          }
        }
      }
      keep = keep.filter((a) => wanted.has(a))
    }
    return keep.sort().map((app) => ({ app, migrations: result.get(app) ?? [] }))
  }
}

/** Apps that sit on a cycle of "needs a new migration of" edges. */
function appsInCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const out = new Set<string>()
  const reaches = (from: string, target: string, seen: Set<string>): boolean => {
    for (const next of edges.get(from) ?? []) {
      if (next === target) return true
      if (!seen.has(next)) {
        seen.add(next)
        if (reaches(next, target, seen)) return true
      }
    }
    return false
  }
  for (const app of edges.keys()) if (reaches(app, app, new Set())) out.add(app)
  return out
}

/**
 * The migration executor (Django's `MigrationExecutor`): turns targets into a plan with the graph and
 * the recorder, then applies or unapplies each migration in its own transaction, the recorder's
 * write included, so a migration that fails halfway leaves the schema and the history exactly as
 * they were (DDL is transactional on SQLite and PostgreSQL).
 *
 * @module
 */
import { TangoError } from '../../core/errors.ts'
import type { DatabaseWrapper } from '../backends/base/types.ts'
import { connections } from '../connection.ts'
import { MigrationLoader } from './loader.ts'
import { describeOperation, handlerFor, IrreversibleError } from './operations/index.ts'
import type { Operation, SchemaEditorLike } from './operations/types.ts'
import { MigrationRecorder } from './recorder.ts'
import { ProjectState } from './state.ts'
import type { LoadedMigration, MigrationKey } from './types.ts'
import { keyString } from './types.ts'
import type { AppConfig } from '../../core/apps.ts'
import { apps as installedApps } from '../../core/apps.ts'
import { postMigrate } from '../models/signals.ts'

/** The applied history is impossible: a migration is applied but one it depends on is not. Code `E_MIGRATION_HISTORY`. */
export class InconsistentMigrationHistory extends TangoError {
  /** @param message - names both migrations. */
  constructor(message: string) {
    super('E_MIGRATION_HISTORY', message)
  }
}

/** A target: `[app, name]` to migrate to, or `[app, null]` for `zero` (unapply every migration of the app). */
export type MigrationTarget = readonly [app: string, name: string | null]

/** One step of a plan. */
export interface PlanStep {
  readonly migration: LoadedMigration
  /** `true` to unapply. */
  readonly backwards: boolean
}

/** What the executor reports while it runs (Django's `progress_callback`). */
export interface ProgressEvent {
  readonly action: 'applyStart' | 'applySuccess' | 'unapplyStart' | 'unapplySuccess'
  readonly migration: LoadedMigration
  readonly fake: boolean
}

/** Options of {@link MigrationExecutor}. */
export interface ExecutorOptions {
  /** The apps whose migrations to load (default: the installed apps). */
  readonly apps?: readonly AppConfig[]
  /** Called before and after each migration. */
  readonly progress?: (event: ProgressEvent) => void
}

/**
 * Runs migrations on one connection.
 *
 * @example
 * ```ts
 * const executor = await MigrationExecutor.create(connections.get('default'))
 * const plan = executor.migrationPlan(executor.defaultTargets())
 * await executor.run(plan)
 * ```
 */
export class MigrationExecutor {
  readonly connection: DatabaseWrapper
  readonly recorder: MigrationRecorder
  #loader: MigrationLoader
  readonly #options: ExecutorOptions

  private constructor(connection: DatabaseWrapper, loader: MigrationLoader, options: ExecutorOptions) {
    this.connection = connection
    this.recorder = new MigrationRecorder(connection)
    this.#loader = loader
    this.#options = options
  }

  /**
   * Loads the migrations and the applied history of `connection`.
   * @throws `BadMigrationError`, `MigrationGraphError` from the loader.
   */
  static async create(connection: DatabaseWrapper, options: ExecutorOptions = {}): Promise<MigrationExecutor> {
    const recorder = new MigrationRecorder(connection)
    const loader = await MigrationLoader.load({ ...(options.apps === undefined ? {} : { apps: options.apps }), applied: await recorder.appliedKeys() })
    return new MigrationExecutor(connection, loader, options)
  }

  /** The loader (reloaded after each {@link MigrationExecutor.run}). */
  get loader(): MigrationLoader {
    return this.#loader
  }

  /** Re-reads the applied history (the files are cached by the module loader). */
  async reload(): Promise<void> {
    this.#loader = await MigrationLoader.load({
      migrations: [...this.#loader.diskMigrations.values()],
      applied: await this.recorder.appliedKeys(),
    })
  }

  /** Every app's leaf migrations, or one app's (`migrate` with no target). */
  defaultTargets(app?: string): MigrationTarget[] {
    return this.#loader.graph.leafNodes(app).map(([a, n]) => [a, n])
  }

  /**
   * The steps needed to reach the targets (Django's `migration_plan`): forwards to a target that is
   * not applied, backwards to just after an applied target whose successors in its app are applied,
   * and every migration of the app unapplied for `[app, null]` (zero).
   * @throws TangoError `E_MIGRATION_PLAN` when a plan would both apply and unapply.
   */
  migrationPlan(targets: readonly MigrationTarget[]): PlanStep[] {
    const graph = this.#loader.graph
    const applied = new Set(this.#loader.applied)
    const plan: PlanStep[] = []
    const back = (key: MigrationKey): void => {
      if (!applied.has(keyString(key))) return
      applied.delete(keyString(key))
      plan.push({ migration: this.#loader.migration(key), backwards: true })
    }
    for (const [app, name] of targets) {
      if (name === null) {
        for (const root of graph.rootNodes(app)) for (const key of graph.backwardsPlan(root)) back(key)
      } else if (applied.has(keyString([app, name]))) {
        // Unapply what follows the target in its own app (and everything depending on that).
        const next = [...(graph.node([app, name])?.children ?? [])].sort().map(splitKey).filter(([a]) => a === app)
        for (const child of next) for (const key of graph.backwardsPlan(child)) back(key)
      } else {
        for (const key of graph.forwardsPlan([app, name])) {
          if (applied.has(keyString(key))) continue
          applied.add(keyString(key))
          plan.push({ migration: this.#loader.migration(key), backwards: false })
        }
      }
    }
    if (plan.some((s) => s.backwards) && plan.some((s) => !s.backwards)) {
      throw new TangoError('E_MIGRATION_PLAN', 'Migration plans with both forwards and backwards migrations are not supported. Migrate one direction at a time.')
    }
    return plan
  }

  /**
   * Throws when an applied migration depends on one that is not applied (Django's
   * `check_consistent_history`).
   * @throws {@link InconsistentMigrationHistory}
   */
  checkConsistentHistory(): void {
    const applied = this.#loader.applied
    for (const name of applied) {
      const node = this.#loader.graph.node(splitKey(name))
      if (node === undefined) continue
      for (const parent of node.parents) {
        if (!applied.has(parent)) throw new InconsistentMigrationHistory(`Migration ${name} is applied before its dependency ${parent} on database '${this.connection.alias}'.`)
      }
    }
  }

  /** The state with every applied migration replayed, in graph order. */
  #appliedState(): ProjectState {
    const applied = this.#loader.applied
    const migrations = this.#loader.fullPlan().filter((k) => applied.has(keyString(k))).map((k) => this.#loader.migration(k))
    return ProjectState.fromMigrations(migrations)
  }

  /**
   * The project state just before a migration (`atEnd: false`) or just after it, replaying only its
   * ancestors: what `sqlmigrate` hands the schema editor.
   */
  stateAt(key: MigrationKey, atEnd: boolean): ProjectState {
    return ProjectState.fromMigrations(this.#loader.fullPlan([key], atEnd).map((k) => this.#loader.migration(k)))
  }

  /**
   * Runs a plan: each migration in its own transaction with its recorder write; stops at the first
   * failure (earlier migrations stay applied, the failed one leaves no trace). With `fake`, only the
   * recorder changes.
   * @throws `IrreversibleError` (E_IRREVERSIBLE_MIGRATION) before anything runs when a backwards step cannot be undone;
   *   else the first operation's error (the driver's, wrapped by the backend).
   */
  async run(plan: readonly PlanStep[], options: { readonly fake?: boolean } = {}): Promise<void> {
    const fake = options.fake === true
    if (!fake) {
      for (const step of plan) if (step.backwards) assertReversible(step.migration)
    }
    this.checkConsistentHistory()
    await this.recorder.ensureSchema()
    // Squashed migrations whose originals all ran are recorded now (Django's check_replacements).
    for (const [app, name] of this.#loader.replacementsToRecord) await this.recorder.recordApplied(app, name)
    if (plan.length === 0) return
    if (plan[0]?.backwards === true) await this.#runBackwards(plan, fake)
    else await this.#runForwards(plan, fake)
    await this.reload()
  }

  async #runForwards(plan: readonly PlanStep[], fake: boolean): Promise<void> {
    let state = this.#appliedState()
    for (const { migration } of plan) {
      this.#options.progress?.({ action: 'applyStart', migration, fake })
      state = await this.#execute(migration, state, false, fake)
      this.#options.progress?.({ action: 'applySuccess', migration, fake })
    }
  }

  async #runBackwards(plan: readonly PlanStep[], fake: boolean): Promise<void> {
    // The state before each migration to unapply, from replaying the applied history (as Django).
    const toUnapply = new Set(plan.map((s) => keyString([s.migration.app, s.migration.name])))
    const before = new Map<string, ProjectState>()
    let state = ProjectState.empty()
    const applied = this.#loader.applied
    for (const key of this.#loader.fullPlan()) {
      if (!applied.has(keyString(key))) continue
      if (toUnapply.has(keyString(key))) before.set(keyString(key), state)
      state = ProjectState.fromMigrations([this.#loader.migration(key)], state)
    }
    for (const { migration } of plan) {
      this.#options.progress?.({ action: 'unapplyStart', migration, fake })
      await this.#execute(migration, before.get(keyString([migration.app, migration.name])) ?? ProjectState.empty(), true, fake)
      this.#options.progress?.({ action: 'unapplySuccess', migration, fake })
    }
  }

  /**
   * Applies or unapplies one migration with its recorder write, in the schema editor's transaction
   * (which on SQLite also switches foreign-key enforcement off around it and checks every foreign
   * key before commit) unless the migration says `atomic: false`.
   * @param state - the project state just before the migration.
   * @returns the state after the step (after the migration forwards; `state` backwards).
   */
  async #execute(migration: LoadedMigration, state: ProjectState, backwards: boolean, fake: boolean): Promise<ProjectState> {
    const box = { current: state }
    const editor = this.connection.schemaEditor({ resolveModel: (label: string) => box.current.resolveModel(label) })
    const work = async (): Promise<ProjectState> => {
      let after: ProjectState
      if (fake) after = backwards ? state : ProjectState.fromMigrations([migration], state)
      else after = await runOperations(editor, migration, box, backwards)
      for (const [app, name] of recordKeys(migration)) {
        if (backwards) await this.recorder.recordUnapplied(app, name)
        else await this.recorder.recordApplied(app, name)
      }
      return after
    }
    if (migration.atomic !== false) return editor.atomic(work)
    const after = await work()
    await editor.flush()
    return after
  }
}

/**
 * Runs a migration's operations on a schema editor, keeping `box.current` (what the editor's
 * `resolveModel` reads) at the state the running operation sees. Forwards from `box.current` (the
 * state before the migration); backwards in reverse order with Django's states (`fromState` has the
 * operation applied, `toState` not).
 * @returns the state after the migration (forwards) or before it (backwards).
 */
export async function runOperations(editor: SchemaEditorLike, migration: LoadedMigration, box: { current: ProjectState }, backwards: boolean): Promise<ProjectState> {
  const start = box.current
  if (!backwards) {
    for (const op of migration.operations) {
      const from = box.current
      const to = from.apply(op)
      box.current = to
      await handlerFor(op).databaseForwards(editor, from, to, op)
    }
    return box.current
  }
  const steps: [Operation, ProjectState, ProjectState][] = []
  let state = start
  for (const op of migration.operations) {
    const after = state.apply(op)
    steps.unshift([op, state, after])
    state = after
  }
  for (const [op, beforeOp, afterOp] of steps) {
    box.current = beforeOp
    await handlerFor(op).databaseBackwards(editor, afterOp, beforeOp, op)
  }
  box.current = start
  return start
}

/** `'app.name'` → key (names never contain dots; app labels are identifiers). */
function splitKey(name: string): MigrationKey {
  const dot = name.indexOf('.')
  return [name.slice(0, dot), name.slice(dot + 1)]
}

/** The keys the recorder writes for a migration: a squashed one records what it replaces too (as Django). */
function recordKeys(migration: LoadedMigration): MigrationKey[] {
  return [...(migration.replaces ?? []), [migration.app, migration.name]]
}

/**
 * Throws when a migration has an operation that cannot be undone.
 * @throws `IrreversibleError` (E_IRREVERSIBLE_MIGRATION)
 */
export function assertReversible(migration: LoadedMigration): void {
  migration.operations.forEach((op, index) => {
    if (!handlerFor(op).reversible(op)) {
      const error = new IrreversibleError(describeOperation(op))
      error.message = `${error.message} It is operation ${index} of ${migration.app}.${migration.name}; nothing was unapplied.`
      throw error
    }
  })
}

/** What {@link migrate} takes. */
export interface MigrateOptions {
  /** Only compute the plan; change nothing. */
  readonly plan?: boolean
  /** Record the migrations as applied/unapplied without running their SQL (Django's `--fake`). */
  readonly fake?: boolean
  /** The database alias (default `'default'`). */
  readonly using?: string
  /** Apps to load (default: the installed apps). */
  readonly apps?: readonly AppConfig[]
  readonly progress?: (event: ProgressEvent) => void
}

/**
 * Migrates a database to the targets (all leaf migrations when `targets` is omitted), as
 * `tango migrate` does, and returns the plan it ran (or would run, with `plan: true`).
 * @throws as {@link MigrationExecutor.run}; `MigrationConflictError` when an app has two leaves.
 * @example
 * ```ts
 * await migrate()                           // everything
 * await migrate([['polls', null]])          // polls to zero
 * await migrate([['polls', '0002_votes']], { plan: true })
 * ```
 */
export async function migrate(targets?: readonly MigrationTarget[], options: MigrateOptions = {}): Promise<PlanStep[]> {
  const connection = connections.get(options.using ?? 'default')
  const executor = await MigrationExecutor.create(connection, {
    ...(options.apps === undefined ? {} : { apps: options.apps }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  })
  executor.loader.graph.ensureNoConflicts()
  const plan = executor.migrationPlan(targets ?? executor.defaultTargets())
  if (options.plan !== true) {
    await executor.run(plan, { fake: options.fake === true })
    await sendPostMigrate({ using: connection.alias, ...(options.apps === undefined ? {} : { apps: options.apps }) })
  }
  return plan
}

/**
 * Sends `postMigrate` once per app (every installed app by default), after a successful migrate,
 * as Django's `emit_post_migrate_signal` (receivers create default rows such as permissions).
 */
export async function sendPostMigrate(options: { readonly using: string; readonly apps?: readonly AppConfig[]; readonly verbosity?: number; readonly interactive?: boolean }): Promise<void> {
  for (const app of options.apps ?? installedApps.all()) {
    await postMigrate.send({ app, using: options.using, verbosity: options.verbosity ?? 1, interactive: options.interactive ?? false })
  }
}

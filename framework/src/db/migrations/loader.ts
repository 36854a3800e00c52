/**
 * The migration loader (Django's `MigrationLoader`): reads each installed app's
 * `<app.path>/migrations/NNNN_name.ts` files, checks their default export, and builds the
 * {@link MigrationGraph}, choosing between a squashed migration and the ones it replaces from what
 * the database has applied.
 *
 * @module
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AppConfig } from '../../core/apps.ts'
import { apps as appRegistry } from '../../core/apps.ts'
import { TangoError } from '../../core/errors.ts'
import { MigrationGraph } from './graph.ts'
import type { LoadedMigration, Migration, MigrationKey } from './types.ts'
import { keyString } from './types.ts'

/** A migration file is missing or malformed (bad default export, bad dependency). Code `E_BAD_MIGRATION`. */
export class BadMigrationError extends TangoError {
  /** @param message - names the file and what is wrong with it. */
  constructor(message: string, options?: ErrorOptions) {
    super('E_BAD_MIGRATION', message, options)
  }
}

/** File names the loader reads: `0001_initial.ts`, `0002_add_votes.js` (not `.d.ts`, not tests). */
export const MIGRATION_FILE = /^(\d{4,}_\w+)\.(?:ts|mts|js|mjs)$/

function isKey(value: unknown): value is MigrationKey {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string'
}

/**
 * Checks a migration file's default export and returns it as a {@link LoadedMigration}.
 * @param value - the module's default export.
 * @throws {@link BadMigrationError} naming the file and the problem.
 */
export function validateMigration(value: unknown, app: string, name: string, file: string | null): LoadedMigration {
  const where = `Migration ${app}.${name}${file === null ? '' : ` (${file})`}`
  if (typeof value !== 'object' || value === null) {
    throw new BadMigrationError(`${where} has no default export of { dependencies, operations }; got ${value === null ? 'null' : typeof value}.`)
  }
  const record = value as Record<string, unknown>
  const dependencies = record.dependencies ?? []
  if (!Array.isArray(dependencies) || !dependencies.every(isKey)) {
    throw new BadMigrationError(`${where}: 'dependencies' must be an array of [app, name] pairs.`)
  }
  const operations = record.operations
  if (!Array.isArray(operations)) throw new BadMigrationError(`${where}: 'operations' must be an array of operations.`)
  operations.forEach((op: unknown, index) => {
    if (typeof op !== 'object' || op === null || typeof (op as { kind?: unknown }).kind !== 'string') {
      throw new BadMigrationError(`${where}: operation ${index} is not an operation object with a 'kind' (use the builders from 'tango/db/migrations').`)
    }
  })
  const replaces = record.replaces
  if (replaces !== undefined && (!Array.isArray(replaces) || !replaces.every(isKey))) {
    throw new BadMigrationError(`${where}: 'replaces' must be an array of [app, name] pairs.`)
  }
  if (record.atomic !== undefined && typeof record.atomic !== 'boolean') throw new BadMigrationError(`${where}: 'atomic' must be a boolean.`)
  const migration: Migration = value as Migration
  return Object.freeze({
    app,
    name,
    file,
    dependencies: migration.dependencies ?? [],
    operations: migration.operations,
    ...(migration.replaces === undefined ? {} : { replaces: migration.replaces }),
    ...(migration.atomic === undefined ? {} : { atomic: migration.atomic }),
  })
}

/** The migration names in a folder, sorted (`0001_initial`, ...); empty when there is no folder. */
export function migrationNames(dir: string): string[] {
  if (!existsSync(dir)) return []
  const names = new Set<string>()
  for (const entry of readdirSync(dir)) {
    const match = MIGRATION_FILE.exec(entry)
    if (match !== null && !entry.endsWith('.d.ts')) names.add(match[1] as string)
  }
  return [...names].sort()
}

/**
 * Imports one migration file and validates it.
 * @throws {@link BadMigrationError} when the import fails or the export is malformed.
 */
export async function loadMigrationFile(file: string, app: string, name: string): Promise<LoadedMigration> {
  let module: { default?: unknown }
  try {
    // A dynamic import is the boundary where file contents become values; validateMigration checks the shape.
    module = (await import(pathToFileURL(file).href)) as { default?: unknown }
  } catch (error) {
    throw new BadMigrationError(`Migration ${app}.${name} (${file}) could not be imported: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
  }
  return validateMigration(module.default, app, name, file)
}

/** Finds the file for a migration name in a folder (the first of `.ts`, `.mts`, `.js`, `.mjs`). */
function fileFor(dir: string, name: string): string {
  for (const ext of ['ts', 'mts', 'js', 'mjs']) {
    const path = join(dir, `${name}.${ext}`)
    if (existsSync(path)) return path
  }
  return join(dir, `${name}.ts`)
}

/** What {@link MigrationLoader.load} takes. */
export interface LoaderOptions {
  /** The apps to read (default: every installed app, `apps.all()`). */
  readonly apps?: readonly AppConfig[]
  /** Keys (`'app.name'`) the database has applied; decides how squashed migrations are used. Omit to ignore. */
  readonly applied?: ReadonlySet<string>
  /** Migrations built in memory instead of read from disk (tests). Replaces the disk scan when given. */
  readonly migrations?: readonly LoadedMigration[]
}

/**
 * The loaded migrations of a project and their graph.
 *
 * @example
 * ```ts
 * const loader = await MigrationLoader.load({ applied: await recorder.appliedKeys() })
 * loader.graph.leafNodes('polls') // [['polls', '0003_add_votes']]
 * ```
 */
export class MigrationLoader {
  /** Every migration read, by `'app.name'` (squashed and replaced ones alike). */
  readonly diskMigrations: ReadonlyMap<string, LoadedMigration>
  /** Labels of apps that have a `migrations/` folder with at least one migration. */
  readonly migratedApps: ReadonlySet<string>
  /** The graph, with squashed/replaced nodes already resolved. */
  readonly graph: MigrationGraph
  /** Applied keys, with squashed migrations counted as applied when all they replace are. */
  readonly applied: ReadonlySet<string>
  /** Squashed migrations whose replaced migrations are all applied but that are not recorded themselves (Django records them on the next migrate). */
  readonly replacementsToRecord: readonly MigrationKey[]

  private constructor(migrations: readonly LoadedMigration[], applied: ReadonlySet<string>) {
    const byKey = new Map<string, LoadedMigration>()
    for (const m of migrations) byKey.set(keyString([m.app, m.name]), m)
    this.diskMigrations = byKey
    this.migratedApps = new Set(migrations.map((m) => m.app))
    const graph = new MigrationGraph()
    for (const m of migrations) graph.addNode([m.app, m.name], m)
    for (const m of migrations) {
      for (const dep of m.dependencies) graph.addDependency([m.app, m.name], this.#resolveDependency(dep, byKey, m))
    }
    const appliedNow = new Set(applied)
    const toRecord: MigrationKey[] = []
    for (const m of migrations) {
      if (m.replaces === undefined) continue
      const key: MigrationKey = [m.app, m.name]
      const ran = m.replaces.filter((r) => appliedNow.has(keyString(r)))
      const allRan = ran.length === m.replaces.length
      if (allRan && !appliedNow.has(keyString(key))) {
        appliedNow.add(keyString(key))
        toRecord.push(key)
      }
      if (ran.length === 0 || allRan) {
        graph.removeReplacedNodes(key, m.replaces)
      } else {
        // Partly applied: keep the originals until they have all run (Django does the same).
        appliedNow.delete(keyString(key))
        graph.removeReplacementNode(key, m.replaces)
      }
    }
    graph.validateConsistency()
    this.graph = graph
    this.applied = appliedNow
    this.replacementsToRecord = toRecord
  }

  /** Resolves Django's `__first__` / `__latest__` dependency names. */
  #resolveDependency(dep: MigrationKey, byKey: Map<string, LoadedMigration>, from: LoadedMigration): MigrationKey {
    if (dep[1] !== '__first__' && dep[1] !== '__latest__') return dep
    const names = [...byKey.values()].filter((m) => m.app === dep[0] && m.replaces === undefined).map((m) => m.name).sort()
    const name = dep[1] === '__first__' ? names[0] : names.at(-1)
    if (name === undefined) throw new BadMigrationError(`Migration ${from.app}.${from.name} depends on app '${dep[0]}', which has no migrations.`)
    return [dep[0], name]
  }

  /**
   * Reads every app's migrations and builds the graph.
   * @throws {@link BadMigrationError} for a malformed file; {@link MigrationGraphError} for a missing dependency or a cycle.
   */
  static async load(options: LoaderOptions = {}): Promise<MigrationLoader> {
    let migrations = options.migrations
    if (migrations === undefined) {
      const loaded: LoadedMigration[] = []
      for (const app of options.apps ?? appRegistry.all()) {
        const dir = join(app.path, 'migrations')
        for (const name of migrationNames(dir)) loaded.push(await loadMigrationFile(fileFor(dir, name), app.label, name))
      }
      migrations = loaded
    }
    return new MigrationLoader(migrations, options.applied ?? new Set())
  }

  /**
   * The migration for a key.
   * @throws {@link BadMigrationError} when there is none.
   */
  migration(key: MigrationKey): LoadedMigration {
    const m = this.diskMigrations.get(keyString(key))
    if (m === undefined) throw new BadMigrationError(`Cannot find a migration ${keyString(key)}.`)
    return m
  }

  /**
   * Finds a migration of an app by name or unique name prefix (`0002` → `0002_add_votes`), as Django's
   * `get_migration_by_prefix`.
   * @throws {@link BadMigrationError} when none or several match.
   */
  migrationByPrefix(app: string, prefix: string): LoadedMigration {
    const matches = [...this.diskMigrations.values()].filter((m) => m.app === app && m.name.startsWith(prefix))
    const exact = matches.find((m) => m.name === prefix)
    if (exact !== undefined) return exact
    if (matches.length > 1) throw new BadMigrationError(`More than one migration matches '${prefix}' in app '${app}'. Please be more specific.`)
    const [only] = matches
    if (only === undefined) throw new BadMigrationError(`Cannot find a migration matching '${prefix}' from app '${app}'.`)
    return only
  }

  /**
   * The keys to replay, dependencies first, to reach the given nodes (all leaves when omitted);
   * `atEnd: false` leaves the given nodes themselves out (the state just before them).
   */
  fullPlan(nodes?: readonly MigrationKey[], atEnd = true): MigrationKey[] {
    const targets = nodes ?? this.graph.leafNodes()
    const plan: MigrationKey[] = []
    const seen = new Set<string>()
    for (const target of targets) {
      for (const key of this.graph.forwardsPlan(target)) {
        const name = keyString(key)
        if (seen.has(name)) continue
        if (!atEnd && targets.some((t) => keyString(t) === name)) continue
        seen.add(name)
        plan.push(key)
      }
    }
    return plan
  }
}

/**
 * `tango makemigrations [app...] [--check] [--dry-run] [--empty] [--name NAME] [--merge] [--no-input]`
 * (Django's `makemigrations`): rebuilds the state the existing migrations describe by replaying them
 * in memory, diffs it with the models, and writes one TypeScript migration per changed app
 * (`<app>/migrations/NNNN_name.ts`), with dependencies on the app's previous migration and on other
 * apps' migrations its foreign keys need.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import type { AppCommand, AppConfig } from '../../core/apps.ts'
import { apps } from '../../core/apps.ts'
import { TangoError } from '../../core/errors.ts'
import { importAppModels } from '../../db/models/autodiscover.ts'
import { modelRegistry } from '../../db/models/registry.ts'
import { Autodetector } from '../../db/migrations/autodetector.ts'
import type { AppChanges } from '../../db/migrations/autodetector.ts'
import { MigrationLoader } from '../../db/migrations/loader.ts'
import { describeOperation } from '../../db/migrations/operations/index.ts'
import type { Operation } from '../../db/migrations/operations/types.ts'
import { InteractiveQuestioner, NonInteractiveQuestioner } from '../../db/migrations/questioner.ts'
import type { Questioner } from '../../db/migrations/questioner.ts'
import { ProjectState } from '../../db/migrations/state.ts'
import type { MigrationKey } from '../../db/migrations/types.ts'
import { migrationName, writeMigration } from '../../db/migrations/writer.ts'
import { CommandError } from '../errors.ts'
import { frameworkVersion } from '../scaffold/start-project.ts'

const USAGE = `Usage: tango makemigrations [app...] [--check] [--dry-run] [--empty] [--name NAME] [--merge] [--no-input]

Creates new migrations based on the changes detected to your models.

  --check        exit 1 if model changes are missing migrations; write nothing
  --dry-run      show what would be written; write nothing
  --empty        write an empty migration (for RunSQL / RunCode) in the named apps
  -n, --name     the migration's name (after the number)
  --merge        write a merge migration for apps with two leaf migrations
  --no-input     never ask: renames become remove + add, a needed default is an error`

/** A migration file makemigrations would write. */
export interface PlannedFile {
  readonly app: AppConfig
  readonly name: string
  readonly path: string
  readonly dependencies: readonly MigrationKey[]
  readonly operations: readonly Operation[]
}

const pad = (n: number): string => String(n).padStart(4, '0')
const numberOf = (name: string): number => Number.parseInt(name.slice(0, 4), 10) || 0

/**
 * Numbers and names the autodetector's changes and works out each file's dependencies.
 * @param changes - per app, the planned migrations.
 * @param leaves - each app's current leaf migration (`null` when it has none).
 */
export function planFiles(changes: readonly AppChanges[], installed: ReadonlyMap<string, AppConfig>, leaves: ReadonlyMap<string, MigrationKey | null>, options: { name?: string; date?: Date } = {}): PlannedFile[] {
  const names = new Map<string, string[]>()
  for (const { app, migrations } of changes) {
    const leaf = leaves.get(app) ?? null
    const first = leaf === null ? 1 : numberOf(leaf[1]) + 1
    names.set(app, migrations.map((m, i) => {
      const suffix = options.name === undefined
        ? migrationName(m.operations, { initial: leaf === null && i === 0, ...(options.date === undefined ? {} : { date: options.date }) })
        : i === 0 ? options.name : `${options.name}_${i + 1}`
      return `${pad(first + i)}_${suffix}`
    }))
  }
  const files: PlannedFile[] = []
  for (const { app, migrations } of changes) {
    const config = installed.get(app)
    if (config === undefined) throw new CommandError(`Models of app '${app}' changed, but '${app}' is not in INSTALLED_APPS.`)
    const own = names.get(app) ?? []
    migrations.forEach((m, i) => {
      const deps: MigrationKey[] = []
      const previous = i === 0 ? leaves.get(app) ?? null : [app, own[i - 1] as string] as const
      if (previous !== null) deps.push(previous)
      for (const dep of m.dependencies) {
        const other = dep.chunk === 'latest' ? undefined : names.get(dep.app)?.[dep.chunk]
        if (other !== undefined) deps.push([dep.app, other])
        else {
          const leaf = leaves.get(dep.app) ?? null
          if (leaf !== null) deps.push(leaf)
        }
      }
      const name = own[i] as string
      files.push({ app: config, name, path: join(config.path, 'migrations', `${name}.ts`), dependencies: deps, operations: m.operations })
    })
  }
  return files
}

/** `+ Create model Question` lines, as Django's output. */
function listing(files: readonly PlannedFile[]): string {
  let out = ''
  let app = ''
  for (const file of files) {
    if (file.app.label !== app) {
      app = file.app.label
      out += `Migrations for '${app}':\n`
    }
    out += `  ${relative(process.cwd(), file.path)}\n`
    for (const op of file.operations) {
      const sign = /^(Create|Add)/.test(describeOperation(op)) ? '+' : /^(Delete|Remove)/.test(describeOperation(op)) ? '-' : '~'
      out += `    ${sign} ${describeOperation(op)}\n`
    }
  }
  return out
}

async function writeFiles(files: readonly PlannedFile[], version: string): Promise<void> {
  for (const file of files) {
    await mkdir(join(file.app.path, 'migrations'), { recursive: true })
    await writeFile(file.path, writeMigration({ dependencies: file.dependencies, operations: file.operations, version }), { flag: 'wx' })
  }
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        check: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, empty: { type: 'boolean' }, merge: { type: 'boolean' },
        name: { type: 'string', short: 'n' }, 'no-input': { type: 'boolean' }, noinput: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
  }
}

/** The `makemigrations` command. */
export const makemigrationsCommand: AppCommand = Object.freeze({
  name: 'makemigrations',
  help: 'Creates new migrations based on the changes detected to your models.',
  async run(argv: readonly string[]): Promise<number> {
    const { values, positionals } = parse(argv)
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const name = values.name
    if (name !== undefined && !/^\w+$/.test(name)) throw new CommandError('The migration name must be a valid identifier (letters, digits, _).', { exitCode: 2 })
    const installed = new Map(apps.all().map((a) => [a.label, a]))
    const bad = positionals.filter((label) => !installed.has(label))
    if (bad.length > 0) throw new CommandError(bad.map((label) => `App '${label}' could not be found. Is it in INSTALLED_APPS?`).join('\n'), { exitCode: 2 })
    const dryRun = values['dry-run'] === true || values.check === true
    await importAppModels()
    const loader = await MigrationLoader.load({ apps: [...installed.values()] })
    const version = await frameworkVersion()

    const conflicts = Object.entries(loader.graph.detectConflicts()).filter(([app]) => positionals.length === 0 || positionals.includes(app))
    if (values.merge === true) return merge(conflicts, installed, dryRun, version)
    if (conflicts.length > 0) {
      const text = conflicts.map(([app, leaves]) => `${leaves.join(', ')} in ${app}`).join('; ')
      throw new CommandError(`Conflicting migrations detected; multiple leaf nodes in the migration graph: (${text}).\nTo fix them run 'tango makemigrations --merge'`)
    }
    const leaves = new Map<string, MigrationKey | null>([...installed.keys()].map((app) => [app, loader.graph.leafNodes(app)[0] ?? null]))

    if (values.empty === true) {
      if (positionals.length === 0) throw new CommandError('You must supply at least one app label when using --empty.', { exitCode: 2 })
      const changes: AppChanges[] = positionals.map((app) => ({ app, migrations: [{ operations: [], dependencies: [] }] }))
      const files = planFiles(changes, installed, leaves, { name: name ?? `auto_${new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '_')}` })
      if (!dryRun) await writeFiles(files, version)
      process.stdout.write(listing(files))
      return 0
    }

    const fromState = ProjectState.fromMigrations(loader.fullPlan().map((key) => loader.migration(key)))
    const toState = ProjectState.fromModels(modelRegistry.all().map((m) => m._meta).filter((spec) => installed.has(spec.appLabel)))
    const noInput = values['no-input'] === true || values.noinput === true || values.check === true
    const questioner: Questioner = noInput ? new NonInteractiveQuestioner() : new InteractiveQuestioner()
    let changes: AppChanges[]
    try {
      changes = await new Autodetector(fromState, toState, { questioner }).changes(positionals.length === 0 ? undefined : positionals)
    } catch (error) {
      if (error instanceof TangoError && error.code === 'E_MIGRATION_NOT_NULL') throw new CommandError(error.message)
      throw error
    } finally {
      if (questioner instanceof InteractiveQuestioner) questioner.close()
    }
    if (changes.length === 0) {
      process.stdout.write(positionals.length === 1 ? `No changes detected in app '${positionals[0]}'\n` : positionals.length > 1 ? `No changes detected in apps '${positionals.join("', '")}'\n` : 'No changes detected\n')
      return 0
    }
    const files = planFiles(changes, installed, leaves, name === undefined ? {} : { name })
    process.stdout.write(listing(files))
    if (values.check === true) return 1
    if (!dryRun) await writeFiles(files, version)
    return 0
  },
})

/** `--merge`: one migration per conflicted app that depends on all its leaves (Django's merge). */
async function merge(conflicts: readonly [string, string[]][], installed: ReadonlyMap<string, AppConfig>, dryRun: boolean, version: string): Promise<number> {
  if (conflicts.length === 0) {
    process.stdout.write('No conflicts detected to merge.\n')
    return 0
  }
  const files: PlannedFile[] = []
  for (const [app, leaves] of conflicts) {
    const config = installed.get(app) as AppConfig
    const number = Math.max(...leaves.map(numberOf)) + 1
    let suffix = `merge_${[...leaves].sort().join('_')}`
    if (suffix.length > 52) suffix = `merge_${new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '_')}`
    const name = `${pad(number)}_${suffix}`
    files.push({ app: config, name, path: join(config.path, 'migrations', `${name}.ts`), dependencies: leaves.map((l) => [app, l] as const), operations: [] })
  }
  if (!dryRun) await writeFiles(files, version)
  for (const file of files) process.stdout.write(`Created new merge migration ${relative(process.cwd(), file.path)}\n`)
  return 0
}

import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, before, describe, test } from 'node:test'
import { apps, defineApp } from '../../../../../framework/src/core/apps.ts'
import { configure } from '../../../../../framework/src/core/settings.ts'
import { connections } from '../../../../../framework/src/db/connection.ts'
import { MigrationExecutor } from '../../../../../framework/src/db/migrations/executor.ts'
import { MigrationLoader } from '../../../../../framework/src/db/migrations/loader.ts'
import { formatPlan, migrateCommand } from '../../../../../framework/src/management/commands/migrate.ts'
import { formatMigrationList } from '../../../../../framework/src/management/commands/showmigrations.ts'
import { migrationSql } from '../../../../../framework/src/management/commands/sqlmigrate.ts'
import { squashmigrationsCommand } from '../../../../../framework/src/management/commands/squashmigrations.ts'

const BUILDERS = pathToFileURL(join(import.meta.dirname, '../../../../../framework/src/db/migrations/operations/index.ts')).href
// Inside the repository, so the squashed file's `import ... from 'tango/db/migrations'` resolves.
const dir = mkdtempSync(join(import.meta.dirname, '.tmp-'))
const appDir = join(dir, 'polls')
mkdirSync(join(appDir, 'migrations'), { recursive: true })
const write = (name: string, deps: string, ops: string) => writeFileSync(join(appDir, 'migrations', `${name}.ts`), `import { createModel, addField, runSQL } from '${BUILDERS}'\nexport default { dependencies: ${deps}, operations: [${ops}] }\n`)
write('0001_initial', '[]', `createModel({ model: 'polls.Question', fields: [{ name: 'id', type: 'BigAutoField', primaryKey: true }, { name: 'text', type: 'CharField', maxLength: 200 }] })`)
write('0002_votes', `[['polls', '0001_initial']]`, `addField({ model: 'polls.Question', field: { name: 'votes', type: 'IntegerField', hasDefault: true, default: 0 } })`)
const polls = defineApp({ label: 'polls', dir: appDir })

/** Runs `fn` with stdout captured. */
async function capture(fn: () => unknown): Promise<string> {
  let out = ''
  const original = process.stdout.write.bind(process.stdout)
  // Only the command's strings: the test runner talks to its parent through stdout in binary chunks.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === 'string') {
      out += chunk
      return true
    }
    return (original as (c: Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest)
  }) as typeof process.stdout.write
  try {
    await fn()
  } finally {
    process.stdout.write = original
  }
  return out
}

before(async () => {
  await connections.reset()
  configure({ BASE_DIR: dir, DATABASES: { default: { URL: `sqlite:///${join(dir, 'db.sqlite3')}` } } })
  apps.populate([polls])
})
after(async () => {
  await connections.reset()
  apps.populate([])
  rmSync(dir, { recursive: true, force: true })
})

describe('migration commands', () => {
  test('migrate --plan describes the operations and changes nothing', async () => {
    const out = await capture(() => migrateCommand.run(['--plan']))
    assert.equal(out, 'Planned operations:\npolls.0001_initial\n    Create model Question\npolls.0002_votes\n    Add field votes to question\n')
    const executor = await MigrationExecutor.create(connections.get())
    assert.equal(executor.loader.applied.size, 0)
    assert.equal(formatPlan([]), 'Planned operations:\n  No planned migration operations.\n')
  })

  test('sqlmigrate prints the SQL of a migration without running it', async () => {
    const executor = await MigrationExecutor.create(connections.get())
    const text = await migrationSql(executor, executor.loader.migration(['polls', '0001_initial']), false)
    assert.match(text, /^BEGIN;\n--\n-- Create model Question\n--\nCREATE TABLE "polls_question"/)
    assert.match(text, /COMMIT;\n$/)
    const back = await migrationSql(executor, executor.loader.migration(['polls', '0002_votes']), true)
    assert.match(back, /-- Undo Add field votes to question/)
    assert.equal(formatMigrationList(executor.loader, ['polls']), 'polls\n [ ] 0001_initial\n [ ] 0002_votes\n')
  })

  test('migrate prints Django-style progress; showmigrations marks what ran', async () => {
    const out = await capture(() => migrateCommand.run(['polls', '0001']))
    assert.equal(out, 'Operations to perform:\n  Target specific migration: 0001_initial, from polls\nRunning migrations:\n  Applying polls.0001_initial... OK\n')
    const loader = await MigrationLoader.load({ applied: await (await MigrationExecutor.create(connections.get())).recorder.appliedKeys() })
    assert.equal(formatMigrationList(loader, ['polls']), 'polls\n [X] 0001_initial\n [ ] 0002_votes\n')
    const again = await capture(() => migrateCommand.run([]))
    assert.match(again, /Applying polls\.0002_votes\.\.\. OK\n$/)
    assert.match(await capture(() => migrateCommand.run([])), /No migrations to apply\./)
    assert.match(await capture(() => migrateCommand.run(['polls', 'zero', '--fake'])), /Unapplying polls\.0002_votes\.\.\. FAKED\n {2}Unapplying polls\.0001_initial\.\.\. FAKED\n$/)
    await assert.rejects(Promise.resolve(migrateCommand.run(['nope'])), /App 'nope' does not have migrations/)
  })

  test('squashmigrations writes NNNN_squashed_MMMM.ts that replaces the originals', async () => {
    await capture(() => squashmigrationsCommand.run(['polls', '0002']))
    const file = join(appDir, 'migrations', '0001_squashed_0002_votes.ts')
    assert.ok(existsSync(file))
    assert.match(readFileSync(file, 'utf8'), /replaces/)
    const loader = await MigrationLoader.load()
    const squashed = loader.migration(['polls', '0001_squashed_0002_votes'])
    assert.deepEqual(squashed.replaces, [['polls', '0001_initial'], ['polls', '0002_votes']])
    assert.deepEqual(squashed.operations.map((o) => o.kind), ['CreateModel'])
    assert.deepEqual(loader.graph.leafNodes('polls'), [['polls', '0001_squashed_0002_votes']])
  })
})

// Data safety of `migrate` on every database: rows survive each kind of schema change, a failing
// migration leaves no trace, and a full round trip to zero works. Migrations are real files in
// temporary app folders, written by hand with the operation builders.
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { after, test } from 'node:test'
import { sql } from 'kysely'
import type { AppConfig } from '../../../framework/src/core/apps.ts'
import { defineApp } from '../../../framework/src/core/apps.ts'
import { connections, db } from '../../../framework/src/db/connection.ts'
import { migrate, MigrationExecutor } from '../../../framework/src/db/migrations/executor.ts'
import { MigrationRecorder } from '../../../framework/src/db/migrations/recorder.ts'
import { forEachDatabase } from '../../helpers/databases.ts'

const BUILDERS = pathToFileURL(join(import.meta.dirname, '../../../framework/src/db/migrations/operations/index.ts')).href
const root = mkdtempSync(join(tmpdir(), 'tango-migrate-'))
after(() => rmSync(root, { recursive: true, force: true }))

let appCounter = 0
/** A temp app folder `<label>` with its migration files (name → `{ dependencies, operations }` source). */
function makeApp(label: string, files: Record<string, { deps: string; ops: string }>): AppConfig {
  const dir = join(root, `${label}_${appCounter++}`)
  mkdirSync(join(dir, 'migrations'), { recursive: true })
  for (const [name, { deps, ops }] of Object.entries(files)) addMigration(dir, name, deps, ops)
  return defineApp({ label, dir })
}
function addMigration(dir: string, name: string, deps: string, ops: string): void {
  const text = `import { createModel, addField, removeField, alterField, renameField, addConstraint, runSQL } from '${BUILDERS}'\n`
    + `export default { dependencies: ${deps}, operations: [${ops}] }\n`
  writeFileSync(join(dir, 'migrations', `${name}.ts`), text)
}

const pk = `{ name: 'id', type: 'BigAutoField', primaryKey: true }`
const rows = async (query: string) => (await sql.raw<Record<string, unknown>>(query).execute(db())).rows
const count = async (table: string) => Number((await rows(`SELECT count(*) AS n FROM ${table}`))[0]?.n)
/** Column names of a table, from the catalog of each database. */
async function columns(table: string): Promise<string[]> {
  if (connections.get().vendor === 'sqlite') return (await rows(`PRAGMA table_info(${table})`)).map((r) => String(r.name)).sort()
  return (await rows(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '${table}'`)).map((r) => String(r.column_name)).sort()
}
const applied = async (app: string) => [...(await new MigrationRecorder(connections.get()).appliedKeys())].filter((k) => k.startsWith(`${app}.`)).sort()

forEachDatabase('migrations keep data', () => {
  test('adding a non-null column with a default to 10,000 rows keeps every row and fills the default', async () => {
    const app = makeApp('bulk', { '0001_initial': { deps: '[]', ops: `createModel({ model: 'bulk.Item', fields: [${pk}, { name: 'name', type: 'CharField', maxLength: 20 }] })` } })
    await migrate(undefined, { apps: [app] })
    await sql.raw(`INSERT INTO bulk_item (name) WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) SELECT 'n' || x FROM c`).execute(db())
    assert.equal(await count('bulk_item'), 10000)
    addMigration(app.path, '0002_status', `[['bulk', '0001_initial']]`, `addField({ model: 'bulk.Item', field: { name: 'status', type: 'IntegerField', hasDefault: true, default: 7 } })`)
    await migrate(undefined, { apps: [app] })
    assert.equal(await count('bulk_item'), 10000)
    assert.equal(await count(`bulk_item WHERE status = 7`), 10000)
    assert.equal(await count(`bulk_item WHERE name = 'n' || id`), 10000)
    assert.deepEqual(await applied('bulk'), ['bulk.0001_initial', 'bulk.0002_status'])
  })

  test('renaming a field keeps the data', async () => {
    const app = makeApp('ren', { '0001_initial': { deps: '[]', ops: `createModel({ model: 'ren.Note', fields: [${pk}, { name: 'body', type: 'CharField', maxLength: 50 }] })` } })
    await migrate(undefined, { apps: [app] })
    await sql.raw(`INSERT INTO ren_note (body) VALUES ('a'), ('b'), ('c')`).execute(db())
    addMigration(app.path, '0002_rename', `[['ren', '0001_initial']]`, `renameField({ model: 'ren.Note', oldName: 'body', newName: 'text' })`)
    await migrate(undefined, { apps: [app] })
    assert.deepEqual(await columns('ren_note'), ['id', 'text'])
    assert.deepEqual((await rows('SELECT text FROM ren_note ORDER BY id')).map((r) => r.text), ['a', 'b', 'c'])
  })

  test('changing a type (integer → decimal, char → text) keeps the data', async () => {
    const app = makeApp('typ', { '0001_initial': { deps: '[]', ops: `createModel({ model: 'typ.Price', fields: [${pk}, { name: 'amount', type: 'IntegerField' }, { name: 'label', type: 'CharField', maxLength: 30 }] })` } })
    await migrate(undefined, { apps: [app] })
    await sql.raw(`INSERT INTO typ_price (amount, label) VALUES (1, 'one'), (250, 'two fifty'), (-3, 'minus three')`).execute(db())
    addMigration(app.path, '0002_types', `[['typ', '0001_initial']]`, [
      `alterField({ model: 'typ.Price', name: 'amount', field: { name: 'amount', type: 'DecimalField', maxDigits: 10, decimalPlaces: 2 } })`,
      `alterField({ model: 'typ.Price', name: 'label', field: { name: 'label', type: 'TextField' } })`,
    ].join(', '))
    await migrate(undefined, { apps: [app] })
    const data = await rows('SELECT amount, label FROM typ_price ORDER BY id')
    assert.deepEqual(data.map((r) => Number(r.amount)), [1, 250, -3])
    assert.deepEqual(data.map((r) => r.label), ['one', 'two fifty', 'minus three'])
    await sql.raw(`INSERT INTO typ_price (amount, label) VALUES (12.34, '${'x'.repeat(500)}')`).execute(db())
    assert.equal(Number((await rows('SELECT amount FROM typ_price WHERE amount > 12 AND amount < 13'))[0]?.amount), 12.34)
  })

  test('a migration that fails halfway leaves the schema and the recorder exactly as before', async () => {
    const app = makeApp('half', { '0001_initial': { deps: '[]', ops: `createModel({ model: 'half.Thing', fields: [${pk}, { name: 'name', type: 'CharField', maxLength: 20 }] })` } })
    await migrate(undefined, { apps: [app] })
    await sql.raw(`INSERT INTO half_thing (name) VALUES ('kept')`).execute(db())
    addMigration(app.path, '0002_broken', `[['half', '0001_initial']]`, [
      `addField({ model: 'half.Thing', field: { name: 'size', type: 'IntegerField', null: true } })`,
      `createModel({ model: 'half.Other', fields: [${pk}] })`,
      `runSQL({ sql: 'THIS IS NOT SQL', reverseSql: [] })`,
    ].join(', '))
    await assert.rejects(migrate(undefined, { apps: [app] }))
    assert.deepEqual(await columns('half_thing'), ['id', 'name'])
    assert.deepEqual(await columns('half_other'), [])
    assert.deepEqual(await applied('half'), ['half.0001_initial'])
    assert.deepEqual((await rows('SELECT name FROM half_thing')).map((r) => r.name), ['kept'])
  })

  test('migrating forward, back to zero, and forward again succeeds', async () => {
    const app = makeApp('trip', {
      '0001_initial': { deps: '[]', ops: `createModel({ model: 'trip.Stop', fields: [${pk}, { name: 'name', type: 'CharField', maxLength: 20 }] })` },
      '0002_more': { deps: `[['trip', '0001_initial']]`, ops: `addField({ model: 'trip.Stop', field: { name: 'order', type: 'IntegerField', hasDefault: true, default: 0 } }), createModel({ model: 'trip.Leg', fields: [${pk}, { name: 'start', type: 'ForeignKey', relation: { to: 'trip.Stop', relatedName: null, onDelete: 'CASCADE', through: null, dbTable: null } }] })` },
    })
    await migrate(undefined, { apps: [app] })
    assert.deepEqual(await columns('trip_stop'), ['id', 'name', 'order'])
    const back = await migrate([['trip', null]], { apps: [app] })
    assert.deepEqual(back.map((s) => [s.migration.name, s.backwards]), [['0002_more', true], ['0001_initial', true]])
    assert.deepEqual(await columns('trip_stop'), [])
    assert.deepEqual(await columns('trip_leg'), [])
    assert.deepEqual(await applied('trip'), [])
    await migrate(undefined, { apps: [app] })
    assert.deepEqual(await columns('trip_leg'), ['id', 'start_id'])
    assert.deepEqual(await applied('trip'), ['trip.0001_initial', 'trip.0002_more'])
    // Back to an earlier migration unapplies only what follows it.
    await migrate([['trip', '0001_initial']], { apps: [app] })
    assert.deepEqual(await columns('trip_stop'), ['id', 'name'])
    assert.deepEqual(await applied('trip'), ['trip.0001_initial'])
  })

  test('an irreversible operation stops a backwards plan before anything runs', async () => {
    const app = makeApp('irr', {
      '0001_initial': { deps: '[]', ops: `createModel({ model: 'irr.Row', fields: [${pk}] })` },
      '0002_sql': { deps: `[['irr', '0001_initial']]`, ops: `runSQL({ sql: 'SELECT 1' })` },
      '0003_col': { deps: `[['irr', '0002_sql']]`, ops: `addField({ model: 'irr.Row', field: { name: 'x', type: 'IntegerField', null: true } })` },
    })
    await migrate(undefined, { apps: [app] })
    await assert.rejects(migrate([['irr', null]], { apps: [app] }), (error: unknown) => (error as { code?: string }).code === 'E_IRREVERSIBLE_MIGRATION' && /irr\.0002_sql/.test((error as Error).message))
    assert.deepEqual(await columns('irr_row'), ['id', 'x'])
    assert.equal((await applied('irr')).length, 3)
  })

  test('two apps with a foreign key survive five successive changes with every row kept', async () => {
    const lib = makeApp('lib', { '0001_initial': { deps: '[]', ops: `createModel({ model: 'lib.Author', fields: [${pk}, { name: 'name', type: 'CharField', maxLength: 50 }] })` } })
    const fk = `{ name: 'author', type: 'ForeignKey', relation: { to: 'lib.Author', relatedName: 'books', onDelete: 'CASCADE', through: null, dbTable: null } }`
    const shelf = makeApp('shelf', { '0001_initial': { deps: `[['lib', '0001_initial']]`, ops: `createModel({ model: 'shelf.Book', fields: [${pk}, { name: 'title', type: 'CharField', maxLength: 100 }, ${fk}] })` } })
    const apps = [lib, shelf]
    await migrate(undefined, { apps })
    await sql.raw(`INSERT INTO lib_author (name) VALUES ('Ann'), ('Ben')`).execute(db())
    await sql.raw(`INSERT INTO shelf_book (title, author_id) VALUES ('A1', 1), ('A2', 1), ('B1', 2)`).execute(db())
    const books = async () => (await rows(`SELECT b.*, a.name AS author FROM shelf_book b JOIN lib_author a ON a.id = b.author_id ORDER BY b.id`))
    const steps: [string, string, (r: Record<string, unknown>[]) => void][] = [
      ['0002_add_pages', `addField({ model: 'shelf.Book', field: { name: 'pages', type: 'IntegerField', hasDefault: true, default: 100 } })`,
        (r) => assert.deepEqual(r.map((x) => Number(x.pages)), [100, 100, 100])],
      ['0003_rename_title', `renameField({ model: 'shelf.Book', oldName: 'title', newName: 'name' })`,
        (r) => assert.deepEqual(r.map((x) => x.name), ['A1', 'A2', 'B1'])],
      ['0004_alter_name', `alterField({ model: 'shelf.Book', name: 'name', field: { name: 'name', type: 'TextField' } })`,
        (r) => assert.deepEqual(r.map((x) => x.name), ['A1', 'A2', 'B1'])],
      ['0005_remove_pages', `removeField({ model: 'shelf.Book', name: 'pages' })`,
        (r) => assert.ok(r.every((x) => !('pages' in x)))],
      ['0006_name_unique', `addConstraint({ model: 'shelf.Book', constraint: { kind: 'unique', name: 'shelf_book_name_uniq', fields: ['name'], condition: null } })`,
        (r) => assert.equal(r.length, 3)],
    ]
    let previous = '0001_initial'
    for (const [name, op, check] of steps) {
      addMigration(shelf.path, name, `[['shelf', '${previous}']]`, op)
      await migrate(undefined, { apps })
      const data = await books()
      assert.deepEqual(data.map((x) => x.author), ['Ann', 'Ann', 'Ben'], `authors after ${name}`)
      check(data)
      previous = name
    }
    await assert.rejects(sql.raw(`INSERT INTO shelf_book (name, author_id) VALUES ('A1', 2)`).execute(db()))
    assert.equal(await count('lib_author'), 2)
    assert.equal((await applied('shelf')).length, 6)
    const executor = await MigrationExecutor.create(connections.get(), { apps })
    assert.deepEqual(executor.migrationPlan(executor.defaultTargets()), [])
  })
})

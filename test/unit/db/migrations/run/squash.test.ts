import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MigrationLoader } from '../../../../../framework/src/db/migrations/loader.ts'
import { addField, alterField, createModel, runSQL } from '../../../../../framework/src/db/migrations/operations/index.ts'
import type { Operation } from '../../../../../framework/src/db/migrations/operations/types.ts'
import { optimizeOperations, squashMigrations } from '../../../../../framework/src/db/migrations/squash.ts'
import type { LoadedMigration, MigrationKey } from '../../../../../framework/src/db/migrations/types.ts'

const m = (app: string, name: string, dependencies: MigrationKey[], operations: Operation[]): LoadedMigration => ({ app, name, file: null, dependencies, operations })
const question = () => createModel({ model: 'polls.Question', fields: [{ name: 'id', type: 'BigAutoField', primaryKey: true }, { name: 'text', type: 'CharField', maxLength: 200 }] })
const votes = () => addField({ model: 'polls.Question', field: { name: 'votes', type: 'IntegerField', hasDefault: true, default: 0 } })

describe('optimizeOperations', () => {
  test('folds an AddField into the CreateModel of its model', () => {
    const ops = optimizeOperations([question(), votes()])
    assert.equal(ops.length, 1)
    assert.equal(ops[0]?.kind, 'CreateModel')
    assert.deepEqual(ops[0]?.kind === 'CreateModel' ? ops[0].fields.map((f) => f.name) : [], ['id', 'text', 'votes'])
  })

  test('does not fold across RunSQL or an operation on the same model', () => {
    assert.equal(optimizeOperations([question(), runSQL({ sql: 'SELECT 1', reverseSql: [] }), votes()]).length, 3)
    const alter = alterField({ model: 'polls.Question', name: 'text', field: { name: 'text', type: 'TextField' } })
    assert.equal(optimizeOperations([question(), alter, votes()]).length, 3)
  })

  test('does not fold a foreign key whose target is created in between', () => {
    const author = createModel({ model: 'polls.Author', fields: [{ name: 'id', type: 'BigAutoField', primaryKey: true }] })
    const fk = addField({ model: 'polls.Question', field: { name: 'author', type: 'ForeignKey', null: true, relation: { to: 'polls.Author', relatedName: null, onDelete: 'CASCADE', through: null, dbTable: null } } })
    assert.equal(optimizeOperations([question(), author, fk]).length, 3)
  })
})

describe('squashMigrations', () => {
  test('replaces the range, keeps outside dependencies and names the result as Django', async () => {
    const loader = await MigrationLoader.load({ migrations: [
      m('auth', '0001_initial', [], []),
      m('polls', '0001_initial', [['auth', '0001_initial']], [question()]),
      m('polls', '0002_votes', [['polls', '0001_initial']], [votes()]),
      m('polls', '0003_sql', [['polls', '0002_votes']], [runSQL({ sql: 'SELECT 1', reverseSql: [] })]),
    ] })
    const all = squashMigrations(loader, 'polls', '0003')
    assert.equal(all.name, '0001_squashed_0003_sql')
    assert.deepEqual(all.migration.replaces, [['polls', '0001_initial'], ['polls', '0002_votes'], ['polls', '0003_sql']])
    assert.deepEqual(all.migration.dependencies, [['auth', '0001_initial']])
    assert.deepEqual(all.migration.operations.map((o) => o.kind), ['CreateModel', 'RunSQL'])
    const tail = squashMigrations(loader, 'polls', '0003', '0002')
    assert.equal(tail.name, '0002_squashed_0003_sql')
    assert.deepEqual(tail.migration.dependencies, [['polls', '0001_initial']])
    assert.throws(() => squashMigrations(loader, 'polls', '0001'), /Nothing to squash/)
  })
})

test('tango/db/migrations exports the run side: migrate, squashing, errors', async () => {
  const api = await import('../../../../../framework/src/db/migrations/index.ts')
  const executor = await import('../../../../../framework/src/db/migrations/executor.ts')
  assert.equal(api.migrate, executor.migrate)
  assert.equal(api.sendPostMigrate, executor.sendPostMigrate)
  assert.equal(api.InconsistentMigrationHistory, executor.InconsistentMigrationHistory)
  assert.equal(api.squashMigrations, squashMigrations)
  assert.equal(api.optimizeOperations, optimizeOperations)
})

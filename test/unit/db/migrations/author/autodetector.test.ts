import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Autodetector, NonInteractiveQuestioner, ProjectState } from '../../../../../framework/src/db/migrations/index.ts'
import type { AppChanges, FieldInput } from '../../../../../framework/src/db/migrations/index.ts'
import { AnsweringQuestioner, stateOf } from './helpers.ts'

const fk = (name: string, to: string, extra: Partial<FieldInput> = {}): FieldInput =>
  ({ name, type: 'ForeignKey', relation: { to, relatedName: null, onDelete: 'CASCADE', through: null, dbTable: null }, ...extra })
const text: FieldInput = { name: 'text', type: 'CharField', maxLength: 200 }

const kinds = (changes: readonly AppChanges[], app: string, index = 0): string[] =>
  changes.find((c) => c.app === app)?.migrations[index]?.operations.map((op) => `${op.kind} ${'model' in op ? op.model : ''}${'name' in op ? `.${op.name}` : ''}${'field' in op && !('name' in op) ? `.${op.field.name}` : ''}`.trim()) ?? []

describe('Autodetector', () => {
  test('finds nothing when the states are equal', async () => {
    const state = stateOf(['polls.Question', [text]])
    assert.deepEqual(await new Autodetector(state, state).changes(), [])
  })

  test('creates a model after the model its foreign key points to, in the same app', async () => {
    const to = stateOf(['polls.Choice', [fk('question', 'Question')]], ['polls.Question', [text]])
    const changes = await new Autodetector(ProjectState.empty(), to).changes()
    assert.deepEqual(kinds(changes, 'polls'), ['CreateModel polls.Question', 'CreateModel polls.Choice'])
  })

  test('breaks a foreign key cycle inside an app with a later AddField', async () => {
    const to = stateOf(['shop.A', [fk('b', 'B')]], ['shop.B', [fk('a', 'A')]])
    const changes = await new Autodetector(ProjectState.empty(), to).changes()
    assert.deepEqual(kinds(changes, 'shop'), ['CreateModel shop.A', 'CreateModel shop.B', 'AddField shop.A.b'])
  })

  test('depends on the new migration of another app whose model a foreign key needs', async () => {
    const to = stateOf(['auth.User', []], ['polls.Question', [text, fk('author', 'auth.User')]])
    const changes = await new Autodetector(ProjectState.empty(), to).changes()
    assert.deepEqual(changes.map((c) => c.app), ['auth', 'polls'])
    assert.deepEqual(changes.find((c) => c.app === 'polls')?.migrations[0]?.dependencies, [{ app: 'auth', chunk: 0 }])
  })

  test("depends on another app's latest migration when the target already exists", async () => {
    const from = stateOf(['auth.User', []], ['polls.Question', [text]])
    const to = stateOf(['auth.User', []], ['polls.Question', [text, fk('author', 'auth.User', { null: true })]])
    const changes = await new Autodetector(from, to).changes()
    assert.deepEqual(changes.map((c) => c.app), ['polls'])
    assert.deepEqual(changes[0]?.migrations[0]?.dependencies, [{ app: 'auth', chunk: 'latest' }])
  })

  test('splits apps whose new models point at each other into two migrations', async () => {
    const to = stateOf(['a.X', [fk('y', 'b.Y')]], ['b.Y', [fk('x', 'a.X')]])
    const changes = await new Autodetector(ProjectState.empty(), to).changes()
    assert.deepEqual(kinds(changes, 'a', 0), ['CreateModel a.X'])
    assert.deepEqual(kinds(changes, 'a', 1), ['AddField a.X.y'])
    assert.deepEqual(changes.find((c) => c.app === 'a')?.migrations[0]?.dependencies, [])
    assert.deepEqual(changes.find((c) => c.app === 'a')?.migrations[1]?.dependencies, [{ app: 'b', chunk: 0 }])
  })

  test('asks about a field rename and emits RenameField when confirmed', async () => {
    const from = stateOf(['polls.Question', [text]])
    const to = stateOf(['polls.Question', [{ ...text, name: 'body' }]])
    const questioner = new AnsweringQuestioner({ renames: true })
    const changes = await new Autodetector(from, to, { questioner }).changes()
    assert.deepEqual(questioner.asked, ['field text->body'])
    assert.deepEqual(kinds(changes, 'polls'), ['RenameField polls.Question'])
  })

  test('without input, a rename becomes remove + add (and needs no default for a nullable field)', async () => {
    const from = stateOf(['polls.Question', [{ ...text, null: true }]])
    const to = stateOf(['polls.Question', [{ ...text, null: true, name: 'body' }]])
    const changes = await new Autodetector(from, to, { questioner: new NonInteractiveQuestioner() }).changes()
    assert.deepEqual(kinds(changes, 'polls'), ['RemoveField polls.Question.text', 'AddField polls.Question.body'])
  })

  test('asks about a model rename', async () => {
    const from = stateOf(['polls.Question', [text]], ['polls.Choice', [fk('question', 'Question')]])
    const to = stateOf(['polls.Query', [text]], ['polls.Choice', [fk('question', 'Query')]])
    const changes = await new Autodetector(from, to, { questioner: new AnsweringQuestioner({ renames: true }) }).changes()
    assert.deepEqual(kinds(changes, 'polls'), ['RenameModel'])
  })

  test('a non-null field without a default gets a one-off default, or a clear error without input', async () => {
    const from = stateOf(['polls.Question', [text]])
    const to = stateOf(['polls.Question', [text, { name: 'votes', type: 'IntegerField' }]])
    const changes = await new Autodetector(from, to, { questioner: new AnsweringQuestioner({ renames: false, defaultValue: 7 }) }).changes()
    const op = changes[0]?.migrations[0]?.operations[0]
    assert.ok(op?.kind === 'AddField')
    assert.equal(op.preserveDefault, false)
    assert.equal(op.field.default, 7)
    await assert.rejects(new Autodetector(from, to).changes(), { code: 'E_MIGRATION_NOT_NULL', message: /non-nullable field 'votes' to question/ })
  })

  test('AlterField for DB and state-only changes; meta changes become their own operations', async () => {
    const from = stateOf(['polls.Question', [text, { name: 'note', type: 'TextField' }]])
    const to = stateOf(['polls.Question', [{ ...text, maxLength: 300 }, { name: 'note', type: 'TextField', helpText: 'free text' }]], )
    const changes = await new Autodetector(from, to).changes()
    assert.deepEqual(kinds(changes, 'polls'), ['AlterField polls.Question.text', 'AlterField polls.Question.note'])
    const meta = stateOf(['polls.Question', [text, { name: 'note', type: 'TextField' }], {
      ordering: ['text'], indexes: [{ name: 'q_text', fields: ['text'] }], uniqueTogether: [['text', 'note']], dbTable: 'questions',
      constraints: [{ kind: 'unique', name: 'q_uniq', fields: ['text'], condition: null }],
    }])
    const metaChanges = await new Autodetector(from, meta).changes()
    assert.deepEqual(kinds(metaChanges, 'polls'), [
      'AlterUniqueTogether polls.Question', 'AddIndex polls.Question', 'AddConstraint polls.Question', 'AlterModelTable polls.Question', 'AlterModelOptions polls.Question',
    ])
  })

  test('deletes models that point at other deleted models first, after removing fields', async () => {
    const from = stateOf(['polls.Question', [text]], ['polls.Choice', [fk('question', 'Question')]], ['polls.Tag', [text]])
    const to = stateOf(['polls.Tag', []])
    const changes = await new Autodetector(from, to).changes()
    assert.deepEqual(kinds(changes, 'polls'), ['RemoveField polls.Tag.text', 'DeleteModel polls.Choice', 'DeleteModel polls.Question'])
  })

  test('limits to the requested apps plus the apps they need', async () => {
    const to = stateOf(['auth.User', []], ['polls.Question', [fk('author', 'auth.User')]], ['blog.Post', []])
    const changes = await new Autodetector(ProjectState.empty(), to).changes(['polls'])
    assert.deepEqual(changes.map((c) => c.app), ['auth', 'polls'])
  })
})

import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  addConstraint, addField, addIndex, alterField, alterModelOptions, alterModelTable, alterUniqueTogether, deleteModel,
  describeOperation, OPERATIONS, ProjectState, removeConstraint, removeField, removeIndex, renameField, renameModel, runCode, runSQL,
} from '../../../../../framework/src/db/migrations/index.ts'
import { stateOf } from './helpers.ts'

const base = (): ProjectState => stateOf(
  ['polls.Question', [{ name: 'text', type: 'CharField', maxLength: 200 }, { name: 'pubDate', type: 'DateTimeField' }], { ordering: ['-pubDate'] }],
  ['polls.Choice', [{ name: 'question', type: 'ForeignKey', relation: { to: 'Question', relatedName: 'choices', onDelete: 'CASCADE', through: null, dbTable: null } }]],
)

describe('operation stateForwards', () => {
  test('CreateModel fills defaults, resolves bare relation targets and freezes the spec', () => {
    const state = base()
    const q = state.resolveModel('polls.Question')
    assert.equal(q.dbTable, 'polls_question')
    assert.equal(q.pk, 'id')
    assert.equal(q.verboseName, 'question')
    assert.deepEqual(q.ordering, ['-pubDate'])
    assert.equal(q.fields.find((f) => f.name === 'pubDate')?.column, 'pub_date')
    const fk = state.resolveModel('polls.Choice').fields.find((f) => f.name === 'question')
    assert.equal(fk?.column, 'question_id')
    assert.equal(fk?.relation?.to, 'polls.Question')
    assert.ok(Object.isFrozen(q))
  })

  test('apply returns a new state and leaves the old one alone', () => {
    const before = base()
    const after = before.apply(deleteModel({ model: 'polls.Choice' }))
    assert.ok(before.has('polls.Choice'))
    assert.ok(!after.has('polls.Choice'))
  })

  test('RenameModel renames the default table and rewrites relations that point at it', () => {
    const state = base().apply(renameModel({ oldName: 'polls.Question', newName: 'Query' }))
    assert.ok(!state.has('polls.Question'))
    assert.equal(state.resolveModel('polls.Query').dbTable, 'polls_query')
    assert.equal(state.resolveModel('polls.Choice').fields[1]?.relation?.to, 'polls.Query')
  })

  test('AlterModelTable and AlterModelOptions', () => {
    let state = base().apply(alterModelTable({ model: 'polls.Question', table: 'questions' }))
    assert.equal(state.resolveModel('polls.Question').dbTable, 'questions')
    state = state.apply(alterModelTable({ model: 'polls.Question', table: null }))
    assert.equal(state.resolveModel('polls.Question').dbTable, 'polls_question')
    state = state.apply(alterModelOptions({ model: 'polls.Question', options: { ordering: ['text'], verboseName: 'poll' } }))
    assert.deepEqual(state.resolveModel('polls.Question').ordering, ['text'])
    assert.equal(state.resolveModel('polls.Question').verboseName, 'poll')
  })

  test('AddField, with a one-off default the state forgets; RemoveField; AlterField', () => {
    let state = base().apply(addField({ model: 'polls.Question', field: { name: 'votes', type: 'IntegerField', default: 0 }, preserveDefault: false }))
    const votes = state.resolveModel('polls.Question').fields.find((f) => f.name === 'votes')
    assert.equal(votes?.hasDefault, false)
    state = state.apply(alterField({ model: 'polls.Question', name: 'votes', field: { name: 'votes', type: 'BigIntegerField', null: true } }))
    assert.equal(state.resolveModel('polls.Question').fields.find((f) => f.name === 'votes')?.type, 'BigIntegerField')
    state = state.apply(removeField({ model: 'polls.Question', name: 'votes' }))
    assert.ok(!state.resolveModel('polls.Question').fields.some((f) => f.name === 'votes'))
    assert.throws(() => state.apply(removeField({ model: 'polls.Question', name: 'votes' })), { code: 'E_MIGRATION_OPERATION' })
  })

  test('RenameField moves the default column and the references in ordering and uniqueTogether', () => {
    let state = base().apply(alterUniqueTogether({ model: 'polls.Question', uniqueTogether: [['text', 'pubDate']] }))
    state = state.apply(renameField({ model: 'polls.Question', oldName: 'pubDate', newName: 'publishedAt' }))
    const q = state.resolveModel('polls.Question')
    assert.equal(q.fields.find((f) => f.name === 'publishedAt')?.column, 'published_at')
    assert.deepEqual(q.ordering, ['-publishedAt'])
    assert.deepEqual(q.uniqueTogether, [['text', 'publishedAt']])
  })

  test('indexes and constraints are added and removed by name', () => {
    let state = base().apply(addIndex({ model: 'polls.Question', index: { name: 'q_text', fields: ['text'] } }))
    state = state.apply(addConstraint({ model: 'polls.Question', constraint: { kind: 'check', name: 'q_nonempty', check: "text <> ''" } }))
    assert.equal(state.resolveModel('polls.Question').indexes[0]?.name, 'q_text')
    assert.equal(state.resolveModel('polls.Question').constraints[0]?.name, 'q_nonempty')
    state = state.apply(removeIndex({ model: 'polls.Question', name: 'q_text' })).apply(removeConstraint({ model: 'polls.Question', name: 'q_nonempty' }))
    assert.equal(state.resolveModel('polls.Question').indexes.length, 0)
    assert.equal(state.resolveModel('polls.Question').constraints.length, 0)
  })

  test('RunSQL applies its state operations; RunCode leaves the state alone; reversibility', () => {
    const sqlOp = runSQL({ sql: 'DROP TABLE polls_choice', stateOperations: [deleteModel({ model: 'polls.Choice' })] })
    assert.ok(!base().apply(sqlOp).has('polls.Choice'))
    assert.equal(OPERATIONS.RunSQL.reversible(sqlOp), false)
    assert.equal(OPERATIONS.RunSQL.reversible(runSQL({ sql: 'SELECT 1', reverseSql: [] })), true)
    const codeOp = runCode({ code: () => {} })
    assert.equal(base().apply(codeOp).labels().length, 2)
    assert.equal(OPERATIONS.RunCode.reversible(codeOp), false)
  })

  test('operations are frozen plain data with a one-line description', () => {
    const op = addField({ model: 'polls.Question', field: { name: 'votes', type: 'IntegerField', default: 0 } })
    assert.ok(Object.isFrozen(op))
    assert.equal(op.kind, 'AddField')
    assert.equal(describeOperation(op), 'Add field votes to question')
    assert.equal(OPERATIONS.AddField.nameFragment(op), 'add_question_votes')
  })
})

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { MigrationConflictError, MigrationGraph, MigrationGraphError } from '../../../../../framework/src/db/migrations/graph.ts'
import type { LoadedMigration, MigrationKey } from '../../../../../framework/src/db/migrations/types.ts'

function m(app: string, name: string, dependencies: MigrationKey[] = [], replaces?: MigrationKey[]): LoadedMigration {
  return { app, name, file: null, dependencies, operations: [], ...(replaces ? { replaces } : {}) }
}

function build(migrations: LoadedMigration[], validate = true): MigrationGraph {
  const graph = new MigrationGraph()
  for (const x of migrations) graph.addNode([x.app, x.name], x)
  for (const x of migrations) for (const d of x.dependencies) graph.addDependency([x.app, x.name], d)
  if (validate) graph.validateConsistency()
  return graph
}

const names = (keys: MigrationKey[]) => keys.map(([a, n]) => `${a}.${n}`)

describe('MigrationGraph', () => {
  const two = () => build([
    m('auth', '0001_initial'),
    m('auth', '0002_email', [['auth', '0001_initial']]),
    m('polls', '0001_initial', [['auth', '0001_initial']]),
    m('polls', '0002_choice', [['polls', '0001_initial'], ['auth', '0002_email']]),
    m('polls', '0003_votes', [['polls', '0002_choice']]),
  ])

  test('the forwards plan lists dependencies first, across apps', () => {
    assert.deepEqual(names(two().forwardsPlan(['polls', '0002_choice'])), ['auth.0001_initial', 'auth.0002_email', 'polls.0001_initial', 'polls.0002_choice'])
  })

  test('the backwards plan lists dependants first and ends with the target', () => {
    assert.deepEqual(names(two().backwardsPlan(['auth', '0002_email'])), ['polls.0003_votes', 'polls.0002_choice', 'auth.0002_email'])
    const plan = names(two().backwardsPlan(['auth', '0001_initial']))
    assert.equal(plan.at(-1), 'auth.0001_initial')
    assert.ok(plan.indexOf('polls.0003_votes') < plan.indexOf('polls.0002_choice'))
    assert.ok(plan.indexOf('polls.0002_choice') < plan.indexOf('auth.0002_email'))
    assert.equal(plan.length, 5)
  })

  test('leaf and root nodes are per app', () => {
    const graph = two()
    assert.deepEqual(names(graph.leafNodes()), ['auth.0002_email', 'polls.0003_votes'])
    assert.deepEqual(names(graph.rootNodes('polls')), ['polls.0001_initial'])
  })

  test('a dependency on a missing migration is an E_MIGRATION_GRAPH error naming both', () => {
    assert.throws(() => build([m('polls', '0001_initial', [['auth', '0009_nope']])]), (error: unknown) => {
      assert.ok(error instanceof MigrationGraphError)
      assert.equal(error.code, 'E_MIGRATION_GRAPH')
      assert.match(error.message, /polls\.0001_initial.*auth\.0009_nope/)
      return true
    })
  })

  test('a cycle is an E_MIGRATION_GRAPH error showing the cycle', () => {
    assert.throws(() => build([
      m('a', '0001_initial', [['b', '0001_initial']]),
      m('b', '0001_initial', [['a', '0002_x']]),
      m('a', '0002_x', [['a', '0001_initial']]),
    ]), (error: unknown) => error instanceof MigrationGraphError && /Circular dependency/.test(error.message) && /a\.0001_initial/.test(error.message))
  })

  test('two leaves in one app is a conflict that tells the user to merge', () => {
    const graph = build([
      m('polls', '0001_initial'),
      m('polls', '0002_a', [['polls', '0001_initial']]),
      m('polls', '0002_b', [['polls', '0001_initial']]),
    ])
    assert.deepEqual(graph.detectConflicts(), { polls: ['0002_a', '0002_b'] })
    assert.throws(() => graph.ensureNoConflicts(), (error: unknown) => {
      assert.ok(error instanceof MigrationConflictError)
      assert.equal(error.code, 'E_MIGRATION_CONFLICT')
      assert.match(error.message, /makemigrations --merge/)
      return true
    })
  })

  test('removing replaced nodes re-points outside edges at the squashed migration', () => {
    const graph = build([
      m('polls', '0001_initial'),
      m('polls', '0002_x', [['polls', '0001_initial']]),
      m('polls', '0003_y', [['polls', '0002_x']]),
      m('polls', '0001_squashed_0002_x', [], [['polls', '0001_initial'], ['polls', '0002_x']]),
    ])
    graph.removeReplacedNodes(['polls', '0001_squashed_0002_x'], [['polls', '0001_initial'], ['polls', '0002_x']])
    assert.deepEqual(names(graph.forwardsPlan(['polls', '0003_y'])), ['polls.0001_squashed_0002_x', 'polls.0003_y'])
    assert.equal(graph.has(['polls', '0002_x']), false)
  })

  test('removing the replacement node re-points its dependants at the last replaced migration', () => {
    const graph = build([
      m('polls', '0001_initial'),
      m('polls', '0002_x', [['polls', '0001_initial']]),
      m('polls', '0001_squashed_0002_x', [], [['polls', '0001_initial'], ['polls', '0002_x']]),
      m('polls', '0003_y', [['polls', '0001_squashed_0002_x']]),
    ])
    graph.removeReplacementNode(['polls', '0001_squashed_0002_x'], [['polls', '0001_initial'], ['polls', '0002_x']])
    assert.deepEqual(names(graph.forwardsPlan(['polls', '0003_y'])), ['polls.0001_initial', 'polls.0002_x', 'polls.0003_y'])
  })
})

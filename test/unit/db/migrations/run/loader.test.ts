import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { defineApp } from '../../../../../framework/src/core/apps.ts'
import { MigrationGraphError } from '../../../../../framework/src/db/migrations/graph.ts'
import { BadMigrationError, MigrationLoader, migrationNames } from '../../../../../framework/src/db/migrations/loader.ts'

const root = mkdtempSync(join(tmpdir(), 'tango-loader-'))
after(() => rmSync(root, { recursive: true, force: true }))

let counter = 0
/** Writes an app folder whose migrations are the given files (name → source) and returns its config. */
function app(label: string, files: Record<string, string>) {
  const dir = join(root, `${label}_${counter++}`)
  mkdirSync(join(dir, 'migrations'), { recursive: true })
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'migrations', name), text)
  return defineApp({ label, dir })
}

const sqlOp = `{ kind: 'RunSQL', sql: ['SELECT 1'], reverseSql: [], stateOperations: [] }`
const file = (deps: string, extra = '') => `export default { dependencies: ${deps}, operations: [${sqlOp}]${extra} }\n`

describe('MigrationLoader', () => {
  test('reads NNNN_name.ts files of every app, ignoring other files', async () => {
    const polls = app('polls', {
      '0001_initial.ts': file('[]'),
      '0002_votes.ts': file(`[['polls', '0001_initial'], ['auth', '0001_initial']]`),
      'helpers.ts': 'export const x = 1\n',
      '__init__.ts': '',
    })
    const auth = app('auth', { '0001_initial.ts': file('[]') })
    assert.deepEqual(migrationNames(join(polls.path, 'migrations')), ['0001_initial', '0002_votes'])
    const loader = await MigrationLoader.load({ apps: [polls, auth] })
    assert.deepEqual([...loader.diskMigrations.keys()].sort(), ['auth.0001_initial', 'polls.0001_initial', 'polls.0002_votes'])
    assert.deepEqual(loader.graph.forwardsPlan(['polls', '0002_votes']).map((k) => k.join('.')), ['auth.0001_initial', 'polls.0001_initial', 'polls.0002_votes'])
    assert.equal(loader.migration(['polls', '0002_votes']).file, join(polls.path, 'migrations', '0002_votes.ts'))
    assert.equal(loader.migrationByPrefix('polls', '0002').name, '0002_votes')
  })

  test('a malformed default export is an E_BAD_MIGRATION error naming the file', async () => {
    const bad = app('bad', { '0001_initial.ts': 'export default { dependencies: [], operations: [{ nope: 1 }] }\n' })
    await assert.rejects(MigrationLoader.load({ apps: [bad] }), (error: unknown) => {
      assert.ok(error instanceof BadMigrationError)
      assert.equal(error.code, 'E_BAD_MIGRATION')
      assert.ok(error.message.includes(join(bad.path, 'migrations', '0001_initial.ts')))
      assert.match(error.message, /operation 0/)
      return true
    })
    const none = app('none', { '0001_initial.ts': 'export const x = 1\n' })
    await assert.rejects(MigrationLoader.load({ apps: [none] }), /no default export/)
    const syntax = app('syntax', { '0001_initial.ts': 'export default {\n' })
    await assert.rejects(MigrationLoader.load({ apps: [syntax] }), (error: unknown) => error instanceof BadMigrationError && /could not be imported/.test(error.message))
  })

  test('a missing dependency is an E_MIGRATION_GRAPH error', async () => {
    const a = app('lonely', { '0001_initial.ts': file(`[['ghost', '0001_initial']]`) })
    await assert.rejects(MigrationLoader.load({ apps: [a] }), MigrationGraphError)
  })

  test('a squashed migration is used when none of the replaced ran, the originals when some did', async () => {
    const files = {
      '0001_initial.ts': file('[]'),
      '0002_x.ts': file(`[['shop', '0001_initial']]`),
      '0001_squashed_0002_x.ts': file('[]', `, replaces: [['shop', '0001_initial'], ['shop', '0002_x']]`),
      '0003_y.ts': file(`[['shop', '0002_x']]`),
    }
    const shop = app('shop', files)
    const fresh = await MigrationLoader.load({ apps: [shop] })
    assert.deepEqual(fresh.graph.forwardsPlan(['shop', '0003_y']).map((k) => k[1]), ['0001_squashed_0002_x', '0003_y'])
    const partly = await MigrationLoader.load({ apps: [shop], applied: new Set(['shop.0001_initial']) })
    assert.deepEqual(partly.graph.forwardsPlan(['shop', '0003_y']).map((k) => k[1]), ['0001_initial', '0002_x', '0003_y'])
    const all = await MigrationLoader.load({ apps: [shop], applied: new Set(['shop.0001_initial', 'shop.0002_x']) })
    assert.deepEqual(all.graph.forwardsPlan(['shop', '0003_y']).map((k) => k[1]), ['0001_squashed_0002_x', '0003_y'])
    assert.ok(all.applied.has('shop.0001_squashed_0002_x'))
    assert.deepEqual(all.replacementsToRecord, [['shop', '0001_squashed_0002_x']])
  })
})

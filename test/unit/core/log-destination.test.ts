import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { TurnBatchedDestination } from '../../../framework/src/core/log-destination.ts'

const dir = mkdtempSync(join(tmpdir(), 'tango-log-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('TurnBatchedDestination', () => {
  test('writes the lines of one event-loop turn together, at the end of the turn, in order', async () => {
    const file = join(dir, 'turn.log')
    const fd = openSync(file, 'w')
    const destination = new TurnBatchedDestination(fd)
    destination.write('one\n')
    destination.write('two\n')
    assert.equal(readFileSync(file, 'utf8'), '', 'nothing is written during the turn')
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(readFileSync(file, 'utf8'), 'one\ntwo\n')
    destination.write('three\n')
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(readFileSync(file, 'utf8'), 'one\ntwo\nthree\n')
    closeSync(fd)
  })

  test('lines still queued when the process exits are written', () => {
    const file = join(dir, 'exit.log')
    const module = fileURLToPath(new URL('../../../framework/src/core/log-destination.ts', import.meta.url))
    const script = `import { openSync } from 'node:fs'
      import { TurnBatchedDestination } from ${JSON.stringify(module)}
      const d = new TurnBatchedDestination(openSync(${JSON.stringify(file)}, 'w'))
      d.write('last words\\n')
      process.exit(0)`
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
    assert.equal(result.status, 0, result.stderr)
    assert.equal(readFileSync(file, 'utf8'), 'last words\n')
  })
})

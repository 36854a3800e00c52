import assert from 'node:assert/strict'
import { test } from 'node:test'
import { childExecArgv } from '../../../framework/src/server/tsx-loader.ts'

test('children get one resolved tsx loader and keep the other flags', () => {
  const argv = childExecArgv(['--import', 'tsx', '--max-old-space-size=512', '--inspect=9229'])
  assert.equal(argv[0], '--import')
  assert.match(argv[1] as string, /^file:\/\/.*tsx.*loader\.mjs$/)
  assert.equal(argv.filter((a) => a === '--import').length, 1)
  assert.ok(argv.includes('--max-old-space-size=512'))
  assert.ok(!argv.some((a) => a.startsWith('--inspect')))
})

test('a parent started with --import=tsx or --require tsx/cjs gets the same single loader', () => {
  for (const flags of [['--import=tsx'], ['--require', 'tsx/cjs'], ['--import', 'file:///x/node_modules/tsx/dist/loader.mjs']]) {
    const argv = childExecArgv(flags)
    assert.equal(argv.length, 2, JSON.stringify(argv))
  }
})

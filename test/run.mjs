#!/usr/bin/env node
// Runs the whole suite with Node's built-in test runner through tsx, so CI can read the pass and
// fail counts. Node 20's --test takes no globs, so the files are listed here.
// Usage: node test/run.mjs [folder-or-file ...]   (default: test/unit test/integration test/e2e test/types)
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const targets = process.argv.slice(2)
const roots = targets.length ? targets : ['test/unit', 'test/integration', 'test/e2e', 'test/types']

function collect(path, out) {
  let stat
  try {
    stat = statSync(path)
  } catch {
    return out
  }
  if (stat.isFile()) {
    if (/\.test\.ts$/.test(path)) out.push(path)
    return out
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry === 'node_modules' || entry === 'fixtures') continue
    collect(join(path, entry), out)
  }
  return out
}

const files = roots.flatMap((r) => collect(join(root, r), [])).map((f) => relative(root, f))
if (files.length === 0) {
  console.error(`No test files under ${roots.join(', ')}`)
  process.exit(1)
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
)
process.exit(result.status ?? 1)

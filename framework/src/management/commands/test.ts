/**
 * `tango test [PATH]...` (as Django's `manage.py test`): runs the project's `*.test.ts` files with
 * Node's test runner through tsx, in a child process that has loaded the project's settings first, so
 * tests can use `TestClient` and `reverse()` without set-up code.
 *
 * @module
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { AppCommand } from '../../core/apps.ts'
import { CommandError } from '../errors.ts'
import { projectDir } from '../project.ts'

const USAGE = `Usage: tango test [PATH]...

Runs the *.test.ts files under each PATH (default: the project folder) with node --test.`

/** Every `*.test.ts` file under `path`, skipping node_modules and dot folders, sorted. */
export function findTestFiles(path: string, out: string[] = []): string[] {
  const stat = statSync(path)
  if (stat.isFile()) {
    if (path.endsWith('.test.ts')) out.push(path)
    return out
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue
    findTestFiles(join(path, entry), out)
  }
  return out
}

/** The `test` command. */
export const testCommand: AppCommand = Object.freeze({
  name: 'test',
  help: "Runs the project's *.test.ts files with Node's test runner, settings loaded.",
  async run(argv: readonly string[]): Promise<number> {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const roots = argv.length > 0 ? argv.map((p) => resolve(process.cwd(), p)) : [projectDir()]
    for (const root of roots) if (!existsSync(root)) throw new CommandError(`No such file or folder: ${root}`)
    const files = roots.flatMap((root) => findTestFiles(root))
    if (files.length === 0) {
      process.stdout.write('No *.test.ts files found.\n')
      return 0
    }
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
    const setup = new URL('../test-setup.ts', import.meta.url).href
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'test' }
    // Set when this command itself runs under `node --test`; it would make the child report to a parent
    // runner that is not listening instead of printing its results.
    delete env.NODE_TEST_CONTEXT
    const child = spawn(process.execPath, ['--import', tsx, '--import', setup, '--test', ...files], { stdio: 'inherit', env })
    return new Promise<number>((done) => {
      child.on('exit', (code, signal) => done(code ?? (signal === null ? 1 : 128)))
    })
  },
})

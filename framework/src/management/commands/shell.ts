/**
 * `tango shell [-c CODE]` (as Django's `shell`): a Node.js REPL with the project loaded: every
 * registered model in scope by its name (`Question`; `polls_Question` too when two apps share a
 * name), plus `db`, `atomic`, `connections`, `modelRegistry` and `settings`. Node's REPL supports
 * top-level `await`: `await Question.objects.count()`. `-c` runs one piece of code and exits.
 *
 * @module
 */
import { start } from 'node:repl'
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import { settings } from '../../core/settings.ts'
import { connections, db } from '../../db/connection.ts'
import { modelRegistry } from '../../db/models/registry.ts'
import { atomic } from '../../db/transaction.ts'
import { CommandError } from '../errors.ts'
import { loadProjectModels } from './data-support.ts'

/** The names the shell puts in scope: the models by name, then the ORM helpers. */
export async function shellScope(): Promise<Record<string, unknown>> {
  await loadProjectModels()
  const scope: Record<string, unknown> = {}
  const models = modelRegistry.all()
  for (const model of models) {
    const name = model._meta.name
    const clash = models.some((m) => m !== model && m._meta.name === name)
    scope[clash ? `${model._meta.appLabel}_${name}` : name] = model
  }
  return Object.assign(scope, { db, atomic, connections, modelRegistry, settings })
}

const USAGE = `Usage: tango shell [-c CODE]

Runs a REPL with the project's models in scope (top-level await works).

  -c, --command CODE   run CODE (may use await) and exit`

/** The `shell` command. */
export const shellCommand: AppCommand = Object.freeze({
  name: 'shell',
  help: 'Runs a Node.js REPL with every model in scope.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({ args: [...argv], options: { command: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } } })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const scope = await shellScope()
    if (parsed.values.command !== undefined) {
      // An async function body, so `await` works as in the REPL. It runs in this realm (as Django's
      // shell runs in the same interpreter): a `new Date()` or `[]` written there is the ORM's own
      // Date and Array, not a vm context's look-alikes that `instanceof` checks refuse.
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>
      const names = Object.keys(scope)
      await new AsyncFunction(...names, parsed.values.command)(...names.map((name) => scope[name]))
      await connections.closeAll()
      return 0
    }
    const names = Object.keys(scope).sort()
    process.stdout.write(`Tango shell: ${names.join(', ')} in scope. Top-level await works.\n`)
    // useGlobal: the REPL evaluates in this realm too (see -c above).
    const server = start({ prompt: '>>> ', useGlobal: true })
    Object.assign(server.context, scope)
    await new Promise<void>((done) => server.on('exit', () => done()))
    await connections.closeAll()
    return 0
  },
})

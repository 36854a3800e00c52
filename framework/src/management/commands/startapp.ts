/**
 * `tango startapp NAME [DIR]` inside a project: writes a new app into the project folder.
 *
 * @module
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import { apps } from '../../core/apps.ts'
import { CommandError } from '../errors.ts'
import { projectDir } from '../project.ts'
import { startApp, startAppNextSteps } from '../scaffold/start-app.ts'

const USAGE = `Usage: tango startapp NAME [DIR]

Creates an app named NAME in the project folder (or in DIR, which must not exist or be empty).`

/** The `startapp` command. */
export const startappCommand: AppCommand = Object.freeze({
  name: 'startapp',
  help: 'Creates a new app (models, views, urls, templates, a test) in the project folder.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const [name, directory, ...rest] = parsed.positionals
    if (rest.length > 0) throw new CommandError(`Too many arguments.\n${USAGE}`, { exitCode: 2 })
    const base = projectDir()
    // DIR is relative to where the user stands, as in Django; the default goes in the project folder.
    const target = directory === undefined ? undefined : resolve(process.cwd(), directory)
    const result = await startApp({ name, directory: target, base, takenLabels: apps.all().map((a) => a.label) })
    process.stdout.write(`${startAppNextSteps(result, base)}\n`)
    return 0
  },
})

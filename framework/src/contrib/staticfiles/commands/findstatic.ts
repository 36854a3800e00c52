/**
 * `tango findstatic PATH...`: where the finders find a static file (Django's command of the same name).
 *
 * @module
 */
import { realpathSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { AppCommand } from 'tango/core'
import { CommandError } from 'tango/management'
import { find, searchedLocations } from '../finders.ts'

const USAGE = `Usage: tango findstatic [--first] [-v {0,1,2}] PATH [PATH ...]

Finds the absolute paths of the given static files: every match, the one served first at the top.

  --first            only the first match of each path
  -v, --verbosity N  0 paths only, 1 normal, 2 also the folders searched
`

/** The `findstatic` command. Exits 1 when a path is not found (Django exits 0). */
export const findstatic: AppCommand = {
  name: 'findstatic',
  help: 'Finds the absolute paths for the given static file(s).',
  run(argv) {
    let parsed
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { first: { type: 'boolean' }, verbosity: { type: 'string', short: 'v' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
      })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n\n${USAGE}`)
    }
    const { values, positionals } = parsed
    if (values.help) {
      process.stdout.write(USAGE)
      return 0
    }
    if (positionals.length === 0) throw new CommandError(`Enter at least one static file path.\n\n${USAGE}`)
    const verbosity = values.verbosity === undefined ? 1 : Number(values.verbosity)
    const searched = verbosity >= 2 ? `\nLooking in the following locations:\n  ${searchedLocations().join('\n  ')}` : ''
    let missing = 0
    for (const path of positionals) {
      const result = values.first ? [find(path)].filter((p): p is string => p !== null) : find(path, true)
      const real = result.map((p) => realpathSync(p))
      if (real.length > 0) {
        if (verbosity >= 1) process.stdout.write(`Found '${path}' here:\n  ${real.join('\n  ')}${searched}\n`)
        else process.stdout.write(`${real.join('\n')}\n`)
      } else {
        missing++
        if (verbosity >= 1) process.stderr.write(`No matching file found for '${path}'.${verbosity >= 2 ? `\n${searched}` : ''}\n`)
      }
    }
    return missing > 0 ? 1 : 0
  },
}

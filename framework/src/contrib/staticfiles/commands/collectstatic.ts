/**
 * `tango collectstatic`: collects the static files into `STATIC_ROOT` (Django's command of the same
 * name, with `ManifestStaticFilesStorage` and precompressed copies). See docs/static-files.md.
 *
 * @module
 */
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { existsSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import type { AppCommand } from 'tango/core'
import { settings } from 'tango/core'
import { CommandError } from 'tango/management'
import { collectStatic } from '../collect.ts'

const USAGE = `Usage: tango collectstatic [--no-input] [--clear] [--dry-run] [--no-post-process] [-i PATTERN] [--no-default-ignore] [-v {0,1,2}]

Collects the static files of STATICFILES_DIRS and of every installed app's static/ folder into
STATIC_ROOT, with content-hashed copies, the staticfiles.json manifest and .gz/.br copies.

  --noinput, --no-input  do not ask for confirmation
  -c, --clear            delete the existing files in STATIC_ROOT first
  -n, --dry-run          print what would be done; change nothing
  --no-post-process      only copy: no hashed names, manifest or compressed copies
  -i, --ignore PATTERN   skip files and folders matching this glob (repeatable)
  --no-default-ignore    do not skip CVS, .* and *~
  -v, --verbosity N      0 quiet, 1 normal, 2 every file
`

function ask(question: string): Promise<string | null> {
  return new Promise((done) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout })
    let answered = false
    rl.question(question, (answer) => {
      answered = true
      rl.close()
      done(answer.trim())
    })
    rl.on('close', () => {
      if (!answered) done(null)
    })
  })
}

/** The `collectstatic` command. Exits 1 when post-processing fails (the manifest is then not written). */
export const collectstatic: AppCommand = {
  name: 'collectstatic',
  help: 'Collects static files in a single location (STATIC_ROOT), with hashed names.',
  async run(argv) {
    let values
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: {
          'no-input': { type: 'boolean' }, noinput: { type: 'boolean' }, clear: { type: 'boolean', short: 'c' },
          'dry-run': { type: 'boolean', short: 'n' }, 'no-post-process': { type: 'boolean' },
          ignore: { type: 'string', short: 'i', multiple: true }, 'no-default-ignore': { type: 'boolean' },
          verbosity: { type: 'string', short: 'v' }, help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: false,
      }))
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n\n${USAGE}`)
    }
    if (values.help) {
      process.stdout.write(USAGE)
      return 0
    }
    if (!settings.STATIC_ROOT) {
      throw new CommandError("You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.")
    }
    const verbosity = values.verbosity === undefined ? 1 : Number(values.verbosity)
    if (![0, 1, 2, 3].includes(verbosity)) throw new CommandError(`--verbosity must be 0, 1, 2 or 3, not '${values.verbosity}'.`)
    const destination = resolve(settings.STATIC_ROOT)
    const interactive = !values['no-input'] && !values.noinput
    if (interactive && existsSync(destination) && readdirSync(destination).length > 0) {
      const answer = await ask(
        '\nYou have requested to collect static files at the destination\nlocation as specified in your settings:\n\n' +
        `    ${destination}\n\n` +
        (values.clear ? 'This will DELETE ALL FILES in this location!\n' : 'This will overwrite existing files!\n') +
        "Are you sure you want to do this?\n\nType 'yes' to continue, or 'no' to cancel: ",
      )
      if (answer !== 'yes') throw new CommandError('Collecting static files cancelled.')
    }
    const result = collectStatic({
      clear: values.clear === true,
      dryRun: values['dry-run'] === true,
      postProcess: values['no-post-process'] !== true,
      ignorePatterns: values.ignore ?? [],
      useDefaultIgnorePatterns: values['no-default-ignore'] !== true,
      verbosity,
    })
    if (verbosity >= 1) process.stdout.write(`\n${result.summary}\n`)
    return result.errors.length > 0 ? 1 : 0
  },
}

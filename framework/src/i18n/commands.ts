/**
 * The `makemessages` and `compilemessages` management commands (Django's), built in: they run in
 * the current folder, so running them from an app's folder scopes them to that app, as in Django.
 *
 * @module
 */
import { basename, dirname, relative, resolve } from 'node:path'
import type { AppCommand } from '../core/apps.ts'
import { settings } from '../core/settings.ts'
import { compileMessages, makeMessages } from './messages-files.ts'

const MAKE_USAGE = `Usage: tango makemessages (-l <lang> ... | --all) [--no-obsolete]

Extracts translatable strings from the .ts files and templates under the current folder into
locale/<lang>/LC_MESSAGES/tango.po, keeping existing translations and marking vanished ones #~.
  -l, --locale <lang>   a language to write (repeatable, or comma-separated: -l ru,de)
  -a, --all             every language that already has a catalog
  --no-obsolete         drop vanished messages instead of keeping them as #~
`

const COMPILE_USAGE = `Usage: tango compilemessages [-l <lang> ...]

Compiles every locale/<lang>/LC_MESSAGES/tango.po under the current folder and LOCALE_PATHS into
tango.json next to it (what the runtime loads).
  -l, --locale <lang>   only this language (repeatable)
`

/** Reads `-l ru`, `-l=ru`, `--locale ru`, `--locale=ru,de` options; flags are returned apart. */
function parseArgs(argv: readonly string[]): { locales: string[]; flags: Set<string>; unknown: string[] } {
  const locales: string[] = []
  const flags = new Set<string>()
  const unknown: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const m = /^(?:-l|--locale)(?:=(.*))?$/.exec(arg)
    if (m !== null) {
      const value = m[1] ?? argv[++i]
      if (value === undefined) unknown.push(arg)
      else locales.push(...value.split(',').filter((v) => v !== ''))
    } else if (['-a', '--all', '--no-obsolete', '-h', '--help'].includes(arg)) flags.add(arg === '-a' ? '--all' : arg === '-h' ? '--help' : arg)
    else unknown.push(arg)
  }
  return { locales, flags, unknown }
}

/** `tango makemessages -l ru [-l de] [--all] [--no-obsolete]` (Django's `makemessages`). */
export const makemessagesCommand: AppCommand = {
  name: 'makemessages',
  help: 'Extracts translatable strings into locale/<lang>/LC_MESSAGES/tango.po.',
  async run(argv) {
    const { locales, flags, unknown } = parseArgs(argv)
    if (flags.has('--help')) {
      process.stdout.write(MAKE_USAGE)
      return 0
    }
    if (unknown.length > 0 || (locales.length === 0 && !flags.has('--all'))) {
      process.stderr.write(`${unknown.length > 0 ? `Unknown argument: ${unknown.join(' ')}\n` : 'Type a language with -l (e.g. -l ru) or use --all.\n'}${MAKE_USAGE}`)
      return 2
    }
    const root = process.cwd()
    const result = await makeMessages({ root, locales, all: flags.has('--all'), noObsolete: flags.has('--no-obsolete') })
    for (const file of result.files) {
      process.stdout.write(`processing locale ${basename(dirname(dirname(file)))}: ${relative(root, file)}\n`)
    }
    process.stdout.write(`${result.messages} message${result.messages === 1 ? '' : 's'} found.\n`)
    return 0
  },
}

/** `tango compilemessages [-l ru]` (Django's `compilemessages`). Exits 1 naming file and line of each broken catalog. */
export const compilemessagesCommand: AppCommand = {
  name: 'compilemessages',
  help: 'Compiles locale/<lang>/LC_MESSAGES/tango.po files to tango.json.',
  run(argv) {
    const { locales, flags, unknown } = parseArgs(argv)
    if (flags.has('--help')) {
      process.stdout.write(COMPILE_USAGE)
      return 0
    }
    if (unknown.length > 0 || flags.size > 0) {
      process.stderr.write(`Unknown argument: ${[...unknown, ...flags].join(' ')}\n${COMPILE_USAGE}`)
      return 2
    }
    const root = process.cwd()
    const roots = [root, ...settings.LOCALE_PATHS.map((p) => resolve(settings.BASE_DIR, p))]
    const { compiled, errors } = compileMessages(roots, locales)
    for (const file of compiled) process.stdout.write(`processing file tango.po in ${relative(root, dirname(file)) || '.'}\n`)
    for (const error of errors) process.stderr.write(`${error.message}\n`)
    if (errors.length > 0) {
      process.stderr.write(`CommandError: compilemessages generated ${errors.length} error${errors.length === 1 ? '' : 's'}.\n`)
      return 1
    }
    if (compiled.length === 0) process.stdout.write('No catalogs (locale/<lang>/LC_MESSAGES/tango.po) found.\n')
    return 0
  },
}

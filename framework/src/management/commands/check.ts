/**
 * `tango check [--deploy] [--tag TAG]... [--fail-level LEVEL] [--list-tags]` (as Django's `check`):
 * runs the system checks and prints what they found. Exit status 1 when a message is at or above
 * the fail level (ERROR by default), else 0; warnings are printed but do not fail.
 *
 * @module
 */
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import type { CheckLevelName, CheckLevelValue, CheckMessage } from '../../core/checks.ts'
import { CheckLevel, checkTags, isSerious, runChecks } from '../../core/checks.ts'
import { settings } from '../../core/settings.ts'
import { CommandError } from '../errors.ts'

const USAGE = `Usage: tango check [--deploy] [--tag TAG]... [--fail-level LEVEL] [--list-tags]

Checks the entire project for potential problems.

  --deploy             also run the deployment checks (security.*)
  -t, --tag TAG        run only checks with this tag (repeatable)
  --fail-level LEVEL   exit 1 at this level or above: CRITICAL, ERROR (default), WARNING, INFO, DEBUG
  --list-tags          list the available tags`

const GROUPS: readonly [CheckLevelValue, string][] = [
  [CheckLevel.CRITICAL, 'CRITICALS'],
  [CheckLevel.ERROR, 'ERRORS'],
  [CheckLevel.WARNING, 'WARNINGS'],
  [CheckLevel.INFO, 'INFOS'],
  [CheckLevel.DEBUG, 'DEBUGS'],
]

/** One message as Django prints it: `obj: (id) msg` and an indented `HINT:` line. */
export function formatCheckMessage(message: CheckMessage): string {
  const hint = message.hint === null ? '' : `\n\tHINT: ${message.hint}`
  return `${message.obj ?? '?'}: (${message.id}) ${message.msg}${hint}`
}

/** The full report and whether it should fail. */
export interface CheckReport {
  readonly text: string
  /** Some message is at or above the fail level. */
  readonly serious: boolean
  /** Messages shown. */
  readonly count: number
}

/**
 * Formats messages as Django's `BaseCommand.check()`: grouped by level (most severe first), sorted
 * within a group, then `System check identified N issues (S silenced).`
 */
export function formatCheckReport(messages: readonly CheckMessage[], options: { readonly failLevel?: CheckLevelValue; readonly silenced?: number } = {}): CheckReport {
  const failLevel = options.failLevel ?? CheckLevel.ERROR
  const silenced = options.silenced ?? 0
  const serious = messages.some((m) => isSerious(m, failLevel))
  if (messages.length === 0) return { text: `System check identified no issues (${silenced} silenced).`, serious, count: 0 }
  let body = ''
  for (const [level, title] of GROUPS) {
    const group = messages.filter((m) => m.level === level)
    if (group.length > 0) body += `\n${title}:\n${group.map(formatCheckMessage).sort().join('\n')}\n`
  }
  const header = `${serious ? 'SystemCheckError: ' : ''}System check identified some issues:\n`
  const count = messages.length
  const footer = `\nSystem check identified ${count === 1 ? '1 issue' : `${count} issues`} (${silenced} silenced).`
  return { text: header + body + footer, serious, count }
}

function parseFailLevel(text: string | undefined): CheckLevelValue {
  if (text === undefined) return CheckLevel.ERROR
  const name = text.toUpperCase()
  if (!(name in CheckLevel)) throw new CommandError(`--fail-level must be one of ${Object.keys(CheckLevel).join(', ')}; got '${text}'.`, { exitCode: 2 })
  return CheckLevel[name as CheckLevelName]
}

/** Reads a project's `SILENCED_SYSTEM_CHECKS` (a project-defined setting, as in Django). */
function silencedIds(): string[] {
  const value = (settings as unknown as Record<string, unknown>).SILENCED_SYSTEM_CHECKS
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

/** The `check` command. */
export const checkCommand: AppCommand = Object.freeze({
  name: 'check',
  help: 'Checks the entire project for potential problems (--deploy adds the production checks).',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({
        args: [...argv],
        options: {
          deploy: { type: 'boolean' },
          tag: { type: 'string', short: 't', multiple: true },
          'fail-level': { type: 'string' },
          'list-tags': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    const { values } = parsed
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const deploy = values.deploy === true
    if (values['list-tags'] === true) {
      process.stdout.write(checkTags(deploy).map((t) => `${t}\n`).join(''))
      return 0
    }
    const failLevel = parseFailLevel(values['fail-level'])
    const tags = values.tag ?? []
    const known = checkTags(true)
    const unknown = tags.filter((t) => !known.includes(t))
    if (unknown.length > 0) throw new CommandError(`There is no system check with the '${unknown[0]}' tag.`)
    const silenced = silencedIds()
    const all = await runChecks({ deploy, tags })
    const shown = all.filter((m) => !silenced.includes(m.id))
    const report = formatCheckReport(shown, { failLevel, silenced: all.length - shown.length })
    // As Django: a clean bill of health goes to stdout, issues to stderr.
    if (report.count === 0) process.stdout.write(`${report.text}\n`)
    else process.stderr.write(`${report.text}\n`)
    return report.serious ? 1 : 0
  },
})

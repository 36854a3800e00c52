/**
 * `tango help [COMMAND]` (as Django's `manage.py help`): every command with a one-line summary,
 * grouped by the app that provides it; with a name, that command's own usage.
 *
 * @module
 */
import type { AppCommand } from '../../core/apps.ts'
import { BUILTIN_LABEL, type CommandRegistry } from '../registry.ts'
import { CommandError } from '../errors.ts'

/** The text `tango help` prints. */
export function formatHelp(registry: CommandRegistry): string {
  const width = Math.max(0, ...registry.all().map(({ command }) => command.name.length)) + 2
  const lines = ["Type 'tango help <command>' for help on a specific command.", '', 'Available commands:']
  for (const [app, commands] of registry.grouped()) {
    lines.push('', `[${app}]`)
    for (const command of commands) lines.push(`    ${command.name.padEnd(width)}${command.help}`)
  }
  return lines.join('\n')
}

/**
 * Makes the `help` command for a registry.
 * @param registry - the commands to list (filled in before `help` runs).
 */
export function helpCommand(registry: CommandRegistry): AppCommand {
  return Object.freeze({
    name: 'help',
    help: 'Lists every command with a one-line summary, or shows the usage of one command.',
    async run(argv: readonly string[]): Promise<number> {
      const name = argv.find((a) => !a.startsWith('-'))
      if (name === undefined) {
        process.stdout.write(`${formatHelp(registry)}\n`)
        return 0
      }
      const entry = registry.get(name)
      if (entry === undefined) throw new CommandError(`Unknown command: '${name}'. Type 'tango help' for usage.`)
      // Tango's own commands all answer --help; an app's command may not, so only its summary is shown.
      if (entry.app === BUILTIN_LABEL && name !== 'help') return (await entry.command.run(['--help'])) ?? 0
      process.stdout.write(`Usage: tango ${name} [ARGS]\n\n${entry.command.help}\n`)
      return 0
    },
  })
}

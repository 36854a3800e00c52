/**
 * The command registry: Tango's built-in commands plus each installed app's `commands`, by name
 * (as Django's `get_commands()`). An app's command overrides a built-in of the same name, and an app
 * earlier in `INSTALLED_APPS` wins over a later one, as in Django.
 *
 * @module
 */
import type { AppCommand, AppConfig } from '../core/apps.ts'

/** The label built-in commands are listed under in `help`. */
export const BUILTIN_LABEL = 'tango'

/** A registered command and the app that provides it. */
export interface RegisteredCommand {
  readonly command: AppCommand
  /** `tango` for built-ins, else the app's label. */
  readonly app: string
}

/** Commands by name. */
export class CommandRegistry {
  #commands = new Map<string, RegisteredCommand>()

  /**
   * Adds a command; replaces an earlier command of the same name.
   * @param command - the command.
   * @param app - the label of the app that provides it (default `tango`, the built-ins).
   */
  register(command: AppCommand, app: string = BUILTIN_LABEL): void {
    this.#commands.set(command.name, Object.freeze({ command, app }))
  }

  /** The command with this name, or `undefined`. */
  get(name: string): RegisteredCommand | undefined {
    return this.#commands.get(name)
  }

  /** Every command, sorted by name. */
  all(): RegisteredCommand[] {
    return [...this.#commands.values()].sort((a, b) => a.command.name.localeCompare(b.command.name))
  }

  /** Commands grouped by app label: `tango` first, then the apps in alphabetical order; each group sorted. */
  grouped(): [string, AppCommand[]][] {
    const groups = new Map<string, AppCommand[]>()
    for (const { command, app } of this.all()) {
      const group = groups.get(app) ?? []
      group.push(command)
      groups.set(app, group)
    }
    return [...groups.entries()].sort(([a], [b]) => (a === BUILTIN_LABEL ? -1 : b === BUILTIN_LABEL ? 1 : a.localeCompare(b)))
  }
}

/**
 * Builds the registry for a project: the built-ins, then each app's commands (later apps first, so
 * the earliest app in `INSTALLED_APPS` has the last word).
 *
 * @param builtins - Tango's own commands.
 * @param installed - the installed apps, in `INSTALLED_APPS` order (`apps.all()`).
 */
export function buildRegistry(builtins: readonly AppCommand[], installed: readonly AppConfig[]): CommandRegistry {
  const registry = new CommandRegistry()
  for (const command of builtins) registry.register(command)
  for (const app of [...installed].reverse()) for (const command of app.commands) registry.register(command, app.label)
  return registry
}

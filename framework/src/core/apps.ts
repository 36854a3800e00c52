/**
 * Apps: the unit a Tango project is built from, as in Django. An app is a plain value made by
 * {@link defineApp} and listed, as an imported value, in `INSTALLED_APPS`.
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ImproperlyConfigured } from './errors.ts'

/** A management command an app contributes (see `tango/management`). */
export interface AppCommand {
  /** The name typed on the command line, e.g. `clearsessions`. */
  readonly name: string
  /** One line for `help`. */
  readonly help: string
  /** Runs the command; `argv` holds the arguments after the command's name. Resolves to an exit code. */
  readonly run: (argv: readonly string[]) => Promise<number | void> | number | void
}

/** What {@link defineApp} takes. */
export interface AppOptions {
  /** A short unique identifier, a valid identifier: `news`, `auth`. Namespaces templates and static files. */
  readonly label: string
  /** The app's folder: pass `import.meta.url` of a file in it or an absolute path. Templates are found in
   * `<dir>/templates`, static files in `<dir>/static`. */
  readonly dir: string | URL
  /** A human-readable name for the admin and `help` (defaults to the label). */
  readonly verboseName?: string
  /** Management commands this app adds. */
  readonly commands?: readonly AppCommand[]
  /** Called once when the registry is ready (as Django's `AppConfig.ready`). */
  readonly ready?: () => void | Promise<void>
}

/** An installed app, as the registry keeps it. Plain and frozen. */
export interface AppConfig {
  readonly label: string
  readonly verboseName: string
  /** Absolute path of the app's folder. */
  readonly path: string
  /** `<path>/templates` when it exists, else `null`. */
  readonly templatesDir: string | null
  /** `<path>/static` when it exists, else `null`. */
  readonly staticDir: string | null
  readonly commands: readonly AppCommand[]
  readonly ready: (() => void | Promise<void>) | null
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Turns a `dir` option into a folder path: a file URL of a module in the app gives that module's folder. */
function appPath(dir: string | URL): string {
  const text = typeof dir === 'string' ? dir : dir.href
  if (text.startsWith('file:')) {
    const path = fileURLToPath(text)
    // import.meta.url names a file; the app is the folder that holds it.
    return /\.[cm]?[jt]sx?$/.test(path) ? join(path, '..') : path
  }
  return text
}

/**
 * Declares an app (as Django's `AppConfig`).
 *
 * @param options - label, folder and optional commands and `ready` hook.
 * @returns a frozen {@link AppConfig}.
 * @throws {@link ImproperlyConfigured} when the label is not an identifier.
 * @example
 * ```ts
 * export default defineApp({ label: 'news', dir: import.meta.url })
 * ```
 */
export function defineApp(options: AppOptions): AppConfig {
  if (!IDENTIFIER.test(options.label)) {
    throw new ImproperlyConfigured(`App label '${options.label}' is not a valid identifier.`)
  }
  const path = appPath(options.dir)
  const templatesDir = join(path, 'templates')
  const staticDir = join(path, 'static')
  return Object.freeze({
    label: options.label,
    verboseName: options.verboseName ?? options.label,
    path,
    templatesDir: existsSync(templatesDir) ? templatesDir : null,
    staticDir: existsSync(staticDir) ? staticDir : null,
    commands: Object.freeze([...(options.commands ?? [])]),
    ready: options.ready ?? null,
  })
}

/**
 * The registry of installed apps, in `INSTALLED_APPS` order (as Django's `django.apps.apps`).
 * Filled by `configure()`; tests may call {@link AppRegistry.populate} again.
 */
export class AppRegistry {
  #apps: readonly AppConfig[] = []
  #byLabel = new Map<string, AppConfig>()

  /**
   * Replaces the installed apps.
   * @throws {@link ImproperlyConfigured} when two apps share a label.
   */
  populate(apps: readonly AppConfig[]): void {
    const byLabel = new Map<string, AppConfig>()
    for (const app of apps) {
      if (byLabel.has(app.label)) {
        throw new ImproperlyConfigured(`INSTALLED_APPS: two apps have the label '${app.label}'; labels must be unique.`)
      }
      byLabel.set(app.label, app)
    }
    this.#apps = Object.freeze([...apps])
    this.#byLabel = byLabel
  }

  /** Every installed app, in `INSTALLED_APPS` order. */
  all(): readonly AppConfig[] {
    return this.#apps
  }

  /** The app with this label, or `undefined`. */
  get(label: string): AppConfig | undefined {
    return this.#byLabel.get(label)
  }

  /** Runs each app's `ready` hook, in order. */
  async ready(): Promise<void> {
    for (const app of this.#apps) await app.ready?.()
  }
}

/** The process-wide app registry. */
export const apps = new AppRegistry()

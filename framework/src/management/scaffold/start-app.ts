/**
 * `tango startapp NAME [DIR]` (as Django's `startapp`): writes an app from
 * `templates/app_template`. Like Django it does not edit settings; it prints the two lines to add.
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { CommandError } from '../errors.ts'
import { validateName } from './names.ts'
import { renderTemplateDir, templatesRoot } from './template-dir.ts'

/** What {@link startApp} takes. */
export interface StartAppOptions {
  /** The app name (becomes its label): an identifier. */
  readonly name: string | undefined
  /** Where to write; default `<base>/<name>`. May be an existing empty folder. */
  readonly directory?: string | undefined
  /** The folder the app goes in (the project folder inside a project). Default `process.cwd()`. */
  readonly base?: string
  /** Labels already taken by installed apps. */
  readonly takenLabels?: readonly string[]
}

/** What {@link startApp} did. */
export interface StartAppResult {
  readonly name: string
  /** Absolute path of the new app. */
  readonly directory: string
  /** Files written, relative to `directory`. */
  readonly files: readonly string[]
}

/**
 * Creates an app.
 *
 * @throws {@link CommandError} for a bad name or a taken target; nothing is written then.
 */
export async function startApp(options: StartAppOptions): Promise<StartAppResult> {
  const base = options.base ?? process.cwd()
  const name = validateName(options.name, 'app', base)
  if (options.takenLabels?.includes(name)) throw new CommandError(`An installed app already has the label '${name}'. Please try another name.`)
  const directory = resolve(base, options.directory ?? name)
  if (existsSync(directory) && options.directory === undefined) throw new CommandError(`'${directory}' already exists.`)
  const files = await renderTemplateDir({
    template: join(templatesRoot(), 'app_template'),
    target: directory,
    baseName: 'app_name',
    name,
    context: { app_name: name },
  })
  return { name, directory, files }
}

/** The lines `startapp` prints after success: how to install the app and route to it. */
export function startAppNextSteps(result: StartAppResult, projectDir: string): string {
  const rel = relative(projectDir, result.directory) || '.'
  const from = rel.startsWith('.') ? rel : `./${rel}`
  return [
    `Created app '${result.name}' in ${result.directory}`,
    '',
    'Next steps:',
    `  1. In settings.ts:  import ${result.name} from '${from}/app.ts'   and add ${result.name} to INSTALLED_APPS`,
    `  2. In urls.ts:      import * as ${result.name}Urls from '${from}/urls.ts'   and add path('${result.name}/', include(${result.name}Urls)) to urlpatterns`,
  ].join('\n')
}

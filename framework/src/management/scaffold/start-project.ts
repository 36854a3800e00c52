/**
 * `tango startproject NAME [DIR]` (as Django's `startproject`): writes a project from
 * `templates/project_template` and links it to this Tango installation, so it runs at once without
 * `npm install`: `node_modules/tango` points at the framework, `node_modules/tango-cli` at the CLI,
 * `node_modules/tsx` at tsx, plus their `.bin` entries. Node resolves symlinks to real paths, so the
 * framework's own dependencies come from where they are already installed.
 *
 * @module
 */
import { existsSync, realpathSync } from 'node:fs'
import { mkdir, readFile, symlink } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CommandError } from '../errors.ts'
import { validateName } from './names.ts'
import { generateSecretKey } from './secret-key.ts'
import { renderTemplateDir, templatesRoot } from './template-dir.ts'

/** What {@link startProject} takes. */
export interface StartProjectOptions {
  /** The project name: an identifier. */
  readonly name: string | undefined
  /** Where to write; default `<cwd>/<name>`. May be an existing empty folder. */
  readonly directory?: string | undefined
  /** Base for relative paths and package look-ups. Default `process.cwd()`. */
  readonly cwd?: string
  /** The `tango-cli` package folder, linked as `node_modules/tango-cli` and `.bin/tango` when given. */
  readonly cliDir?: string
}

/** What {@link startProject} did. */
export interface StartProjectResult {
  /** Absolute path of the new project. */
  readonly directory: string
  /** Files written from the template, relative to `directory`. */
  readonly files: readonly string[]
}

/** The framework's package folder (real path). */
export function frameworkDir(): string {
  return realpathSync(fileURLToPath(new URL('../../../', import.meta.url)))
}

/** The framework's version, from its package.json. */
export async function frameworkVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(frameworkDir(), 'package.json'), 'utf8')) as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0'
}

/** A package's folder as the framework resolves it, or `null`. */
function packageDir(name: string): string | null {
  try {
    return dirname(realpathSync(createRequire(import.meta.url).resolve(`${name}/package.json`)))
  } catch {
    return null
  }
}

async function link(target: string, path: string, type: 'junction' | 'file' = 'junction'): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await symlink(target, path, type) // the type only matters on Windows, where a junction needs no privileges
}

/** Links the project's node_modules to the installed framework, CLI and tsx. */
async function linkInstallation(project: string, cliDir: string | undefined): Promise<void> {
  const modules = join(project, 'node_modules')
  await link(frameworkDir(), join(modules, 'tango'))
  const tsx = packageDir('tsx')
  if (tsx !== null) {
    await link(tsx, join(modules, 'tsx'))
    await link(join(tsx, 'dist', 'cli.mjs'), join(modules, '.bin', 'tsx'), 'file')
  }
  if (cliDir !== undefined) {
    await link(realpathSync(cliDir), join(modules, 'tango-cli'))
    await link(join(realpathSync(cliDir), 'bin', 'tango.js'), join(modules, '.bin', 'tango'), 'file')
  }
  // Editors and `tsc --noEmit` in the project want Node's types; link them when present.
  const typesNode = packageDir('@types/node')
  if (typesNode !== null) await link(typesNode, join(modules, '@types', 'node'))
}

/**
 * Creates a project.
 *
 * @param options - name, optional target folder, cwd and CLI folder.
 * @returns the project folder and the files written.
 * @throws {@link CommandError} for a bad name (not an identifier, clashing with a Node module, an
 *   installed package or a built-in app) or a taken target; nothing is written then.
 */
export async function startProject(options: StartProjectOptions): Promise<StartProjectResult> {
  const cwd = options.cwd ?? process.cwd()
  const name = validateName(options.name, 'project', cwd)
  const directory = resolve(cwd, options.directory ?? name)
  if (existsSync(directory) && options.directory === undefined) {
    throw new CommandError(`'${directory}' already exists. Choose another name, or pass an empty folder as DIR.`)
  }
  if (!existsSync(dirname(directory))) throw new CommandError(`Destination directory '${dirname(directory)}' does not exist, please create it first.`)
  const context = {
    project_name: name,
    package_name: name.toLowerCase().replaceAll('_', '-'),
    secret_key: generateSecretKey(),
    tango_version: await frameworkVersion(),
    framework_path: frameworkDir(),
    cli_path: options.cliDir === undefined ? frameworkDir() : realpathSync(options.cliDir),
  }
  const files = await renderTemplateDir({
    template: join(templatesRoot(), 'project_template'),
    target: directory,
    baseName: 'project_name',
    name,
    context,
    finish: (tmp) => linkInstallation(tmp, options.cliDir),
  })
  return { directory, files }
}

/** The lines `startproject` prints after success. */
export function startProjectNextSteps(result: StartProjectResult): string {
  return [
    `Created project '${basename(result.directory)}' in ${result.directory}`,
    '',
    'Next steps:',
    `  cd ${result.directory}`,
    '  npx tango runserver      # the development server on http://127.0.0.1:8000/',
    '  npx tango startapp NAME  # add an app',
    '  npx tango help           # every command',
  ].join('\n')
}

/**
 * Name checks for `startproject` and `startapp` (as Django's `TemplateCommand.validate_name`): the
 * name becomes a folder, an import binding and an app label, so it must be an identifier and must
 * not shadow a Node built-in, an installed package or one of Tango's own apps.
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { CommandError } from '../errors.ts'

/** Labels Tango's built-in apps use (or will use); a project or app may not take them. */
export const BUILTIN_APP_LABELS: readonly string[] = Object.freeze(['admin', 'auth', 'contenttypes', 'messages', 'sessions', 'staticfiles', 'tango'])

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

// Reserved words cannot be import bindings (`import class from './class/app.ts'`), so they make poor names.
const RESERVED = new Set([
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export',
  'extends', 'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null',
  'package', 'private', 'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var',
  'void', 'while', 'with', 'yield',
])

/** True when `node_modules/<name>` exists in `from` or one of its parents (what `import name` would find). */
function isInstalledPackage(name: string, from: string): boolean {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules', name, 'package.json'))) return true
    if (dirname(dir) === dir) return false
  }
}

/**
 * Checks a project or app name.
 *
 * @param name - the name typed on the command line.
 * @param kind - `project` or `app`, for the messages.
 * @param cwd - where to look for installed packages (default `process.cwd()`).
 * @throws {@link CommandError} (exit code 1) saying what is wrong with the name.
 */
export function validateName(name: string | undefined, kind: 'project' | 'app', cwd: string = process.cwd()): string {
  if (name === undefined || name === '') throw new CommandError(`You must provide ${kind === 'app' ? 'an app' : 'a project'} name.`, { exitCode: 2 })
  if (!IDENTIFIER.test(name)) {
    throw new CommandError(`'${name}' is not a valid ${kind} name. Please make sure the name is a valid identifier ` +
      '(letters, digits and underscores, not starting with a digit).')
  }
  if (RESERVED.has(name)) throw new CommandError(`'${name}' is a reserved word in JavaScript and cannot be used as ${kind === 'app' ? 'an app' : 'a project'} name. Please try another name.`)
  if (BUILTIN_APP_LABELS.includes(name)) {
    throw new CommandError(`'${name}' conflicts with the name of a built-in Tango app and cannot be used as ${kind === 'app' ? 'an app' : 'a project'} name. Please try another name.`)
  }
  if (isBuiltin(name) || isBuiltin(`node:${name}`)) {
    throw new CommandError(`'${name}' conflicts with the name of a Node.js built-in module and cannot be used as ${kind === 'app' ? 'an app' : 'a project'} name. Please try another name.`)
  }
  if (isInstalledPackage(name, cwd)) {
    throw new CommandError(`'${name}' conflicts with the name of an installed package and cannot be used as ${kind === 'app' ? 'an app' : 'a project'} name. Please try another name.`)
  }
  return name
}

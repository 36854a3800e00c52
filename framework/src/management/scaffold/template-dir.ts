/**
 * Copies a scaffolding template (`templates/project_template`, `templates/app_template`) into a new
 * folder, as Django's `TemplateCommand`: path segments containing the base name (`project_name`,
 * `app_name`) take the new name, a `.tpl` suffix is dropped (it keeps files such as `package.json` and
 * `.gitignore` from acting on the template folder itself), and `{{ key }}` placeholders for the keys
 * of the context are replaced in text files. Other `{{ ... }}` (nunjucks in `.html` files) are left alone.
 *
 * The copy is all-or-nothing: it is built in a temporary sibling folder and renamed into place, so a
 * failure leaves nothing behind.
 *
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CommandError } from '../errors.ts'

/** Values for `{{ key }}` placeholders. */
export type TemplateContext = Readonly<Record<string, string>>

const TEXT_EXTENSIONS = new Set(['.ts', '.js', '.mjs', '.json', '.md', '.html', '.txt', '.css', '.gitignore', ''])
const SKIP = new Set(['node_modules', '.DS_Store'])

/**
 * The folder that holds Tango's scaffolding templates (`<repo>/templates`).
 * @throws {@link CommandError} when it is missing (a broken installation).
 */
export function templatesRoot(): string {
  const root = fileURLToPath(new URL('../../../../templates/', import.meta.url))
  if (!existsSync(join(root, 'project_template'))) {
    throw new CommandError(`Tango's scaffolding templates were not found in ${root}; the installation is incomplete.`)
  }
  return root
}

/** Replaces `{{ key }}` (one space inside the braces, as Django writes them) for the context's keys only. */
export function renderText(text: string, context: TemplateContext): string {
  return text.replace(/\{\{ ([A-Za-z_][A-Za-z0-9_]*) \}\}/g, (whole, key: string) => context[key] ?? whole)
}

async function copyInto(source: string, destination: string, baseName: string, name: string, context: TemplateContext, written: string[], root: string): Promise<void> {
  for (const entry of (await readdir(source, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (SKIP.has(entry.name)) continue
    let target = entry.name.replaceAll(baseName, name)
    if (target.endsWith('.tpl')) target = target.slice(0, -'.tpl'.length)
    const from = join(source, entry.name)
    const to = join(destination, target)
    if (entry.isDirectory()) {
      await mkdir(to, { recursive: true })
      await copyInto(from, to, baseName, name, context, written, root)
    } else if (TEXT_EXTENSIONS.has(extname(target)) || basename(target).startsWith('.')) {
      await writeFile(to, renderText(await readFile(from, 'utf8'), context))
      written.push(relative(root, to))
    } else {
      await copyFile(from, to)
      written.push(relative(root, to))
    }
  }
}

/** True when `path` does not exist or is an empty folder (Django lets startproject fill an empty folder). */
export function isFreeTarget(path: string): boolean {
  if (!existsSync(path)) return true
  return statSync(path).isDirectory() && readdirSync(path).length === 0
}

/**
 * Renders a template folder into `target`, atomically.
 *
 * @param options.template - the template folder.
 * @param options.target - the folder to create; it must not exist, or be an empty folder.
 * @param options.baseName - the placeholder in paths (`project_name` or `app_name`).
 * @param options.name - the new name.
 * @param options.context - placeholder values.
 * @param options.finish - optional extra work inside the temporary folder before it is moved (links).
 * @returns the files written, relative to `target`, sorted.
 * @throws {@link CommandError} when the target is taken; anything else a file operation throws.
 */
export async function renderTemplateDir(options: {
  readonly template: string
  readonly target: string
  readonly baseName: string
  readonly name: string
  readonly context: TemplateContext
  readonly finish?: (tmp: string) => Promise<void>
}): Promise<string[]> {
  const { target } = options
  if (!isFreeTarget(target)) throw new CommandError(`'${target}' already exists and is not an empty folder.`)
  const parent = dirname(target)
  if (!existsSync(parent)) throw new CommandError(`Destination directory '${parent}' does not exist, please create it first.`)
  // mkdtemp makes a private (0700) folder; the tree is built one level down, with the usual modes.
  const scratch = await mkdtemp(join(parent, `.${basename(target)}-`))
  const tmp = join(scratch, basename(target))
  try {
    await mkdir(tmp)
    const written: string[] = []
    await copyInto(options.template, tmp, options.baseName, options.name, options.context, written, tmp)
    await options.finish?.(tmp)
    if (existsSync(target)) await rmdir(target) // empty, checked above
    await rename(tmp, target)
    return written.sort()
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}

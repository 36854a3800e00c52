/**
 * Finds the project the user stands in: the nearest `manage.ts` in the current folder or a parent
 * (as `git` finds its repository).
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

/** The absolute path of the nearest `manage.ts` at or above `from`, or `null` outside a project. */
export function findManageScript(from: string = process.cwd()): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'manage.ts')
    if (existsSync(candidate)) return candidate
    if (dirname(dir) === dir) return null
  }
}

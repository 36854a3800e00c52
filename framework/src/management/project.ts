/**
 * Where the current project lives, for commands that write into it.
 *
 * @module
 */
import { dirname } from 'node:path'

/** The folder of the project's `settings.ts` (from `TANGO_SETTINGS_MODULE`), else the current directory. */
export function projectDir(env: NodeJS.ProcessEnv = process.env): string {
  const module = env.TANGO_SETTINGS_MODULE
  return module ? dirname(module) : process.cwd()
}

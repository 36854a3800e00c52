/**
 * `tango version`: prints the framework's version (as Django's `version`).
 *
 * @module
 */
import type { AppCommand } from '../../core/apps.ts'
import { frameworkVersion } from '../scaffold/start-project.ts'

/** The `version` command. */
export const versionCommand: AppCommand = Object.freeze({
  name: 'version',
  help: "Prints Tango's version.",
  async run(): Promise<number> {
    process.stdout.write(`${await frameworkVersion()}\n`)
    return 0
  },
})

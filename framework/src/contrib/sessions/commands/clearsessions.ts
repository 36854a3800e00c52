/**
 * `tango clearsessions`: deletes expired sessions (Django's command of the same name). Run it from
 * cron; with `signedCookies` there is nothing to delete.
 *
 * @module
 */
import type { AppCommand } from 'tango/core'
import { getSessionStore } from '../backends/index.ts'

/** The `clearsessions` command. Prints how many sessions it deleted. */
export const clearsessions: AppCommand = {
  name: 'clearsessions',
  help: 'Deletes expired sessions from the session store.',
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write('Usage: tango clearsessions\n\nDeletes expired sessions (SESSION_ENGINE db). Safe to run from cron.\n')
      return 0
    }
    const count = await getSessionStore().clearExpired()
    process.stdout.write(`Deleted ${count} expired session${count === 1 ? '' : 's'}.\n`)
    return 0
  },
}

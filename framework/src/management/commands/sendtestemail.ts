/**
 * `tango sendtestemail <address...>` (as Django's `sendtestemail`): sends one test message through the
 * configured `EMAIL_BACKEND`, to check that mail gets out.
 *
 * @module
 */
import { hostname } from 'node:os'
import { parseArgs } from 'node:util'
import type { AppCommand } from '../../core/apps.ts'
import { sendMail } from '../../mail/send-mail.ts'
import { CommandError } from '../errors.ts'

const USAGE = `Usage: tango sendtestemail <address> [<address> ...]

Sends a test email to the addresses given, through EMAIL_BACKEND, from DEFAULT_FROM_EMAIL.`

/** The `sendtestemail` command. */
export const sendtestemailCommand: AppCommand = Object.freeze({
  name: 'sendtestemail',
  help: 'Sends a test email to the addresses given, to check the email settings.',
  async run(argv: readonly string[]): Promise<number> {
    let parsed
    try {
      parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } })
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (parsed.values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    if (parsed.positionals.length === 0) {
      throw new CommandError(`You must specify some email recipients.\n${USAGE}`, { exitCode: 2 })
    }
    try {
      await sendMail(`Test email from ${hostname()} on ${new Date().toISOString()}`, "If you're reading this, it was successful.", null, parsed.positionals)
    } catch (error) {
      throw new CommandError(`The test email could not be sent: ${(error as Error).message}`, { cause: error })
    }
    return 0
  },
})

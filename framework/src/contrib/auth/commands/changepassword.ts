/**
 * `tango changepassword [username]`: sets a user's password (Django's command).
 *
 * @module
 */
import { userInfo } from 'node:os'
import type { AppCommand } from 'tango/core'
import { ValidationError } from 'tango/db'
import { makePassword } from '../hashers.ts'
import { validatePassword } from '../password-validation.ts'
import { getUserModel } from '../user-model.ts'
import { createPrompter } from './prompt.ts'

const MAX_TRIES = 3

/**
 * The `changepassword` command: the user is found by the user model's `USERNAME_FIELD` (exact match).
 * Reads the new password twice from stdin (hidden on a terminal).
 */
export const changepassword: AppCommand = {
  name: 'changepassword',
  help: "Changes a user's password (default: the user named like the current OS user).",
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write('Usage: tango changepassword [username]\n\nAsks for the new password twice; it must pass the password validators. Three tries.\n')
      return 0
    }
    const username = argv.find((a) => !a.startsWith('-')) ?? userInfo().username
    const UserModel = getUserModel()
    // The filter key is the model's USERNAME_FIELD, known at run time only.
    const user = await UserModel.objects.filter({ [UserModel.USERNAME_FIELD]: username } as never).first()
    if (user === null) {
      process.stderr.write(`CommandError: user '${username}' does not exist\n`)
      return 1
    }
    process.stdout.write(`Changing password for user '${username}'\n`)
    const prompter = createPrompter()
    try {
      for (let tries = 1; tries <= MAX_TRIES; tries++) {
        const password = await prompter.askHidden('Password: ')
        const again = await prompter.askHidden('Password (again): ')
        if (password === null || again === null) break
        if (password !== again) {
          process.stderr.write('Passwords do not match. Please try again.\n')
          continue
        }
        try {
          validatePassword(password, user)
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error
          process.stderr.write(error.messages.join('\n') + '\n')
          continue
        }
        user.password = await makePassword(password)
        await user.save({ updateFields: ['password'] })
        process.stdout.write(`Password changed successfully for user '${username}'\n`)
        return 0
      }
    } finally {
      prompter.close()
    }
    process.stderr.write(`CommandError: Aborting password change for user '${username}' after ${MAX_TRIES} attempts\n`)
    return 1
  },
}

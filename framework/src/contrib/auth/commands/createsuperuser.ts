/**
 * `tango createsuperuser`: creates a user with `isStaff` and `isSuperuser` (Django's command).
 *
 * @module
 */
import type { AppCommand } from 'tango/core'
import { ValidationError } from 'tango/db'
import { makePassword } from '../hashers.ts'
import { User } from '../models.ts'
import { validatePassword } from '../password-validation.ts'
import { createPrompter, option } from './prompt.ts'

const HELP = `Usage: tango createsuperuser [--username NAME] [--email EMAIL] [--no-input]

Creates a superuser (isStaff and isSuperuser true).
Interactive (stdin a terminal): asks for the username, email and password (twice); the password is
checked by the password validators, which you may bypass.
--no-input: takes --username/--email, else TANGO_SUPERUSER_USERNAME and TANGO_SUPERUSER_EMAIL, and the
password from TANGO_SUPERUSER_PASSWORD (without it the user gets an unusable password). Not validated.
`

/** Creates the user row; the username must be free. */
async function create(username: string, email: string, password: string | null): Promise<void> {
  const user = new User({ username, email, password: await makePassword(password), isStaff: true, isSuperuser: true, isActive: true })
  await user.fullClean({ exclude: ['password'] })
  await user.save()
}

async function interactive(argv: readonly string[]): Promise<number> {
  const prompter = createPrompter()
  try {
    let username = option(argv, 'username') ?? ''
    while (username === '') {
      const answer = await prompter.ask('Username: ')
      if (answer === null) return 1
      username = answer.trim()
      if (username !== '' && (await User.objects.filter({ username }).exists())) {
        process.stderr.write('Error: That username is already taken.\n')
        username = ''
      }
    }
    const email = option(argv, 'email') ?? (await prompter.ask('Email address: '))?.trim() ?? ''
    for (;;) {
      const password = await prompter.askHidden('Password: ')
      const again = await prompter.askHidden('Password (again): ')
      if (password === null || again === null) return 1
      if (password !== again) {
        process.stderr.write("Error: Your passwords didn't match.\n")
        continue
      }
      if (password.trim() === '') {
        process.stderr.write("Error: Blank passwords aren't allowed.\n")
        continue
      }
      try {
        validatePassword(password, { username, email })
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        process.stderr.write(error.messages.join('\n') + '\n')
        const bypass = await prompter.ask('Bypass password validation and create user anyway? [y/N]: ')
        if (bypass?.trim().toLowerCase() !== 'y') continue
      }
      await create(username, email, password)
      process.stdout.write('Superuser created successfully.\n')
      return 0
    }
  } finally {
    prompter.close()
  }
}

/** The `createsuperuser` command. Exit code 0 on success, 1 on an error. */
export const createsuperuser: AppCommand = {
  name: 'createsuperuser',
  help: 'Creates a superuser account (interactive, or --no-input with TANGO_SUPERUSER_* variables).',
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(HELP)
      return 0
    }
    const noInput = argv.includes('--no-input') || argv.includes('--noinput')
    try {
      if (!noInput) {
        if (process.stdin.isTTY !== true) {
          process.stderr.write('Superuser creation skipped due to not running in a TTY. You can run `tango createsuperuser --no-input` with TANGO_SUPERUSER_USERNAME and TANGO_SUPERUSER_PASSWORD set.\n')
          return 1
        }
        return await interactive(argv)
      }
      const username = option(argv, 'username') ?? process.env.TANGO_SUPERUSER_USERNAME ?? ''
      const email = option(argv, 'email') ?? process.env.TANGO_SUPERUSER_EMAIL ?? ''
      if (username === '') {
        process.stderr.write('CommandError: You must use --username with --no-input (or set TANGO_SUPERUSER_USERNAME).\n')
        return 1
      }
      if (await User.objects.filter({ username }).exists()) {
        process.stderr.write('CommandError: Error: That username is already taken.\n')
        return 1
      }
      await create(username, email, process.env.TANGO_SUPERUSER_PASSWORD ?? null)
      process.stdout.write('Superuser created successfully.\n')
      return 0
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      process.stderr.write(`CommandError: ${error.messages.join(' ')}\n`)
      return 1
    }
  },
}

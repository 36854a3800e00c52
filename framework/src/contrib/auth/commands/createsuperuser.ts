/**
 * `tango createsuperuser`: creates a user of the user model with `isStaff` and `isSuperuser` (Django's
 * command), asking for its `USERNAME_FIELD` and `REQUIRED_FIELDS`.
 *
 * @module
 */
import type { AppCommand } from 'tango/core'
import { ValidationError } from 'tango/db'
import type { FieldSpec } from 'tango/db'
import { makePassword } from '../hashers.ts'
import { validatePassword } from '../password-validation.ts'
import { getUserModel } from '../user-model.ts'
import type { UserModel } from '../user-model.ts'
import { createPrompter, option } from './prompt.ts'

const HELP = `Usage: tango createsuperuser [--<USERNAME_FIELD> VALUE] [--<REQUIRED_FIELD> VALUE ...] [--no-input]

Creates a superuser (isStaff and isSuperuser true) of the user model (AUTH_USER_MODEL).
Interactive (stdin a terminal): asks for the username field, each of the model's REQUIRED_FIELDS
(for auth.User: --username and --email) and the password (twice); the password is checked by the
password validators, which you may bypass.
--no-input: takes each field from its option, else from TANGO_SUPERUSER_<FIELD> (the field name in
upper snake case: TANGO_SUPERUSER_USERNAME, TANGO_SUPERUSER_EMAIL, TANGO_SUPERUSER_BIRTH_DATE), and the
password from TANGO_SUPERUSER_PASSWORD (without it the user gets an unusable password). A required
field the model allows blank may be left out. Not validated.
`

/** `TANGO_SUPERUSER_<FIELD>`: Django's `DJANGO_SUPERUSER_<FIELD>`, with the camelCase name in upper snake case. */
function envName(field: string): string {
  return `TANGO_SUPERUSER_${field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`
}

function fieldSpec(model: UserModel, name: string): FieldSpec {
  const spec = model._meta.fields.find((field) => field.name === name)
  if (spec === undefined) throw new ValidationError(`${model._meta.label} has no field '${name}'.`)
  return spec
}

/** Whether a user with this username exists (exact match on the model's `USERNAME_FIELD`). */
async function usernameTaken(model: UserModel, username: string): Promise<boolean> {
  // The filter key is the model's USERNAME_FIELD, known at run time only.
  return model.objects.filter({ [model.USERNAME_FIELD]: username } as never).exists()
}

/** Creates the user row from the username field, the required fields and the password. */
async function create(model: UserModel, values: Readonly<Record<string, string>>, password: string | null): Promise<void> {
  // Field names come from the model's USERNAME_FIELD / REQUIRED_FIELDS; fullClean checks the values.
  const user = new model({ ...values, password: await makePassword(password), isStaff: true, isSuperuser: true, isActive: true } as never)
  await user.fullClean({ exclude: ['password'] })
  await user.save()
}

async function interactive(argv: readonly string[]): Promise<number> {
  const model = getUserModel()
  const usernameSpec = fieldSpec(model, model.USERNAME_FIELD)
  const prompter = createPrompter()
  try {
    let username = option(argv, model.USERNAME_FIELD) ?? ''
    while (username === '') {
      const answer = await prompter.ask(`${capitalize(usernameSpec.verboseName)}: `)
      if (answer === null) return 1
      username = answer.trim()
      if (username !== '' && (await usernameTaken(model, username))) {
        process.stderr.write(`Error: That ${usernameSpec.verboseName} is already taken.\n`)
        username = ''
      }
    }
    const values: Record<string, string> = { [model.USERNAME_FIELD]: username }
    for (const name of model.REQUIRED_FIELDS) {
      const spec = fieldSpec(model, name)
      let value = option(argv, name)
      while (value === undefined) {
        const answer = await prompter.ask(`${capitalize(spec.verboseName)}: `)
        if (answer === null) return 1
        if (answer.trim() === '' && !spec.blank) {
          process.stderr.write('Error: This field cannot be blank.\n')
          continue
        }
        value = answer.trim()
      }
      values[name] = value
    }
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
        validatePassword(password, values)
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error
        process.stderr.write(error.messages.join('\n') + '\n')
        const bypass = await prompter.ask('Bypass password validation and create user anyway? [y/N]: ')
        if (bypass?.trim().toLowerCase() !== 'y') continue
      }
      await create(model, values, password)
      process.stdout.write('Superuser created successfully.\n')
      return 0
    }
  } finally {
    prompter.close()
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** `--no-input`: every field from its option or `TANGO_SUPERUSER_<FIELD>`. Exit code 0 or 1. */
async function nonInteractive(argv: readonly string[]): Promise<number> {
  const model = getUserModel()
  const usernameField = model.USERNAME_FIELD
  const username = option(argv, usernameField) ?? process.env[envName(usernameField)] ?? ''
  if (username === '') {
    process.stderr.write(`CommandError: You must use --${usernameField} with --no-input (or set ${envName(usernameField)}).\n`)
    return 1
  }
  if (await usernameTaken(model, username)) {
    process.stderr.write(`CommandError: Error: That ${fieldSpec(model, usernameField).verboseName} is already taken.\n`)
    return 1
  }
  const values: Record<string, string> = { [usernameField]: username }
  for (const name of model.REQUIRED_FIELDS) {
    const value = option(argv, name) ?? process.env[envName(name)] ?? ''
    if (value === '' && !fieldSpec(model, name).blank) {
      process.stderr.write(`CommandError: You must use --${name} with --no-input (or set ${envName(name)}).\n`)
      return 1
    }
    if (value !== '') values[name] = value
  }
  await create(model, values, process.env.TANGO_SUPERUSER_PASSWORD ?? null)
  process.stdout.write('Superuser created successfully.\n')
  return 0
}

/**
 * The `createsuperuser` command (Django's): creates a superuser of `getUserModel()`, asking for (or,
 * with `--no-input`, reading `--<field>` / `TANGO_SUPERUSER_<FIELD>` for) its `USERNAME_FIELD` and
 * each of its `REQUIRED_FIELDS`. Exit code 0 on success, 1 on an error.
 */
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
      return await nonInteractive(argv)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      process.stderr.write(`CommandError: ${error.messages.join(' ')}\n`)
      return 1
    }
  },
}

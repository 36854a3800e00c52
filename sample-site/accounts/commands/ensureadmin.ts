/**
 * `tango ensureadmin`: on a site with no superuser yet, creates `admin` (a superuser) and `editor`
 * (staff in the "Editors" group: may change articles and comments and only view categories, authors
 * and tags), each with a random password printed once with the admin's login URL. `npm start` runs it,
 * so a newcomer is in the admin a minute after cloning. The passwords are stored only as hashes;
 * nothing else keeps them. Later runs change nothing and print one line.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import type { AppCommand } from 'tango/core'

/** Editors' permissions, as `<app>.<codename>`. */
const EDITOR_PERMISSIONS = [
  'news.view_article', 'news.change_article', 'news.add_article',
  'news.view_comment', 'news.change_comment', 'news.delete_comment',
  'news.view_category', 'news.view_author', 'news.view_tag',
]

/** 18 random characters from an unambiguous alphabet (~107 bits). */
function randomPassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  return [...randomBytes(18)].map((b) => alphabet[b % alphabet.length]).join('')
}

/** The `ensureadmin` command the accounts app contributes. */
export const ensureadminCommand: AppCommand = Object.freeze({
  name: 'ensureadmin',
  help: 'Creates the demo admin and editor accounts with random passwords when there is no superuser (run after migrate).',
  async run(): Promise<number> {
    const { importAppModels } = await import('tango/db')
    await importAppModels()
    const { Group, Permission, getUserModel, makePassword } = await import('tango/contrib/auth')
    const { settings } = await import('tango/core')
    const User = getUserModel()
    if (await User.objects.filter({ isSuperuser: true }).exists()) {
      process.stdout.write('A superuser exists: no demo accounts created.\n')
      return 0
    }
    const editors = (await Group.objects.getOrCreate({ name: 'Editors' }))[0]
    for (const perm of EDITOR_PERMISSIONS) {
      const [appLabel, codename] = perm.split('.') as [string, string]
      const permission = await Permission.objects.filter({ appLabel, codename }).first()
      if (permission) await editors.permissions.add(permission)
    }
    const accounts: [string, string][] = []
    for (const [username, superuser] of [['admin', true], ['editor', false]] as const) {
      const password = randomPassword()
      const existing = await User.objects.filter({ username }).first()
      const user = existing ?? new User({ username })
      Object.assign(user, { password: await makePassword(password), isStaff: true, isSuperuser: superuser, isActive: true })
      await user.save()
      if (!superuser) await user.groups.add(editors)
      accounts.push([username, password])
    }
    // PORT 0 lets the OS pick the port: then only serve knows it, and prints it below.
    const where = settings.PORT === 0 ? '/admin/ on the address serve prints below' : `http://127.0.0.1:${settings.PORT}/admin/`
    process.stdout.write(`\nThe admin is at ${where}\n`)
    for (const [username, password] of accounts) process.stdout.write(`  ${username.padEnd(7)} password: ${password}\n`)
    process.stdout.write('These passwords are shown once and stored only as hashes.\n\n')
    return 0
  },
})

// A swapped user model (AUTH_USER_MODEL = 'accounts.User') on every database: migrate creates
// accounts_user and no auth_user, auth.User is unusable, getUserModel() finds the custom model (and
// names a bad label), login through the real handler, createsuperuser --no-input with a
// REQUIRED_FIELDS field, permissions through groups, and UserCreationForm / PasswordResetForm.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { ImproperlyConfigured, apps, configure, settings } from 'tango/core'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { JsonResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { CsrfViewMiddleware } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { URLResolver, path } from 'tango/urls'
import { DateField } from 'tango/forms'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import authApp, {
  Argon2PasswordHasher, AuthenticationMiddleware, Group, Permission, PasswordResetForm, User as AuthUser, UserCreationForm, authenticate,
  checkPassword, createsuperuser, getAllPermissions, getUserModel, getUsername, hasPerm, isAuthenticated, login, makePassword, setPasswordHashers,
} from 'tango/contrib/auth'
import accountsApp from './fixtures/accounts/app.ts'
import { User } from './fixtures/accounts/models.ts'
import { forEachDatabase } from '../../../helpers/databases.ts'

const SECRET_KEY = 'custom-user-test-secret-key-0123456789-abcdef'
const cheap = new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })

const routes = new URLResolver([
  path('login/', async (request: Request) => {
    const form = await request.form()
    const user = await authenticate(request, { username: form.get('username'), password: form.get('password') })
    if (!user) return new JsonResponse({ ok: false }, { status: 401 })
    await login(request, user)
    return new JsonResponse({ ok: true })
  }),
  path('whoami/', async (request: Request) => {
    const user = await request.user
    if (!isAuthenticated(user)) return new JsonResponse({ authenticated: false })
    const row = user as unknown as InstanceType<typeof User>
    return new JsonResponse({ authenticated: true, model: (row.constructor as typeof User).label, username: getUsername(row), birthday: row.birthday })
  }),
])

/** Runs a command with stdout/stderr captured and the given environment variables set. */
async function runCommand(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const saved = { ...process.env }
  const write = process.stdout.write.bind(process.stdout)
  const writeErr = process.stderr.write.bind(process.stderr)
  let out = ''
  process.stdout.write = ((chunk: string | Uint8Array) => { out += String(chunk); return true }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => { out += String(chunk); return true }) as typeof process.stderr.write
  try {
    Object.assign(process.env, env)
    return { code: (await createsuperuser.run(argv)) ?? 0, out }
  } finally {
    process.stdout.write = write
    process.stderr.write = writeErr
    for (const key of Object.keys(env)) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
  }
}

forEachDatabase('custom user model', (ctx) => {
  before(async () => {
    setPasswordHashers([cheap])
    await apps.ready()
    await migrate()
    await User.objects.create({ username: 'ada', email: 'ada@example.com', birthday: '1815-12-10', password: await makePassword('correct-horse-42') })
  })
  after(() => setPasswordHashers(null))

  test('migrate creates accounts_user and its join tables, and no auth_user table', async () => {
    const tables = new Set((await ctx.connection().kysely.introspection.getTables()).map((t) => t.name))
    for (const table of ['accounts_user', 'accounts_user_groups', 'accounts_user_user_permissions', 'auth_group', 'auth_permission']) assert.ok(tables.has(table), table)
    for (const table of ['auth_user', 'auth_user_groups', 'auth_user_user_permissions']) assert.equal(tables.has(table), false, table)
  })

  test('getUserModel() is the custom model; auth.User is swapped out and gets no permissions', async () => {
    assert.equal(getUserModel(), User)
    assert.equal(getUserModel().USERNAME_FIELD, 'username')
    assert.deepEqual(getUserModel().REQUIRED_FIELDS, ['email', 'birthday'])
    assert.throws(() => AuthUser.objects, /Manager isn't available; 'auth.User' has been swapped for 'accounts.User'/)
    const codenames = await Permission.objects.filter({ appLabel: 'auth' }).valuesList('codename', { flat: true })
    assert.equal((codenames as unknown[]).includes('add_user'), false)
    assert.ok(await Permission.objects.filter({ appLabel: 'accounts', codename: 'change_user' }).exists())
  })

  test('authenticate matches USERNAME_FIELD exactly; login and request.user work through the handler', async () => {
    assert.equal(await authenticate(null, { username: 'ADA', password: 'correct-horse-42' }), null)
    const ada = await authenticate(null, { username: 'ada', password: 'correct-horse-42' })
    assert.ok(ada instanceof User)
    const c = new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware] }))
    assert.deepEqual(await (await c.get('/whoami/')).json(), { authenticated: false })
    assert.equal((await c.post('/login/', { username: 'ada', password: 'wrong-password' })).status, 401)
    assert.equal((await c.post('/login/', { username: 'ada', password: 'correct-horse-42' })).status, 200)
    const me = await (await c.get('/whoami/')).json() as Record<string, unknown>
    assert.equal(me.authenticated, true)
    assert.equal(me.model, 'accounts.User')
    assert.equal(me.username, 'ada')
    assert.equal(me.birthday, '1815-12-10')
    assert.ok((await User.objects.get({ username: 'ada' })).lastLogin instanceof Date)
  })

  test('createsuperuser --no-input reads the REQUIRED_FIELDS from TANGO_SUPERUSER_<FIELD> and refuses a missing one', async () => {
    const missing = await runCommand(['--no-input'], { TANGO_SUPERUSER_USERNAME: 'root', TANGO_SUPERUSER_PASSWORD: 'root-pass-123' })
    assert.equal(missing.code, 1)
    assert.match(missing.out, /You must use --birthday with --no-input \(or set TANGO_SUPERUSER_BIRTHDAY\)/)
    const made = await runCommand(['--no-input', '--email', 'root@example.com'], {
      TANGO_SUPERUSER_USERNAME: 'root', TANGO_SUPERUSER_BIRTHDAY: '1990-04-01', TANGO_SUPERUSER_PASSWORD: 'root-pass-123',
    })
    assert.equal(made.code, 0, made.out)
    assert.match(made.out, /Superuser created successfully\./)
    const root = await User.objects.get({ username: 'root' })
    assert.equal(root.email, 'root@example.com')
    assert.equal(root.birthday, '1990-04-01')
    assert.equal(root.isStaff && root.isSuperuser && root.isActive, true)
    assert.ok(await authenticate(null, { username: 'root', password: 'root-pass-123' }))
    const again = await runCommand(['--no-input', '--username', 'root', '--birthday', '1990-04-01'], {})
    assert.equal(again.code, 1)
    assert.match(again.out, /That username is already taken/)
  })

  test('permissions through groups and directly on the custom user; group.userSet lists custom users', async () => {
    const bob = await User.objects.create({ username: 'bob', birthday: '2000-01-01', password: await makePassword('correct-horse-42') })
    const editors = await Group.objects.create({ name: 'editors' })
    await editors.permissions.add(await Permission.objects.get({ appLabel: 'accounts', codename: 'change_user' }))
    await bob.groups.add(editors)
    await bob.userPermissions.add(await Permission.objects.get({ appLabel: 'auth', codename: 'view_group' }))
    const fresh = await User.objects.get({ username: 'bob' })
    assert.equal(await hasPerm(fresh, 'accounts.change_user'), true)
    assert.equal(await hasPerm(fresh, 'auth.view_group'), true)
    assert.equal(await hasPerm(fresh, 'accounts.delete_user'), false)
    assert.deepEqual([...await getAllPermissions(fresh)].sort(), ['accounts.change_user', 'auth.view_group'])
    const members = await editors.userSet.all()
    assert.deepEqual(members.map((u) => (u as unknown as InstanceType<typeof User>).username), ['bob'])
    assert.ok(members[0] instanceof User)
  })

  test('UserCreationForm on the custom model: a subclass adds birthday; save hashes the password; a taken username is refused', async () => {
    class SignupForm extends UserCreationForm {
      static override baseFields = { ...UserCreationForm.baseFields, birthday: DateField() }
    }
    const form = new SignupForm({ data: { username: 'cyd', birthday: '1999-09-09', password1: 'a-long-passphrase-1', password2: 'a-long-passphrase-1' } })
    assert.equal(await form.isValid(), true, JSON.stringify(form.errors))
    const cyd = await form.save()
    assert.ok(cyd instanceof User)
    const stored = await User.objects.get({ username: 'cyd' })
    assert.notEqual(stored.password, 'a-long-passphrase-1')
    assert.equal(await checkPassword('a-long-passphrase-1', stored.password), true)
    assert.equal(stored.birthday, '1999-09-09')
    const taken = new SignupForm({ data: { username: 'cyd', birthday: '1999-09-09', password1: 'a-long-passphrase-1', password2: 'a-long-passphrase-1' } })
    assert.equal(await taken.isValid(), false)
    assert.deepEqual(taken.errors.username, ['A user with that username already exists.'])
  })

  test('PasswordResetForm finds users by EMAIL_FIELD, ignoring case', async () => {
    const users = await new PasswordResetForm().getUsers('ADA@example.com')
    assert.deepEqual(users.map((u) => u.username), ['ada'])
  })

  test('getUserModel() names the label when AUTH_USER_MODEL is not installed or malformed', () => {
    const saved = settings
    try {
      configure({ ...saved, AUTH_USER_MODEL: 'shop.Customer' })
      assert.throws(() => getUserModel(), (error: unknown) => error instanceof ImproperlyConfigured && /AUTH_USER_MODEL refers to model 'shop\.Customer' that has not been installed/.test(error.message))
      configure({ ...saved, AUTH_USER_MODEL: 'accounts' })
      assert.throws(() => getUserModel(), /AUTH_USER_MODEL must be of the form 'app_label.ModelName', not 'accounts'/)
      configure({ ...saved, AUTH_USER_MODEL: 'auth.Group' })
      assert.throws(() => getUserModel(), /'auth\.Group', which was not declared with defineUserModel/)
    } finally {
      configure(saved)
    }
    assert.equal(getUserModel(), User)
  })
}, {
  settings: {
    SECRET_KEY, SESSION_ENGINE: 'db', AUTH_USER_MODEL: 'accounts.User', INSTALLED_APPS: [sessionsApp, authApp, accountsApp], REQUEST_LOGGING: false,
  },
})

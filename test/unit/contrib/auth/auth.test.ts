// The auth app on every database: default permissions after migrate, authenticate, login/logout
// through the real handler with SessionMiddleware (db engine), CsrfViewMiddleware and
// AuthenticationMiddleware, request.user across requests, permission checks, the view wrappers
// and createsuperuser --no-input.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { apps } from 'tango/core'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { JsonResponse, HttpResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { CsrfViewMiddleware, getToken } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { URLResolver, path } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import authApp, {
  AnonymousUser, Argon2PasswordHasher, AuthenticationMiddleware, Group, PBKDF2PasswordHasher, Permission, User, authenticate, createsuperuser,
  getAllPermissions, hasModulePerms, hasPerm, hasPerms, isAuthenticated, loginRequired, login, logout, makePassword, permissionRequired,
  setPasswordHashers, updateSessionAuthHash, userLoggedIn, userLoggedOut, userLoginFailed,
} from 'tango/contrib/auth'
import type { UserRow } from 'tango/contrib/auth'
import { forEachDatabase } from '../../../helpers/databases.ts'

const SECRET_KEY = 'auth-test-secret-key-0123456789-abcdefghij'
const cheap = new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })

async function whoami(request: Request): Promise<JsonResponse> {
  const user = await request.user
  return new JsonResponse({ authenticated: isAuthenticated(user), username: user.username, anonymous: user instanceof AnonymousUser })
}

const routes = new URLResolver([
  path('token/', (request: Request) => new HttpResponse(getToken(request))),
  path('login/', async (request: Request) => {
    const form = await request.form()
    const user = await authenticate(request, { username: form.get('username'), password: form.get('password') })
    if (!user) return new JsonResponse({ ok: false }, { status: 401 })
    await login(request, user)
    return new JsonResponse({ ok: true, user: (await request.user).username })
  }),
  path('logout/', async (request: Request) => {
    await logout(request)
    return new JsonResponse({ anonymous: (await request.user) instanceof AnonymousUser })
  }),
  path('whoami/', whoami),
  path('set-password/', async (request: Request) => {
    const user = (await request.user) as UserRow
    user.password = await makePassword((await request.form()).get('password'))
    await user.save()
    if (request.query.get('keep') === '1') await updateSessionAuthHash(request, user)
    return new HttpResponse('changed')
  }),
  path('private/', loginRequired(whoami)),
  path('staff-only/', permissionRequired('auth.change_group', whoami)),
  path('staff-403/', permissionRequired(['auth.change_group'], whoami, { raiseException: true })),
])

async function client(): Promise<TestClient> {
  return new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware] }))
}

async function makeUser(username: string, password: string, extra: Record<string, unknown> = {}): Promise<UserRow> {
  return User.objects.create({ username, password: await makePassword(password), ...extra })
}

forEachDatabase('auth', () => {
  before(async () => {
    setPasswordHashers([cheap, new PBKDF2PasswordHasher({ iterations: 1000 })])
    await apps.ready() // the auth app's ready() connects the default-permissions receiver
    await migrate()
    await makeUser('ada', 'correct-horse-42', { email: 'ada@example.com' })
    await makeUser('ghost', 'correct-horse-42', { isActive: false })
  })
  after(() => setPasswordHashers(null))

  test('migrate creates add/change/delete/view permissions for every model of every installed app', async () => {
    const perms = await Permission.objects.filter({ appLabel: 'auth' }).valuesList('codename', { flat: true })
    for (const model of ['user', 'group', 'permission']) {
      for (const action of ['add', 'change', 'delete', 'view']) assert.ok((perms as unknown[]).includes(`${action}_${model}`), `${action}_${model}`)
    }
    const changeUser = await Permission.objects.get({ appLabel: 'auth', codename: 'change_user' })
    assert.equal(changeUser.name, 'Can change user')
    assert.equal(changeUser.model, 'user')
    assert.ok(await Permission.objects.filter({ appLabel: 'sessions', codename: 'view_session' }).exists())
    const count = await Permission.objects.count()
    await migrate() // idempotent: a second migrate adds nothing
    assert.equal(await Permission.objects.count(), count)
  })

  test('authenticate accepts the right password, refuses wrong, unknown and inactive users, and signals failures', async () => {
    const failures: Record<string, unknown>[] = []
    const receiver = ({ credentials }: { credentials: Readonly<Record<string, unknown>> }) => { failures.push({ ...credentials }) }
    userLoginFailed.connect(receiver)
    try {
      const user = await authenticate(null, { username: 'ada', password: 'correct-horse-42' })
      assert.equal(user?.username, 'ada')
      assert.equal(await authenticate(null, { username: 'ada', password: 'wrong' }), null)
      assert.equal(await authenticate(null, { username: 'nobody', password: 'correct-horse-42' }), null)
      assert.equal(await authenticate(null, { username: 'ghost', password: 'correct-horse-42' }), null)
      assert.equal(failures.length, 3)
      assert.deepEqual(failures[0], { username: 'ada', password: '********************' })
    } finally {
      userLoginFailed.disconnect(receiver)
    }
  })

  test('a successful authenticate re-hashes a password stored with an older hasher', async () => {
    const legacy = await User.objects.create({ username: 'legacy', password: await new PBKDF2PasswordHasher({ iterations: 1000 }).encode('old-school-pw') })
    assert.match(legacy.password, /^pbkdf2_sha256\$/)
    assert.ok(await authenticate(null, { username: 'legacy', password: 'old-school-pw' }))
    await legacy.refreshFromDb()
    assert.match(legacy.password, /^argon2\$argon2id\$v=19\$m=4096,p=1,t=1\$/)
    assert.ok(await authenticate(null, { username: 'legacy', password: 'old-school-pw' }))
  })

  test('request.user is anonymous until login, then the user on later requests, and anonymous after logout', async () => {
    const c = await client()
    assert.deepEqual((await c.get('/whoami/')).json(), { authenticated: false, username: '', anonymous: true })
    assert.equal((await c.post('/login/', { username: 'ada', password: 'nope' })).status, 401)
    const events: string[] = []
    const onIn = ({ user }: { user: UserRow }) => { events.push(`in:${user.username}`) }
    const onOut = ({ user }: { user: unknown }) => { events.push(`out:${(user as UserRow | null)?.username ?? 'none'}`) }
    userLoggedIn.connect(onIn)
    userLoggedOut.connect(onOut)
    try {
      const before = new Date()
      const response = await c.post('/login/', { username: 'ada', password: 'correct-horse-42' })
      assert.deepEqual(response.json(), { ok: true, user: 'ada' })
      assert.deepEqual((await c.get('/whoami/')).json(), { authenticated: true, username: 'ada', anonymous: false })
      const ada = await User.objects.get({ username: 'ada' })
      assert.ok(ada.lastLogin !== null && ada.lastLogin.getTime() >= before.getTime() - 1000, 'lastLogin saved')
      const out = await c.post('/logout/')
      assert.deepEqual(out.json(), { anonymous: true })
      assert.equal(out.cookies.get('sessionid')?.maxAge, 0, 'session cookie deleted')
      assert.deepEqual((await c.get('/whoami/')).json(), { authenticated: false, username: '', anonymous: true })
      assert.deepEqual(events, ['in:ada', 'out:ada'])
    } finally {
      userLoggedIn.disconnect(onIn)
      userLoggedOut.disconnect(onOut)
    }
  })

  test('login cycles the session key (no fixation) and rotates the CSRF secret', async () => {
    const c = await client()
    await c.get('/token/')
    const csrfBefore = c.cookies.get('csrftoken')
    assert.ok(csrfBefore)
    // A pre-login session (as an attacker could plant): its key must not survive login.
    const fixation = await client()
    await fixation.post('/login/', { username: 'ada', password: 'wrong' })
    await c.post('/login/', { username: 'nobody', password: 'x' })
    const login1 = await c.post('/login/', { username: 'ada', password: 'correct-horse-42' })
    const key1 = c.cookies.get('sessionid')
    assert.ok(key1)
    assert.notEqual(c.cookies.get('csrftoken'), csrfBefore, 'new CSRF secret')
    assert.ok(login1.cookies.get('csrftoken'), 'the rotated secret is sent')
    const login2 = await c.post('/login/', { username: 'ada', password: 'correct-horse-42' })
    assert.ok(login2.cookies.get('sessionid'))
    assert.notEqual(c.cookies.get('sessionid'), key1, 'logging in again cycles the key too')
    // The old key is gone server-side: replaying it is anonymous.
    const replay = await client()
    replay.cookies.set('sessionid', key1)
    assert.deepEqual((await replay.get('/whoami/')).json(), { authenticated: false, username: '', anonymous: true })
  })

  test('a password change logs out other sessions; updateSessionAuthHash keeps the current one', async () => {
    await makeUser('grace', 'first-pass-word')
    const a = await client()
    const b = await client()
    await a.post('/login/', { username: 'grace', password: 'first-pass-word' })
    await b.post('/login/', { username: 'grace', password: 'first-pass-word' })
    await a.post('/set-password/?keep=1', { password: 'second-pass-word' })
    assert.equal(((await a.get('/whoami/')).json() as { username: string }).username, 'grace')
    assert.deepEqual((await b.get('/whoami/')).json(), { authenticated: false, username: '', anonymous: true })
    await a.post('/set-password/', { password: 'third-pass-word' })
    assert.deepEqual((await a.get('/whoami/')).json(), { authenticated: false, username: '', anonymous: true })
  })

  test('permissions: own, through groups, superuser has all, inactive and anonymous none', async () => {
    const changeGroup = await Permission.objects.get({ appLabel: 'auth', codename: 'change_group' })
    const viewUser = await Permission.objects.get({ appLabel: 'auth', codename: 'view_user' })
    const editors = await Group.objects.create({ name: 'editors' })
    await editors.permissions.add(changeGroup)
    const bob = await makeUser('bob', 'x-password-1')
    await bob.userPermissions.add(viewUser)
    await bob.groups.add(editors)
    const fresh = await User.objects.get({ username: 'bob' })
    assert.equal(await hasPerm(fresh, 'auth.view_user'), true)
    assert.equal(await hasPerm(fresh, 'auth.change_group'), true, 'through the group')
    assert.equal(await hasPerm(fresh, 'auth.delete_user'), false)
    assert.equal(await hasPerms(fresh, ['auth.view_user', 'auth.change_group']), true)
    assert.equal(await hasPerms(fresh, ['auth.view_user', 'auth.delete_user']), false)
    assert.equal(await hasModulePerms(fresh, 'auth'), true)
    assert.equal(await hasModulePerms(fresh, 'sessions'), false)
    assert.deepEqual([...await getAllPermissions(fresh)].sort(), ['auth.change_group', 'auth.view_user'])
    const root = await makeUser('root', 'x-password-1', { isSuperuser: true })
    assert.equal(await hasPerm(root, 'anything.at_all'), true)
    assert.equal(await hasModulePerms(root, 'sessions'), true)
    const inactive = await makeUser('sleepy', 'x-password-1', { isSuperuser: true, isActive: false })
    assert.equal(await hasPerm(inactive, 'auth.view_user'), false)
    assert.equal(await hasPerm(new AnonymousUser(), 'auth.view_user'), false)
    assert.equal(await hasModulePerms(new AnonymousUser(), 'auth'), false)
  })

  test('loginRequired and permissionRequired redirect to LOGIN_URL with ?next=, or answer 403', async () => {
    const c = await client()
    const anon = await c.get('/private/', { query: { page: '2' } })
    assert.equal(anon.status, 302)
    assert.equal(anon.headers.get('location'), '/accounts/login/?next=/private/%3Fpage%3D2')
    await c.post('/login/', { username: 'ada', password: 'correct-horse-42' })
    assert.equal((await c.get('/private/')).status, 200)
    const denied = await c.get('/staff-only/')
    assert.equal(denied.status, 302)
    assert.equal(denied.headers.get('location'), '/accounts/login/?next=/staff-only/')
    assert.equal((await c.get('/staff-403/')).status, 403)
    const root = await client()
    await root.post('/login/', { username: 'root', password: 'x-password-1' })
    assert.equal((await root.get('/staff-only/')).status, 200)
  })

  test('createsuperuser --no-input reads TANGO_SUPERUSER_USERNAME/EMAIL/PASSWORD', async () => {
    const saved = { ...process.env }
    const write = process.stdout.write.bind(process.stdout)
    const writeErr = process.stderr.write.bind(process.stderr)
    let out = ''
    process.stdout.write = ((chunk: string | Uint8Array) => { out += String(chunk); return true }) as typeof process.stdout.write
    process.stderr.write = ((chunk: string | Uint8Array) => { out += String(chunk); return true }) as typeof process.stderr.write
    try {
      Object.assign(process.env, { TANGO_SUPERUSER_USERNAME: 'admin', TANGO_SUPERUSER_EMAIL: 'admin@example.com', TANGO_SUPERUSER_PASSWORD: 'admin-pass-123' })
      assert.equal(await createsuperuser.run(['--no-input']), 0)
      assert.equal(await createsuperuser.run(['--no-input']), 1, 'the username is taken')
      delete process.env.TANGO_SUPERUSER_USERNAME
      assert.equal(await createsuperuser.run(['--no-input']), 1, 'no username')
    } finally {
      process.stdout.write = write
      process.stderr.write = writeErr
      for (const key of ['TANGO_SUPERUSER_USERNAME', 'TANGO_SUPERUSER_EMAIL', 'TANGO_SUPERUSER_PASSWORD']) {
        if (saved[key] === undefined) delete process.env[key]
        else process.env[key] = saved[key]
      }
    }
    assert.match(out, /Superuser created successfully\./)
    assert.match(out, /That username is already taken/)
    const admin = await User.objects.get({ username: 'admin' })
    assert.equal(admin.email, 'admin@example.com')
    assert.equal(admin.isStaff && admin.isSuperuser && admin.isActive, true)
    assert.ok(admin.dateJoined instanceof Date)
    assert.ok(await authenticate(null, { username: 'admin', password: 'admin-pass-123' }))
  })
}, { settings: { SECRET_KEY, SESSION_ENGINE: 'db', INSTALLED_APPS: [sessionsApp, authApp], REQUEST_LOGGING: false } })

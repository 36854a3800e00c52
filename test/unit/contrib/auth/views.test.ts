// The auth views through the real handler (SessionMiddleware with the db engine,
// CsrfViewMiddleware, AuthenticationMiddleware) on every database: login with safe and unsafe
// `next`, throttling, logout, password change, the reset flow by email (locmem outbox), and the
// token generator and safe-URL check on their own.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, beforeEach, describe, test } from 'node:test'
import { apps, configure } from 'tango/core'
import { closeCaches } from 'tango/cache'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { JsonResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { clearOutbox, outbox } from 'tango/mail'
import { CsrfViewMiddleware } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { URLResolver, include, path } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import authApp, {
  Argon2PasswordHasher, AuthenticationMiddleware, LoginRequiredMiddleware, UserCreationForm, loginNotRequired, PasswordResetTokenGenerator, User, authUrls, checkPassword, defaultLoginThrottle,
  isAuthenticated, LoginThrottle, makePassword, setPasswordHashers, uidEncode,
} from 'tango/contrib/auth'
import { forEachDatabase } from '../../../helpers/databases.ts'

const SECRET_KEY = 'auth-views-test-secret-key-0123456789-abcdef'
const cheap = new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })

const whoamiView = path('whoami/', async (request: Request) => {
    const user = await request.user
    return new JsonResponse({ authenticated: isAuthenticated(user), username: user.username })
  })
const routes = new URLResolver([path('accounts/', include([...authUrls])), whoamiView])

async function client(): Promise<TestClient> {
  return new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware] }))
}

const guarded = new URLResolver([
  path('accounts/', include([...authUrls])),
  whoamiView,
  path('open/', loginNotRequired(() => new JsonResponse({ open: true }))),
])

async function whoami(c: TestClient): Promise<unknown> {
  return (await c.get('/whoami/')).json()
}

/** The confirm link of the last email, as a path. */
function lastLink(): string {
  const body = outbox.at(-1)?.body ?? ''
  const match = /https?:\/\/[^/\s]+(\/\S+)/.exec(String(body))
  assert.ok(match, `a link in: ${String(body)}`)
  return match[1]!
}

forEachDatabase('auth views', () => {
  before(async () => {
    setPasswordHashers([cheap])
    await apps.ready()
    await migrate()
    for (const [username, email] of [['ada', 'ada@example.com'], ['bob', 'bob@example.com'], ['cyd', 'cyd@example.com'], ['dee', 'dee@example.com']] as const) {
      await User.objects.create({ username, email, password: await makePassword('correct-horse-42') })
    }
  })
  after(() => setPasswordHashers(null))
  beforeEach(async () => {
    await defaultLoginThrottle.clear()
    clearOutbox()
  })

  test('GET login renders the form with the CSRF field; a wrong password re-renders it with Django\'s message', async () => {
    const c = await client()
    const page = await c.get('/accounts/login/?next=/whoami/')
    assert.equal(page.status, 200)
    assert.match(page.text(), /name="csrfmiddlewaretoken"/)
    assert.match(page.text(), /name="username"/)
    assert.match(page.text(), /type="password"/)
    assert.match(page.text(), /name="next" value="\/whoami\/"/)
    const bad = await c.post('/accounts/login/', { username: 'ada', password: 'nope' })
    assert.equal(bad.status, 200)
    assert.match(bad.text(), /Please enter a correct username and password\. Note that both fields may be case-sensitive\./)
    assert.deepEqual(await whoami(c), { authenticated: false, username: '' })
  })

  test('login redirects to a safe next, ignores an unsafe one, and defaults to LOGIN_REDIRECT_URL', async () => {
    const c = await client()
    const ok = await c.post('/accounts/login/', { username: 'ada', password: 'correct-horse-42', next: '/whoami/?x=1' })
    assert.equal(ok.status, 302)
    assert.equal(ok.headers.get('location'), '/whoami/?x=1')
    assert.deepEqual(await whoami(c), { authenticated: true, username: 'ada' })
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const other = await (await client()).post('/accounts/login/', { username: 'ada', password: 'correct-horse-42', next })
      assert.equal(other.headers.get('location'), '/accounts/profile/', next)
    }
  })

  test('a <script> username is re-rendered escaped', async () => {
    const c = await client()
    const page = await c.post('/accounts/login/', { username: '<script>alert(1)</script>', password: 'x' })
    assert.equal(page.status, 200)
    assert.ok(!page.text().includes('<script>alert(1)</script>'))
    assert.match(page.text(), /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
  })

  test('five failures for one username, then 429 with Retry-After, even with the right password', async () => {
    const c = await client()
    for (let i = 0; i < 5; i++) assert.equal((await c.post('/accounts/login/', { username: 'bob', password: `wrong-${i}` })).status, 200)
    const blocked = await c.post('/accounts/login/', { username: 'bob', password: 'correct-horse-42' })
    assert.equal(blocked.status, 429)
    const retry = Number(blocked.headers.get('retry-after'))
    assert.ok(retry > 0 && retry <= 15 * 60, String(retry))
    assert.deepEqual(await whoami(c), { authenticated: false, username: '' })
  })

  test('a success resets the username\'s count', async () => {
    const c = await client()
    for (let i = 0; i < 4; i++) await c.post('/accounts/login/', { username: 'cyd', password: 'wrong' })
    assert.equal((await c.post('/accounts/login/', { username: 'cyd', password: 'correct-horse-42' })).status, 302)
    await defaultLoginThrottle.reset('addr:127.0.0.1') // only the username is reset by a success; the address keeps its count
    for (let i = 0; i < 4; i++) assert.equal((await c.post('/accounts/login/', { username: 'cyd', password: 'wrong' })).status, 200)
  })

  test('logout: GET is 405, POST logs out and renders the logged-out page', async () => {
    const c = await client()
    await c.post('/accounts/login/', { username: 'ada', password: 'correct-horse-42' })
    assert.equal((await c.get('/accounts/logout/')).status, 405)
    assert.deepEqual(await whoami(c), { authenticated: true, username: 'ada' })
    const out = await c.post('/accounts/logout/')
    assert.equal(out.status, 200)
    assert.match(out.text(), /Logged out/)
    assert.deepEqual(await whoami(c), { authenticated: false, username: '' })
  })

  test('password change needs a login, checks the old password, keeps this session, and the old password then fails', async () => {
    const anon = await client()
    const redirected = await anon.get('/accounts/password_change/')
    assert.equal(redirected.status, 302)
    assert.equal(redirected.headers.get('location'), '/accounts/login/?next=/accounts/password_change/')
    await User.objects.create({ username: 'eve', email: 'eve@example.com', password: await makePassword('old-password-99') })
    const c = await client()
    await c.post('/accounts/login/', { username: 'eve', password: 'old-password-99' })
    const wrong = await c.post('/accounts/password_change/', { oldPassword: 'nope', newPassword1: 'brand-new-pass-7', newPassword2: 'brand-new-pass-7' })
    assert.match(wrong.text(), /Your old password was entered incorrectly/)
    const mismatch = await c.post('/accounts/password_change/', { oldPassword: 'old-password-99', newPassword1: 'brand-new-pass-7', newPassword2: 'brand-new-pass-8' })
    assert.match(mismatch.text(), /The two password fields didn’t match\./)
    const changed = await c.post('/accounts/password_change/', { oldPassword: 'old-password-99', newPassword1: 'brand-new-pass-7', newPassword2: 'brand-new-pass-7' })
    assert.equal(changed.status, 302)
    assert.equal(changed.headers.get('location'), '/accounts/password_change/done/')
    assert.deepEqual(await whoami(c), { authenticated: true, username: 'eve' })
    assert.equal((await c.get('/accounts/password_change/done/')).status, 200)
    const again = await client()
    assert.equal((await again.post('/accounts/login/', { username: 'eve', password: 'old-password-99' })).status, 200)
    assert.equal((await again.post('/accounts/login/', { username: 'eve', password: 'brand-new-pass-7' })).status, 302)
  })

  test('password reset: a known email gets a link, an unknown one the same answer and no mail', async () => {
    const c = await client()
    assert.match((await c.get('/accounts/password_reset/')).text(), /name="email"/)
    const unknown = await c.post('/accounts/password_reset/', { email: 'nobody@example.com' })
    assert.equal(unknown.status, 302)
    assert.equal(outbox.length, 0)
    const known = await c.post('/accounts/password_reset/', { email: 'DEE@example.com' })
    assert.equal(known.status, 302)
    assert.equal(known.headers.get('location'), unknown.headers.get('location'))
    assert.equal(known.headers.get('location'), '/accounts/password_reset/done/')
    assert.equal(outbox.length, 1)
    assert.deepEqual(outbox[0]!.to, ['dee@example.com'])
    assert.match(outbox[0]!.subject, /^Password reset on /)
    assert.match(lastLink(), /^\/accounts\/reset\/[\w-]+\/[0-9a-z]+-[0-9a-f]+\/$/)
  })

  test('a reset link works once: set-password, log in with the new password, then the link is dead; a tampered token is refused', async () => {
    const c = await client()
    await c.post('/accounts/password_reset/', { email: 'dee@example.com' })
    const link = lastLink()
    const tampered = await c.get(link.replace(/[0-9a-f]\/$/, (m) => `${m[0] === '0' ? '1' : '0'}/`))
    assert.equal(tampered.status, 200)
    assert.match(tampered.text(), /The password reset link was invalid/)

    const first = await c.get(link)
    assert.equal(first.status, 302)
    const setUrl = first.headers.get('location')!
    assert.match(setUrl, /\/set-password\/$/)
    assert.match((await c.get(setUrl)).text(), /name="newPassword1"/)
    const done = await c.post(setUrl, { newPassword1: 'reset-pass-word-5', newPassword2: 'reset-pass-word-5' })
    assert.equal(done.status, 302)
    assert.equal(done.headers.get('location'), '/accounts/reset/done/')
    const dee = await User.objects.get({ username: 'dee' })
    assert.ok(await checkPassword('reset-pass-word-5', dee.password))

    const reused = await (await client()).get(link)
    assert.match(reused.text(), /The password reset link was invalid/)
    assert.equal((await c.get(setUrl)).status, 200)
    assert.match((await c.get(setUrl)).text(), /The password reset link was invalid/)
  })

  test('LoginRequiredMiddleware redirects anonymous users except on loginNotRequired views and the login page', async () => {
    const c = new TestClient(await createHandler({ resolver: guarded, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, LoginRequiredMiddleware] }))
    const closed = await c.get('/whoami/?a=1')
    assert.equal(closed.status, 302)
    assert.equal(closed.headers.get('location'), '/accounts/login/?next=/whoami/%3Fa%3D1')
    assert.deepEqual((await c.get('/open/')).json(), { open: true })
    assert.equal((await c.get('/accounts/login/')).status, 200)
    assert.equal((await c.get('/accounts/password_reset/')).status, 200)
    assert.equal((await c.post('/accounts/login/', { username: 'ada', password: 'correct-horse-42' })).status, 302)
    assert.deepEqual(await whoami(c), { authenticated: true, username: 'ada' })
  })

  test('UserCreationForm refuses a taken username, different passwords and weak ones, and creates the user', async () => {
    const taken = new UserCreationForm({ data: { username: 'ada', password1: 'x', password2: 'y' } })
    assert.equal(await taken.isValid(), false)
    assert.deepEqual(taken.errors.username, ['A user with that username already exists.'])
    assert.deepEqual(taken.errors.password2, ['The two password fields didn’t match.'])
    const weak = new UserCreationForm({ data: { username: 'newbie', password1: '12345678', password2: '12345678' } })
    assert.equal(await weak.isValid(), false)
    assert.ok(weak.errors.password2?.includes('This password is entirely numeric.'))
    const good = new UserCreationForm({ data: { username: 'newbie', password1: 'tangled-violin-88', password2: 'tangled-violin-88' } })
    assert.equal(await good.isValid(), true)
    const user = await good.save()
    assert.ok(await checkPassword('tangled-violin-88', user.password))
  })

  test('tokens expire after the timeout and die when the password changes', async () => {
    let now = Date.UTC(2026, 0, 1)
    const generator = new PasswordResetTokenGenerator({ timeout: 60, now: () => now })
    const user = await User.objects.get({ username: 'ada' })
    const token = generator.makeToken(user)
    assert.ok(generator.checkToken(user, token))
    assert.ok(!generator.checkToken(user, `${token}0`))
    assert.ok(!generator.checkToken(null, token))
    now += 61_000
    assert.ok(!generator.checkToken(user, token))
    now -= 61_000
    assert.ok(!generator.checkToken({ ...user, id: user.id, password: 'other', lastLogin: user.lastLogin, email: user.email }, token))
    assert.equal(uidEncode(12), 'MTI')
  })
}, { settings: { SECRET_KEY, SESSION_ENGINE: 'db', INSTALLED_APPS: [sessionsApp, authApp], REQUEST_LOGGING: false, EMAIL_BACKEND: 'locmem', ALLOWED_HOSTS: ['testserver'] } })

describe('login throttle counts in a cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tango-throttle-'))
  before(() => {
    configure({ CACHES: { default: { BACKEND: 'locmem', LOCATION: 'throttle' }, shared: { BACKEND: 'file', LOCATION: dir } } })
  })
  after(async () => {
    await closeCaches()
    rmSync(dir, { recursive: true, force: true })
  })

  test('two throttles on one shared cache (as two server processes) add up their failures, concurrent ones included', async () => {
    const workerA = new LoginThrottle({ cache: 'shared', limit: 6, windowSeconds: 60 })
    const workerB = new LoginThrottle({ cache: 'shared', limit: 6, windowSeconds: 60 })
    await workerA.clear()
    await Promise.all([workerA.fail(['user:zoe']), workerA.fail(['user:zoe']), workerB.fail(['user:zoe'])])
    assert.equal(await workerB.retryAfter(['user:zoe']), null)
    await Promise.all([workerB.fail(['user:zoe']), workerB.fail(['user:zoe']), workerA.fail(['user:zoe'])])
    const wait = await workerA.retryAfter(['user:zoe', 'addr:10.0.0.1'])
    assert.ok(wait !== null && wait >= 1 && wait <= 60, String(wait))
    await workerB.reset('user:zoe')
    assert.equal(await workerA.retryAfter(['user:zoe']), null, 'a reset in one process is seen by the other')
  })

  test('the window slides: failures stop counting once they are older than the window', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0)
    const throttle = new LoginThrottle({ limit: 3, windowSeconds: 150, now: () => now })
    await throttle.clear()
    await throttle.fail(['addr:1.2.3.4'])
    now += 60_000
    await throttle.fail(['addr:1.2.3.4'])
    await throttle.fail(['addr:1.2.3.4'])
    const wait = await throttle.retryAfter(['addr:1.2.3.4'])
    assert.ok(wait !== null && wait > 60 && wait <= 90, `the first failure leaves in about 90 s: ${wait}`)
    now += wait * 1000
    assert.equal(await throttle.retryAfter(['addr:1.2.3.4']), null)
    assert.equal(await throttle.retryAfter(['addr:other']), null)
  })

  test('usernames with spaces or odd characters are counted (keys are hashed, never invalid)', async () => {
    const throttle = new LoginThrottle({ limit: 1, windowSeconds: 60 })
    await throttle.fail(['user:john smith\n\u0000'])
    assert.ok((await throttle.retryAfter(['user:john smith\n\u0000'])) !== null)
  })
})

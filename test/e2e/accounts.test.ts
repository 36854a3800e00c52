// Issue 4 end to end: sample-site's accounts (sign-up, login, comment, logout, password change and
// reset) over real HTTP against `tango serve`, on SQLite and PostgreSQL, with the security checks the
// issue lists: CSRF refusals, session and CSRF-secret rotation on login, tampered session cookies,
// rehash on login, login throttling, single-use expiring reset links, constant-time unknown-user
// logins, and escaping of submitted values.
//
// The server runs sample-site's settings through test/e2e/fixtures/sample-site-settings.ts, which
// only swaps in what the test must observe (mail to files, a 3-second throttle window, 5-second reset
// links, cheap argon2 parameters): the views, middleware and templates are sample-site's own.
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { forEachDatabaseTarget, queryDatabase, type DatabaseTarget } from '../helpers/databases.ts'
import { run, startServer, stopServer, type Server } from '../helpers/processes.ts'

const SITE = fileURLToPath(new URL('../../sample-site', import.meta.url))
const SETTINGS = fileURLToPath(new URL('./fixtures/sample-site-settings.ts', import.meta.url))
const PASSWORD = 'correct horse battery staple'

/** A browser's cookie jar for one origin: remembers `Set-Cookie`, sends `Cookie`. */
class Browser {
  readonly cookies = new Map<string, string>()
  readonly base: string
  constructor(base: string) {
    this.base = base
  }

  /** A request without following redirects; `form` is sent urlencoded. */
  async fetch(path: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const headers: Record<string, string> = { ...init.headers }
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const request: RequestInit = { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, redirect: 'manual' }
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      request.body = new URLSearchParams(init.form).toString()
    }
    const response = await fetch(`${this.base}${path}`, request)
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || pair.slice(eq + 1) === '""'
      if (expired) this.cookies.delete(name)
      else this.cookies.set(name, pair.slice(eq + 1))
    }
    return { status: response.status, text: await response.text(), headers: response.headers }
  }

  /** GETs `path` and returns the page's masked CSRF token. */
  async csrfToken(path: string): Promise<string> {
    const page = await this.fetch(path)
    assert.equal(page.status, 200, `GET ${path}`)
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(page.text)?.[1]
    assert.ok(token, `${path} has a csrf_input`)
    return token
  }

  /** GETs the form at `path`, then POSTs `form` with its token (from the same origin, as a browser would). */
  async submit(path: string, form: Record<string, string>, action = path): Promise<{ status: number; text: string; headers: Headers }> {
    const csrfmiddlewaretoken = await this.csrfToken(path)
    return this.fetch(action, { form: { ...form, csrfmiddlewaretoken }, headers: { origin: this.base } })
  }

  /** Logs in through the login form; returns the response (302 on success). */
  login(username: string, password: string) {
    return this.submit('/accounts/login/', { username, password })
  }

  /** Who the header says is signed in, or null. */
  async whoami(): Promise<string | null> {
    const home = await this.fetch('/')
    assert.equal(home.status, 200)
    return /Signed in as <strong>([^<]*)<\/strong>/.exec(home.text)?.[1] ?? null
  }
}

/** A folder of mail written by the file backend, read as it grows. */
class Mailbox {
  readonly #seen = new Set<string>()
  readonly dir: string
  constructor(dir: string) {
    this.dir = dir
  }

  /** The messages written since the last call, decoded from quoted-printable. */
  newMessages(): string[] {
    let names: string[]
    try {
      names = readdirSync(this.dir).filter((name) => !this.#seen.has(name))
    } catch {
      return [] // no mail yet: the backend makes the folder on first send
    }
    for (const name of names) this.#seen.add(name)
    return names.map((name) => readFileSync(join(this.dir, name), 'utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))))
  }
}

/** The reset link's path in `mail`. */
function resetPath(mail: string, base: string): string {
  const url = /(http:\/\/\S+\/accounts\/reset\/\S+\/\S+\/)/.exec(mail)?.[1]
  assert.ok(url, `a reset link in the mail:\n${mail}`)
  assert.ok(url.startsWith(base), `the link points at this site: ${url}`)
  return url.slice(base.length)
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function accountsSuite(target: DatabaseTarget): void {
  describe(`sample-site accounts over HTTP [${target.vendor}]`, { concurrency: 1 }, () => {
    let work = ''
    let mailDir = ''
    let databaseUrl = ''
    let server: Server | undefined
    let base = ''
    const envFor = (extra: Record<string, string> = {}) => ({ DATABASE_URL: databaseUrl, STATIC_ROOT: join(work, 'static'), TANGO_SETTINGS_MODULE: SETTINGS, E2E_MAIL_DIR: mailDir, ...extra })
    const serve = async (extra: Record<string, string> = {}) => {
      if (server) await stopServer(server)
      server = await startServer('npx', ['tango', 'serve', '--workers', '1', '--bind', '127.0.0.1:0'], SITE, envFor(extra))
      base = server.url
    }

    before(async () => {
      work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-accounts-')))
      mailDir = join(work, 'mail')
      databaseUrl = await target.setUp(work)
      const migrate = await run('npx', ['tango', 'migrate'], SITE, envFor())
      assert.equal(migrate.code, 0, migrate.output)
      assert.match(migrate.output, /Applying auth\.0001_initial\.\.\. OK/)
      assert.match(migrate.output, /Applying sessions\.0001_initial\.\.\. OK/)
      for (const command of [['createcachetable'], ['loaddemo'], ['collectstatic', '--no-input']]) {
        const done = await run('npx', ['tango', ...command], SITE, envFor())
        assert.equal(done.code, 0, done.output)
      }
      await serve({ E2E_ARGON2_TIME_COST: '2' })
    })

    after(async () => {
      if (server) await stopServer(server)
      await target.tearDown()
      rmSync(work, { recursive: true, force: true })
    })

    test('sign-up creates the account, logs the user in and says so once', async () => {
      const alice = new Browser(base)
      assert.equal(await alice.whoami(), null)
      const made = await alice.submit('/accounts/signup/', { username: 'alice', email: 'alice@example.com', password1: PASSWORD, password2: PASSWORD })
      assert.equal(made.status, 302, made.text)
      assert.equal(made.headers.get('location'), '/')
      const home = await alice.fetch('/')
      assert.match(home.text, /Signed in as <strong>alice<\/strong>/)
      assert.match(home.text, /<li class="message success">Welcome, alice! Your account is ready\.<\/li>/)
      assert.doesNotMatch((await alice.fetch('/')).text, /Welcome, alice/, 'a flash message shows once')
      const rows = await queryDatabase(databaseUrl, 'SELECT username, email, password FROM auth_user WHERE username = $1', ['alice'])
      assert.equal(rows[0]?.email, 'alice@example.com')
      assert.match(String(rows[0]?.password), /^argon2\$argon2id\$/, 'the password is stored as an argon2id hash')
    })

    test('sign-up errors re-render the form with submitted values escaped', async () => {
      const mallory = new Browser(base)
      const evil = '<script>alert(1)</script>'
      const page = await mallory.submit('/accounts/signup/', { username: evil, email: 'not an email', password1: PASSWORD, password2: 'different' })
      assert.equal(page.status, 200)
      assert.doesNotMatch(page.text, /<script>alert/)
      assert.match(page.text, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/)
      assert.match(page.text, /Enter a valid username/)
      assert.match(page.text, /Enter a valid email address/)
      assert.match(page.text, /didn’t match|didn't match/)
      assert.equal((await queryDatabase(databaseUrl, 'SELECT count(*) AS n FROM auth_user'))[0]?.n?.toString(), '1', 'nothing was created')
    })

    test('comments: anonymous users are sent to log in; a logged-in comment is published, escaped, with a message', async () => {
      const article = '/articles/2026/tango-is-here/'
      const anonymous = new Browser(base)
      const page = await anonymous.fetch(article)
      assert.match(page.text, /Log in<\/a> or <a href="\/accounts\/signup\/">sign up<\/a> to comment/)
      assert.doesNotMatch(page.text, /Post comment/)
      // A valid token (from the login page: the same CSRF cookie), so the login check is what refuses.
      const refused = await anonymous.submit('/accounts/login/', { body: 'drive-by' }, article)
      assert.equal(refused.status, 302)
      assert.equal(refused.headers.get('location'), `/accounts/login/?next=${article}`)

      const alice = new Browser(base)
      assert.equal((await alice.login('alice', PASSWORD)).status, 302)
      const posted = await alice.submit(article, { body: 'Nice <b>work</b> <script>alert(2)</script>' })
      assert.equal(posted.status, 302, posted.text)
      assert.equal(posted.headers.get('location'), `${article}#comments`)
      const after = await alice.fetch(article)
      assert.match(after.text, /Your comment is published\./)
      assert.match(after.text, /<strong>alice<\/strong>/)
      assert.match(after.text, /Nice &lt;b&gt;work&lt;\/b&gt; &lt;script&gt;alert\(2\)&lt;\/script&gt;/)
      assert.doesNotMatch(after.text, /<script>alert/)
      const empty = await alice.submit(article, { body: '   ' })
      assert.equal(empty.status, 200, 'an empty comment re-renders the page')
      assert.match(empty.text, /This field is required\./)
    })

    test('CSRF: no token, another session\'s token, or a foreign Origin is refused with 403 before the view', async () => {
      const victim = new Browser(base)
      const attacker = new Browser(base)
      const victimToken = await victim.csrfToken('/accounts/login/')
      await attacker.csrfToken('/accounts/login/')

      const none = await victim.fetch('/accounts/login/', { form: { username: 'alice', password: PASSWORD }, headers: { origin: base } })
      assert.equal(none.status, 403)
      assert.match(none.text, /CSRF/)

      // The victim's token sent with the attacker's CSRF cookie: the secrets differ.
      const foreign = await attacker.fetch('/accounts/login/', { form: { username: 'alice', password: PASSWORD, csrfmiddlewaretoken: victimToken }, headers: { origin: base } })
      assert.equal(foreign.status, 403)

      const evil = await victim.fetch('/accounts/login/', { form: { username: 'alice', password: PASSWORD, csrfmiddlewaretoken: victimToken }, headers: { origin: 'https://evil.example' } })
      assert.equal(evil.status, 403)
      assert.match(evil.text, /Forbidden/)
      assert.equal(victim.cookies.get('sessionid'), undefined, 'no refused request logged anyone in')
      assert.equal(attacker.cookies.get('sessionid'), undefined)
    })

    test('login changes the session id and the CSRF secret; a planted session is not reused', async () => {
      const alice = new Browser(base)
      assert.equal((await alice.login('alice', PASSWORD)).status, 302)
      const firstSession = alice.cookies.get('sessionid')
      const firstCsrf = alice.cookies.get('csrftoken')
      assert.ok(firstSession && firstCsrf)
      assert.equal((await alice.login('alice', PASSWORD)).status, 302)
      assert.notEqual(alice.cookies.get('sessionid'), firstSession, 'a new session key at login')
      assert.notEqual(alice.cookies.get('csrftoken'), firstCsrf, 'a new CSRF secret at login')
      assert.equal(await alice.whoami(), 'alice')

      // Session fixation: an attacker's own session cookie planted in the victim's browser.
      const attacker = new Browser(base)
      await attacker.submit('/accounts/signup/', { username: 'trudy', email: 'trudy@example.com', password1: PASSWORD, password2: PASSWORD })
      const planted = attacker.cookies.get('sessionid')
      assert.ok(planted)
      const victim = new Browser(base)
      victim.cookies.set('sessionid', planted)
      assert.equal((await victim.login('alice', PASSWORD)).status, 302)
      assert.notEqual(victim.cookies.get('sessionid'), planted)
      assert.equal(await victim.whoami(), 'alice')
      assert.notEqual(await attacker.whoami(), 'alice', 'the planted key does not carry the victim\'s login')
    })

    test('a tampered session cookie is a fresh anonymous visit, not an error', async () => {
      const alice = new Browser(base)
      assert.equal((await alice.login('alice', PASSWORD)).status, 302)
      const key = alice.cookies.get('sessionid') ?? ''
      alice.cookies.set('sessionid', `${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`)
      assert.equal(await alice.whoami(), null)
      alice.cookies.set('sessionid', 'not-a-session-key-at-all!!')
      assert.equal(await alice.whoami(), null)
    })

    test('throttling: the sixth failure in the window gets 429 with Retry-After, even with the right password; after the window a correct login passes', async () => {
      const bob = new Browser(base)
      assert.equal((await bob.submit('/accounts/signup/', { username: 'bob', email: 'bob@example.com', password1: PASSWORD, password2: PASSWORD })).status, 302)
      const guesser = new Browser(base)
      for (let i = 1; i <= 5; i++) {
        const failed = await guesser.login('bob', `wrong ${i}`)
        assert.equal(failed.status, 200, `failure ${i} is an ordinary form error`)
        assert.match(failed.text, /Please enter a correct username and password/)
      }
      const sixth = await guesser.login('bob', 'wrong 6')
      assert.equal(sixth.status, 429)
      const retryAfter = Number(sixth.headers.get('retry-after'))
      assert.ok(retryAfter >= 1 && retryAfter <= 3, `Retry-After ${retryAfter} is within the 3-second window`)
      assert.equal((await guesser.login('bob', PASSWORD)).status, 429, 'the right password waits too')
      await sleep(retryAfter * 1000 + 300)
      const through = await guesser.login('bob', PASSWORD)
      assert.equal(through.status, 302)
      assert.equal(await guesser.whoami(), 'bob')
    })

    test('password change keeps this session, ends the others, and the new password works', async () => {
      const here = new Browser(base)
      const elsewhere = new Browser(base)
      assert.equal((await here.login('bob', PASSWORD)).status, 302)
      assert.equal((await elsewhere.login('bob', PASSWORD)).status, 302)
      const changed = await here.submit('/accounts/password_change/', { oldPassword: PASSWORD, newPassword1: `${PASSWORD} 2`, newPassword2: `${PASSWORD} 2` })
      assert.equal(changed.status, 302, changed.text)
      assert.equal(changed.headers.get('location'), '/accounts/password_change/done/')
      assert.equal(await here.whoami(), 'bob')
      assert.equal(await elsewhere.whoami(), null, 'the other session ended with the old password')
      assert.equal((await new Browser(base).login('bob', PASSWORD)).status, 200, 'the old password is refused')
      assert.equal((await new Browser(base).login('bob', `${PASSWORD} 2`)).status, 302)
    })

    test('logout is POST only and ends the session', async () => {
      const alice = new Browser(base)
      assert.equal((await alice.login('alice', PASSWORD)).status, 302)
      assert.equal((await alice.fetch('/accounts/logout/')).status, 405)
      assert.equal(await alice.whoami(), 'alice')
      const out = await alice.submit('/', {}, '/accounts/logout/')
      assert.equal(out.status, 302)
      assert.equal(out.headers.get('location'), '/')
      assert.equal(await alice.whoami(), null)
    })

    test('password reset: same answer for unknown emails; the link works once, then dies; an old link expires', async () => {
      const mailbox = new Mailbox(mailDir)
      mailbox.newMessages()
      const unknown = await new Browser(base).submit('/accounts/password_reset/', { email: 'nobody@example.com' })
      const known = await new Browser(base).submit('/accounts/password_reset/', { email: 'alice@example.com' })
      assert.equal(unknown.status, 302)
      assert.equal(known.status, 302)
      assert.equal(unknown.headers.get('location'), known.headers.get('location'))
      const sent = mailbox.newMessages()
      assert.equal(sent.length, 1, 'one mail, to the known address only')
      assert.match(sent[0] ?? '', /To: alice@example\.com/)

      const link = resetPath(sent[0] ?? '', base)
      const user = new Browser(base)
      const opened = await user.fetch(link)
      assert.equal(opened.status, 302, 'the token moves out of the URL into the session')
      const setPassword = opened.headers.get('location') ?? ''
      assert.match(setPassword, /\/set-password\/$/)
      const done = await user.submit(setPassword, { newPassword1: 'a brand new passphrase', newPassword2: 'a brand new passphrase' })
      assert.equal(done.status, 302, done.text)
      assert.equal(done.headers.get('location'), '/accounts/reset/done/')
      assert.equal((await new Browser(base).login('alice', 'a brand new passphrase')).status, 302)

      const reused = await new Browser(base).fetch(link)
      assert.equal(reused.status, 200)
      assert.match(reused.text, /The password reset link was invalid/)

      // A fresh link left unused past PASSWORD_RESET_TIMEOUT (5 s here) is dead too.
      await new Browser(base).submit('/accounts/password_reset/', { email: 'alice@example.com' })
      const late = resetPath(mailbox.newMessages()[0] ?? '', base)
      assert.notEqual(late, link)
      await sleep(6_500)
      const expired = await new Browser(base).fetch(late)
      assert.equal(expired.status, 200)
      assert.match(expired.text, /The password reset link was invalid/)
    })

    test('a login rehashes a password hashed with older parameters', async () => {
      const [before] = await queryDatabase(databaseUrl, 'SELECT password FROM auth_user WHERE username = $1', ['bob'])
      assert.match(String(before?.password), /t=2\$/)
      // Costlier hashing from here on (t=3, 64 MiB: ~0.2 s): the rehash below, and a timing test where,
      // as with production parameters, the hash and not the machine's noise makes most of a login.
      await serve({ E2E_ARGON2_TIME_COST: '3', E2E_ARGON2_MEMORY: '65536', E2E_THROTTLE_LIMIT: '1000' })
      assert.equal((await new Browser(base).login('bob', `${PASSWORD} 2`)).status, 302)
      const [afterLogin] = await queryDatabase(databaseUrl, 'SELECT password FROM auth_user WHERE username = $1', ['bob'])
      assert.match(String(afterLogin?.password), /t=3\$/)
      assert.notEqual(afterLogin?.password, before?.password)
      assert.equal((await new Browser(base).login('bob', `${PASSWORD} 2`)).status, 302, 'the new hash verifies')
    })

    test('an unknown username takes as long as a known one with a wrong password (medians of 100, within 10%)', async (t) => {
      // Same browser and token for every try, so each request differs only in the username; one
      // unknown username, tried as often as the known one, so both have throttle counters already
      // (the counters are rows in the database cache: a first failure inserts, later ones update).
      const browser = new Browser(base)
      const csrfmiddlewaretoken = await browser.csrfToken('/accounts/login/')
      const time = async (username: string): Promise<number> => {
        const start = process.hrtime.bigint()
        const response = await browser.fetch('/accounts/login/', { form: { username, password: 'not the password', csrfmiddlewaretoken }, headers: { origin: base } })
        const ms = Number(process.hrtime.bigint() - start) / 1e6
        assert.equal(response.status, 200)
        return ms
      }
      for (let i = 0; i < 5; i++) await time(i % 2 ? 'bob' : 'ghost') // warm up both paths
      const known: number[] = []
      const unknown: number[] = []
      for (let i = 0; i < 100; i++) {
        // Interleaved, alternating which goes first, so drift in machine load hits both alike.
        if (i % 2 === 0) {
          known.push(await time('bob'))
          unknown.push(await time('ghost'))
        } else {
          unknown.push(await time('ghost'))
          known.push(await time('bob'))
        }
      }
      const ratio = median(unknown) / median(known)
      // Each pair ran back to back, so a burst of load on this shared machine slows both of a pair:
      // the median of the per-pair ratios estimates the same thing as the ratio of the medians, and a
      // burst that hits 30 tries of one kind more than the other cannot move it.
      const paired = median(unknown.map((u, i) => u / known[i]!))
      t.diagnostic(`median login time: unknown user ${median(unknown).toFixed(2)} ms, known user with a wrong password ${median(known).toFixed(2)} ms, ratio of medians ${ratio.toFixed(3)}, median of paired ratios ${paired.toFixed(3)}`)
      assert.ok(Math.abs(ratio - 1) <= 0.1, `ratio of medians ${ratio.toFixed(3)} (unknown ${median(unknown).toFixed(2)} ms, known ${median(known).toFixed(2)} ms)`)
      assert.ok(Math.abs(paired - 1) <= 0.1, `median of paired ratios ${paired.toFixed(3)}`)
    })
  })
}

// One database after the other: the timing test of one must not share the machine with the other's.
describe('issue 4: sample-site accounts end to end', { concurrency: false }, () => {
  forEachDatabaseTarget('sample-site accounts', accountsSuite)
})

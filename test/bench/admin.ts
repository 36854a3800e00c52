/**
 * The admin's change list under load (issue 6): a 10,000-row model with one foreign key in
 * `listDisplay`, a search and a filter, on SQLite, through prefork workers, 8 concurrent clients
 * (autocannon): requests/s, p50 and p99 latency, and the SQL queries per page for 10 and 100 rows
 * per page (which must be equal: `listSelectRelated` joins the foreign key). Target: p99 < 50 ms.
 *
 * Run: `tsx test/bench/admin.ts` (BENCH_SECONDS, BENCH_WORKERS). This file is also the server:
 * with BENCH_ADMIN_SERVER=1 it serves the admin (the harness's prefork wrapper, node:cluster).
 */
import autocannon from 'autocannon'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apps, configure, defineSettings } from 'tango/core'
import { captureQueries } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { createHttpServer } from 'tango/http'
import { CsrfViewMiddleware } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { URLResolver, path, setRootUrlconf } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import messagesApp, { MessageMiddleware } from 'tango/contrib/messages'
import authApp, { Argon2PasswordHasher, AuthenticationMiddleware, User, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { AdminSite, ModelAdmin } from 'tango/contrib/admin'
import libraryApp from '../unit/contrib/admin/fixtures/library/app.ts'
import { Author, Book } from '../unit/contrib/admin/fixtures/library/models.ts'
import { startServer } from './harness.ts'
import { start } from './servers/common.ts'

const ROWS = 10_000
const AUTHORS = 100
const PASSWORD = 'bench-admin-password-42'
const SECONDS = Number(process.env.BENCH_SECONDS ?? '5')
const WORKERS = Number(process.env.BENCH_WORKERS ?? '2')
const CONNECTIONS = 8
/** The page loaded: a search (matches ~half the rows) and a boolean filter, 100 rows per page. */
const PAGE = '/admin/library/book/?q=volume&inPrint__exact=1'

const site = new AdminSite('bench_admin')
class BookAdmin extends ModelAdmin<typeof Book> {
  override listDisplay = ['title', 'author', 'inPrint', 'publishedDate', 'format']
  override listFilter = ['inPrint', 'format']
  override searchFields = ['title', 'author__name']
  override listPerPage = 100
}
site.register(Book, BookAdmin)
site.register(Author, { searchFields: ['name'] })
const routes = new URLResolver([path('admin/', site.urls)])

function settingsFor(file: string): ReturnType<typeof defineSettings> {
  return defineSettings({
    SECRET_KEY: 'bench-admin-secret-key-bench-admin-secret-key-0123456789',
    ALLOWED_HOSTS: ['127.0.0.1', 'localhost', 'testserver'],
    DEBUG: false,
    REQUEST_LOGGING: false,
    SESSION_ENGINE: 'signedCookies',
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp],
    DATABASES: { default: { URL: `sqlite:///${file}` } },
  }, {})
}

const middleware = [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware]

if (process.env.BENCH_ADMIN_SERVER === '1') {
  configure(settingsFor(process.env.BENCH_DB ?? ''))
  setRootUrlconf(routes)
  await apps.ready()
  await start(async () => createHttpServer(await createHandler({ resolver: routes, middleware })))
} else {
  const dir = mkdtempSync(join(tmpdir(), 'tango-admin-bench-'))
  const file = join(dir, 'admin.sqlite3')
  try {
    configure(settingsFor(file))
    setRootUrlconf(routes)
    setPasswordHashers([new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })])
    await apps.ready()
    await migrate()
    await User.objects.create({ username: 'admin', password: await makePassword(PASSWORD), isStaff: true, isSuperuser: true })
    const authors = await Author.objects.bulkCreate(Array.from({ length: AUTHORS }, (_, i) => ({ name: `Author ${i}`, email: `a${i}@example.com` })))
    const formats = ['hardcover', 'paperback', 'ebook']
    await Book.objects.bulkCreate(Array.from({ length: ROWS }, (_, i) => ({
      title: `${i % 2 ? 'Volume' : 'Tome'} ${i}`, slug: `book-${i}`, authorId: authors[i % AUTHORS]!.pk,
      publishedDate: new Date(Date.UTC(1950 + (i % 70), i % 12, 1 + (i % 28))).toISOString().slice(0, 10),
      inPrint: i % 3 !== 0, format: formats[i % 3]!, pages: 100 + (i % 500),
    })), { batchSize: 500 })
    process.stdout.write(`Seeded ${ROWS} books by ${AUTHORS} authors.\n`)

    // Queries per page, in process: 10 and 100 rows per page must run the same number.
    const client = new TestClient(await createHandler({ resolver: routes, middleware }))
    const loggedIn = await client.post('/admin/login/', { username: 'admin', password: PASSWORD, next: '/admin/' })
    if (loggedIn.status !== 302) throw new Error(`login answered ${loggedIn.status}`)
    const admin = site.getModelAdmin(Book)!
    const counts: Record<number, number> = {}
    for (const perPage of [10, 100]) {
      admin.listPerPage = perPage
      const { result, queries } = await captureQueries(() => client.get(PAGE))
      if (result.status !== 200) throw new Error(`change list answered ${result.status}`)
      counts[perPage] = queries.length
    }
    admin.listPerPage = 100

    // Load through prefork workers.
    const { child, url } = await startServer({ name: 'admin', script: 'admin.ts', env: { BENCH_ADMIN_SERVER: '1', BENCH_DB: file } }, WORKERS)
    try {
      const loginPage = await fetch(`${url}/admin/login/`)
      const csrf = /csrftoken=([^;]+)/.exec(loginPage.headers.get('set-cookie') ?? '')?.[1] ?? ''
      const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? ''
      const login = await fetch(`${url}/admin/login/`, {
        method: 'POST', redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `csrftoken=${csrf}`, referer: `${url}/admin/login/` },
        body: new URLSearchParams({ username: 'admin', password: PASSWORD, csrfmiddlewaretoken: token, next: '/admin/' }).toString(),
      })
      const session = /sessionid=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1]
      if (!session) throw new Error(`login failed: ${login.status}`)
      const headers = { cookie: `sessionid=${session}; csrftoken=${csrf}` }
      const check = await fetch(`${url}${PAGE}`, { headers })
      if (check.status !== 200) throw new Error(`change list through the server answered ${check.status}`)
      await autocannon({ url: `${url}${PAGE}`, connections: CONNECTIONS, duration: 1, headers })
      const r = await autocannon({ url: `${url}${PAGE}`, connections: CONNECTIONS, duration: SECONDS, headers })
      if (r.non2xx + r.errors > 0) throw new Error(`${r.non2xx} non-2xx, ${r.errors} errors`)
      console.log(`\n| admin change list (${ROWS} rows, FK column, search + filter, 100/page) | prefork ${WORKERS} | ${CONNECTIONS} clients |`)
      console.log('|---|---:|---:|')
      console.log(`| requests/s | ${Math.round(r.requests.average)} | |`)
      console.log(`| latency p50 / p99 (ms) | ${r.latency.p50} | ${r.latency.p99} |`)
      console.log(`| SQL queries per page, 10 rows / 100 rows | ${counts[10]} | ${counts[100]} |`)
      console.log(`  p99 ${r.latency.p99} ms [target < 50]; queries ${counts[10]} vs ${counts[100]} [must be equal]`)
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

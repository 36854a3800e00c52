/**
 * The admin's change list under load (issue 6): a 10,000-row model with one foreign key in
 * `listDisplay`, a search and a filter, on SQLite, through `tango serve` (the prefork server, its
 * project in servers/admin-site/), 8 concurrent clients (autocannon): requests/s, p50 and p99
 * latency, and the SQL queries per page for 10 and 100 rows per page (which must be equal:
 * `listSelectRelated` joins the foreign key). Target: p99 < 50 ms.
 *
 * Run: `tsx test/bench/admin.ts` (BENCH_SECONDS, BENCH_WORKERS).
 */
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { apps, configure } from 'tango/core'
import { captureQueries } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { TestClient } from 'tango/test'
import { Argon2PasswordHasher, User, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import { Author, Book } from '../unit/contrib/admin/fixtures/library/models.ts'
import { site } from './servers/admin-site/admin.ts'

const ROWS = 10_000
const AUTHORS = 100
const PASSWORD = 'bench-admin-password-42'
const SECONDS = Number(process.env.BENCH_SECONDS ?? '5')
const WORKERS = Number(process.env.BENCH_WORKERS ?? '2')
const CONNECTIONS = 8
/** The page loaded: a search (matches ~half the rows) and a boolean filter, 100 rows per page. */
const PAGE = '/admin/library/book/?q=volume&inPrint__exact=1'
const MANAGE = fileURLToPath(new URL('./servers/admin-site/manage.ts', import.meta.url))

/** Starts `tango serve` on the bench project (a free port, `workers` workers); resolves with its URL. */
async function startServe(db: string, workers: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MANAGE, 'serve', '--bind', '127.0.0.1:0', '--workers', String(workers)], {
    env: { ...process.env, BENCH_DB: db, TANGO_LOG_LEVEL: 'warning' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`tango serve did not start: ${text}`)), 30_000)
    const read = (chunk: Buffer): void => {
      text += chunk.toString()
      const match = /Listening at (http:\/\/[^\s]+)/.exec(text)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1].replace(/\/$/, ''))
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.on('exit', (code) => reject(new Error(`tango serve exited with ${code}: ${text}`)))
  })
  return { child, url }
}

const dir = mkdtempSync(join(tmpdir(), 'tango-admin-bench-'))
const file = join(dir, 'admin.sqlite3')
try {
  // The project's settings read BENCH_DB when they load.
  process.env.BENCH_DB = file
  const { default: settings } = await import('./servers/admin-site/settings.ts')
  configure(settings)
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
  const client = new TestClient(await createHandler())
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

  // Load through `tango serve`'s prefork workers.
  const { child, url } = await startServe(file, WORKERS)
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
    console.log(`\n| admin change list (${ROWS} rows, FK column, search + filter, 100/page) | tango serve, ${WORKERS} workers | ${CONNECTIONS} clients |`)
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

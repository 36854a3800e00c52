// sample-site on its real models, run as `npm start` does: `tango migrate`, `tango createcachetable`,
// `tango loaddemo` (twice: the second run must load nothing), `tango collectstatic` and `tango serve`,
// against a SQLite file and a STATIC_ROOT in a temp folder (DATABASE_URL and STATIC_ROOT in the
// environment override the settings' sample-site/db.sqlite3 and sample-site/staticfiles).
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { get, run, startServer, stopServer as stop, type Run, type Server } from '../helpers/processes.ts'

const SITE = fileURLToPath(new URL('../../sample-site', import.meta.url))
const REPO_DB = join(SITE, 'db.sqlite3')

/** Runs `npx tango ARGS` in sample-site to completion. */
function tango(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return run('npx', ['tango', ...args], SITE, env)
}

/** Starts `npx tango serve` with one worker on a port the OS picks. */
function serve(env: Record<string, string>): Promise<Server> {
  return startServer('npx', ['tango', 'serve', '--workers', '1', '--bind', '127.0.0.1:0'], SITE, env)
}

/** The page's `<main>`, so the assertions do not match the header or footer. */
function main(html: string): string {
  return /<main>([\s\S]*)<\/main>/.exec(html)?.[1] ?? ''
}

/** Asserts `needles` occur in `text` in this order. */
function assertOrder(text: string, needles: readonly string[]): void {
  const at = needles.map((n) => text.indexOf(n))
  for (const [i, pos] of at.entries()) assert.ok(pos >= 0, `${needles[i]} is on the page`)
  assert.deepEqual([...at].sort((a, b) => a - b), at, `in the order ${needles.join(', ')}`)
}

describe('sample-site on SQLite: migrate, loaddemo, serve', () => {
  let work: string
  let env: Record<string, string>
  let server: Server | undefined
  const repoDbBefore = existsSync(REPO_DB)

  before(() => {
    work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-sample-site-')))
    // sqlite:/// + an absolute path: four slashes, as dj-database-url.
    env = { DATABASE_URL: `sqlite:///${join(work, 'news.sqlite3')}`, STATIC_ROOT: join(work, 'static') }
  })

  after(async () => {
    if (server) await stop(server)
    rmSync(work, { recursive: true, force: true })
    assert.equal(existsSync(REPO_DB), repoDbBefore, 'the test leaves no database in the repository')
  })

  test('migrate creates the tables, loaddemo fills them once', async () => {
    const migrate = await tango(['migrate'], env)
    assert.equal(migrate.code, 0, migrate.output)
    assert.match(migrate.output, /Applying news\.0001_initial\.\.\. OK/)
    assert.ok(existsSync(join(work, 'news.sqlite3')), 'the database is the DATABASE_URL file')

    const first = await tango(['loaddemo'], env)
    assert.equal(first.code, 0, first.output)
    assert.match(first.output, /Installed 20 demo object\(s\) from news\/fixtures\/demo\.json/)

    const second = await tango(['loaddemo'], env)
    assert.equal(second.code, 0, second.output)
    assert.match(second.output, /already has articles: demo data not loaded/)
    assert.doesNotMatch(second.output, /Installed/)

    const again = await tango(['migrate'], env)
    assert.equal(again.code, 0, again.output)
    assert.match(again.output, /No migrations to apply/)

    const table = await tango(['createcachetable'], env)
    assert.equal(table.code, 0, table.output)
    const collected = await tango(['collectstatic', '--no-input'], env)
    assert.equal(collected.code, 0, collected.output)
    assert.match(collected.output, /static files? copied to/)
    assert.ok(existsSync(join(work, 'static', 'staticfiles.json')), 'the manifest is in STATIC_ROOT')
  })

  test('the pages read the database', async () => {
    server = await serve(env)
    const { url } = server

    const home = await get(`${url}/`)
    assert.equal(home.status, 200, home.text)
    // The list, without the sidebar (which names articles too).
    const list = main(home.text).split('<aside')[0] ?? ''
    assert.match(list, /<h1>Latest news<\/h1>/)
    // Published articles newest first; the draft is not listed.
    assertOrder(list, ['Tango is here', 'Routing without regex scans', 'Migrations that write themselves', 'A prefork server in the box', 'Meet the team in Lisbon', 'Hello, world'])
    assert.doesNotMatch(list, /What comes after 0\.1/)
    assert.match(list, /<a href="\/articles\/2026\/tango-is-here\/">Tango is here<\/a>/)
    assert.match(list, /<a class="category" href="\/category\/releases\/">Releases<\/a>\s*· <span class="author">Maria Rossi<\/span>/)
    assert.match(list, /href="\/articles\/2025\/hello-world\/">Hello, world<\/a>\s*<span class="meta">\s*<a class="category" href="\/category\/community\/">Community<\/a>/)

    const article = await get(`${url}/articles/2026/tango-is-here/`)
    assert.equal(article.status, 200, article.text)
    const page = main(article.text)
    assert.match(page, /<h1>Tango is here<\/h1>/)
    assert.match(page, /By <span class="author">Maria Rossi<\/span>/)
    assert.match(page, /<p>Models, migrations, an admin and a prefork server, in one box\.<\/p>/)
    assert.deepEqual([...page.matchAll(/<li class="tag">([^<]+)<\/li>/g)].map((m) => m[1]), ['Announcements', 'ORM'])
    // Approved comments only, oldest first.
    assert.match(page, /Comments \(2\)/)
    assertOrder(page, ['<strong>Lena</strong>', '<strong>Tom</strong>'])
    assert.doesNotMatch(page, /spam-bot|Cheap watches/)
    // Each view is counted in the database (F('views') + 1).
    assert.match(page, /1281 views/)
    assert.match(main((await get(`${url}/articles/2026/tango-is-here/`)).text), /1282 views/)

    const other = main((await get(`${url}/articles/2026/routing-without-regex-scans/`)).text)
    assert.deepEqual([...other.matchAll(/<li class="tag">([^<]+)<\/li>/g)].map((m) => m[1]), ['Performance', 'Routing'])
    assert.match(other, /Comments \(1\)/)

    const category = await get(`${url}/category/engineering/`)
    assert.equal(category.status, 200, category.text)
    const section = main(category.text)
    assert.match(section, /<h1>Engineering<\/h1>/)
    assertOrder(section, ['Routing without regex scans', 'Migrations that write themselves', 'A prefork server in the box'])
    assert.doesNotMatch(section, /Tango is here|Hello, world/)
    assert.doesNotMatch(section, /class="pagination"/, 'three articles fit on one page')

    for (const missing of [
      '/articles/2026/no-such-article/',
      '/articles/2025/tango-is-here/', // the right slug, the wrong year
      '/articles/2026/what-comes-after-0-1/', // a draft
      '/category/no-such-category/',
      '/category/engineering/?page=2',
    ]) {
      assert.equal((await get(`${url}${missing}`)).status, 404, missing)
    }
    // The stylesheet link is the content-hashed name collectstatic wrote; serve marks it immutable.
    const css = /<link rel="stylesheet" href="(\/static\/news\/site\.[0-9a-f]{12}\.css)">/.exec(home.text)?.[1]
    assert.ok(css, 'a hashed stylesheet URL')
    const sheet = await fetch(`${url}${css}`, { headers: { 'accept-encoding': 'gzip' } })
    assert.equal(sheet.status, 200)
    assert.match(sheet.headers.get('cache-control') ?? '', /immutable/)
    // The logo the stylesheet names was rewritten to its hashed copy, and that is served too.
    const logo = /url\("(logo\.[0-9a-f]{12}\.svg)"\)/.exec(await sheet.text())?.[1]
    assert.ok(logo, 'the CSS references the hashed logo')
    assert.equal((await fetch(`${url}/static/news/${logo}`)).status, 200)
    assert.equal((await fetch(`${url}/static/news/site.css`)).status, 200)
  })

  test('the sidebar lists categories, the most read articles and tags; fragments are cached and refreshed by a save', async () => {
    const { url } = server as Server
    const aside = (await get(`${url}/`)).text.split('<aside')[1] ?? ''
    assert.match(aside, /<h2>Categories<\/h2>/)
    assert.match(aside, /href="\/category\/engineering\/">Engineering<\/a> <span class="count">3<\/span>/)
    assertOrder(aside, ['Most read', 'Tango is here', 'Routing without regex scans'])
    // (`new Date()` in `shell -c` code is the ORM's own Date: the code runs in the same realm.)
    // A new article saved by another process (the CLI) shows at once: its save bumped the list's
    // version in the shared database cache, so the cached list fragment is not used.
    const added = await run('npx', ['tango', 'shell', '-c', "const a = await Article.objects.get({ slug: 'hello-world' }); a.title = 'Hello again'; a.published = new Date(a.published.getTime()); await a.save()"], SITE, env)
    assert.equal(added.code, 0, added.output)
    assert.match(main((await get(`${url}/`)).text).split('<aside')[0] ?? '', /Hello again/)
  })

  test('Russian under /ru/: translated templates, plurals and dates; the switcher sets the language', async () => {
    const { url } = server as Server
    const home = await get(`${url}/ru/`)
    assert.equal(home.status, 200)
    assert.match(home.text, /<html lang="ru">/)
    assert.match(home.text, /<h1>Последние новости<\/h1>/)
    assert.match(home.text, /<a href="\/ru\/articles\/2026\/tango-is-here\/">/, 'links stay in Russian')
    assert.match(home.text, /21 ноября 2026 г\./)
    const article = main((await get(`${url}/ru/articles/2026/routing-without-regex-scans/`)).text)
    assert.match(article, /Автор: <span class="author">Kenji Sato<\/span>/)
    assert.match(article, /\d+ просмотр(а|ов)?/)
    assert.match(article, /Комментарии \(1\)/)
    // English stays the default for unprefixed URLs, whatever the browser prefers (Django's rule
    // with prefixDefaultLanguage: false).
    const english = await fetch(`${url}/`, { headers: { 'accept-language': 'ru' } })
    assert.equal(english.headers.get('content-language'), 'en')
    // The switcher: POST /i18n/setlang/ with the page's CSRF token sets the cookie and goes to the
    // same page in the new language.
    const page = await fetch(`${url}/articles/2026/tango-is-here/`)
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await page.text())?.[1] ?? ''
    const switched = await fetch(`${url}/i18n/setlang/`, {
      method: 'POST', redirect: 'manual',
      headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfmiddlewaretoken: token, language: 'ru', next: '/articles/2026/tango-is-here/' }).toString(),
    })
    assert.equal(switched.status, 302)
    assert.equal(switched.headers.get('location'), '/ru/articles/2026/tango-is-here/')
    assert.match(switched.headers.getSetCookie().join('\n'), /tango_language=ru/)
  })
})

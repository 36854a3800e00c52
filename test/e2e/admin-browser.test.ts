// Issue 6 in a real browser: sample-site's admin in headless Chromium (playwright-core), served by
// `tango serve --workers 1` on SQLite. A superuser logs in, adds a category and an article with two
// tags (the two-box chooser) and two inline comments, edits, searches, filters, sorts and pages
// through 250+ articles, runs the "Publish selected articles" action, deletes with the cascade
// confirmation and reads an object's history; then the "editor" (staff in group Editors) sees only
// what the permissions allow and gets 403 on the rest by URL. Screenshots of the index, a change
// list, a change form with errors and the phone-width change list go to
// test/e2e/output/admin-screenshots/.
//
// The pages are driven as a person would (labels, roles, button names), so the admin's JavaScript
// (prepopulated slug, filter-horizontal, inlines, the action counter) runs for real. One browser
// context per user; the steps share state and run in order.
//
// Needs /usr/bin/chromium (`apt-get install -y chromium`): in CI (CI=true) a missing browser fails,
// elsewhere the suite is skipped with one line on stderr.
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { run, startServer, stopServer, type Server } from '../helpers/processes.ts'

const CHROMIUM = '/usr/bin/chromium'
const SITE = fileURLToPath(new URL('../../sample-site', import.meta.url))
const SETTINGS = fileURLToPath(new URL('./fixtures/sample-site-settings.ts', import.meta.url))
const SCREENSHOTS = fileURLToPath(new URL('./output/admin-screenshots/', import.meta.url))
/** Articles `bulkCreate`d before the browser starts (on top of the demo's). */
const BULK = 250
const PER_PAGE = 25

const CATEGORY = 'Browser Desk 2026'
const TITLE = 'Chromium writes an article'
const EDITED_TITLE = 'Chromium edits an article'

/** `bulkCreate`s BULK articles "Bulk article 001".."Bulk article 250", an hour apart in January 2020; the two newest are drafts. */
const BULK_SCRIPT = `
const category = await Category.objects.first()
const author = await Author.objects.first()
const rows = Array.from({ length: ${BULK} }, (_, i) => new Article({
  title: 'Bulk article ' + String(i + 1).padStart(3, '0'), slug: 'bulk-article-' + (i + 1), body: 'Filler text ' + (i + 1) + '.',
  category, author, published: new Date(Date.UTC(2020, 0, 1) + i * 3600000).toISOString(), status: i >= ${BULK - 2} ? 'draft' : 'published',
}))
await Article.objects.bulkCreate(rows)
console.log('articles: ' + (await Article.objects.count()))`

/** How many articles sample-site's demo fixture installs. */
function demoArticles(): number {
  const fixture = JSON.parse(readFileSync(join(SITE, 'news/fixtures/demo.json'), 'utf8')) as { model: string }[]
  return fixture.filter((row) => row.model === 'news.article').length
}

/** Retries `check` (an assertion) until it passes, up to `ms`; rethrows its last failure. */
async function eventually(check: () => Promise<void>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      await check()
      return
    } catch (error) {
      if (Date.now() > deadline) throw error
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

/** The text of the page's success message(s) (Django's messagelist). */
async function messages(page: Page): Promise<string> {
  const list = page.locator('ul.messagelist')
  await list.waitFor()
  return (await list.innerText()).trim()
}

/** The change list's result rows (without the header row). */
function resultRows(page: Page): Locator {
  return page.locator('#result_list tbody tr')
}

/** The titles in the change list's first data column, top to bottom. */
async function listedTitles(page: Page): Promise<string[]> {
  return (await page.locator('#result_list tbody th.field-title').allInnerTexts()).map((t) => t.trim())
}

/** The "N articles" count under the change list. */
async function resultCount(page: Page): Promise<string> {
  return (await page.locator('.paginator .result-count').innerText()).trim()
}

if (!existsSync(CHROMIUM)) {
  if (process.env.CI === 'true') {
    test('Chromium is installed for the admin browser suite', () => {
      assert.fail(`CI=true but ${CHROMIUM} is missing: install it (apt-get install -y chromium) so the admin browser suite runs.`)
    })
  } else {
    process.stderr.write(`Admin browser suite skipped: ${CHROMIUM} is missing (apt-get install -y chromium).\n`)
  }
} else {
  describe('sample-site admin in Chromium [sqlite]', { concurrency: 1 }, () => {
    let work = ''
    let server: Server | undefined
    let browser: Browser | undefined
    let base = ''
    const passwords = new Map<string, string>()
    let adminContext: BrowserContext
    let editorContext: BrowserContext
    let page: Page // the admin's
    let total = 0 // articles in the database once the browser's article exists
    let articleUrl = '' // the change page of the article the browser made
    const env = () => ({ DATABASE_URL: `sqlite:///${join(work, 'db.sqlite3')}`, STATIC_ROOT: join(work, 'static'), TANGO_SETTINGS_MODULE: SETTINGS })
    const tango = async (...args: string[]) => {
      const done = await run('npx', ['tango', ...args], SITE, env())
      assert.equal(done.code, 0, `tango ${args[0] ?? ''}:\n${done.output}`)
      return done.output
    }

    before(async () => {
      work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-admin-browser-')))
      await tango('migrate')
      await tango('createcachetable')
      await tango('loaddemo')
      const accounts = await tango('ensureadmin')
      for (const user of ['admin', 'editor']) {
        const password = new RegExp(`^\\s*${user}\\s+password: (\\S+)$`, 'm').exec(accounts)?.[1]
        assert.ok(password, `ensureadmin prints ${user}'s password:\n${accounts}`)
        passwords.set(user, password)
      }
      const [, bulk] = await Promise.all([tango('collectstatic', '--no-input'), tango('shell', '-c', BULK_SCRIPT)])
      assert.match(bulk, new RegExp(`articles: ${demoArticles() + BULK}`))
      server = await startServer('npx', ['tango', 'serve', '--workers', '1', '--bind', '127.0.0.1:0'], SITE, env())
      base = server.url
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
      adminContext = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } })
      editorContext = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 } })
      for (const context of [adminContext, editorContext]) context.setDefaultTimeout(10_000)
      page = await adminContext.newPage()
      mkdirSync(SCREENSHOTS, { recursive: true })
    })

    after(async () => {
      await browser?.close()
      if (server) await stopServer(server)
      rmSync(work, { recursive: true, force: true })
    })

    /** Logs `user` in through the admin's login form on `p`; ends on the admin index. */
    async function logIn(p: Page, user: string): Promise<void> {
      const response = await p.goto('/admin/')
      assert.equal(response?.status(), 200)
      assert.equal(new URL(p.url()).pathname, '/admin/login/', 'an anonymous visitor is sent to the login page')
      assert.equal(new URL(p.url()).searchParams.get('next'), '/admin/')
      await p.getByLabel('Username').fill(user)
      await p.getByLabel('Password').fill(passwords.get(user) ?? '')
      await p.getByRole('button', { name: 'Log in' }).click()
      await p.waitForURL(`${base}/admin/`)
      assert.match(await p.locator('#user-tools').innerText(), new RegExp(`Welcome,\\s*${user}`))
    }

    test('1. the superuser logs in through the form; the index lists the News app', async () => {
      await logIn(page, 'admin')
      assert.match(await page.title(), /^Site administration \| /)
      const news = page.locator('.app-news')
      assert.equal((await news.getByRole('link', { name: 'News', exact: true }).innerText()).trim(), 'News')
      for (const model of ['Articles', 'Authors', 'Categories', 'Comments', 'Tags']) {
        assert.equal(await news.getByRole('link', { name: model, exact: true }).count(), 1, `${model} in the News app`)
      }
      assert.equal(await page.getByRole('link', { name: 'Users', exact: true }).count(), 1, 'the superuser sees auth too')
    })

    test('2. a category is added; its slug is prepopulated from the name as it is typed', async () => {
      await page.locator('tr.model-category').getByRole('link', { name: 'Add' }).click()
      await page.waitForURL('**/admin/news/category/add/')
      await page.getByLabel('Name').pressSequentially(CATEGORY)
      assert.equal(await page.getByLabel('Slug').inputValue(), 'browser-desk-2026', 'prepopulate.js filled the slug')
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForURL('**/admin/news/category/')
      assert.equal(await messages(page), `The category “${CATEGORY}” was added successfully.`)
      assert.ok((await listedNames(page)).includes(CATEGORY), 'the new category is listed')
    })

    /** The first column of a change list whose first field is `name`. */
    async function listedNames(p: Page): Promise<string[]> {
      return (await p.locator('#result_list tbody th.field-name').allInnerTexts()).map((t) => t.trim())
    }

    test('3. an article is added with two tags (filter-horizontal) and two inline comments', async () => {
      await page.goto('/admin/news/article/')
      await page.getByRole('link', { name: 'Add article' }).click()
      await page.waitForURL('**/admin/news/article/add/')
      await page.getByLabel('Title').pressSequentially(TITLE)
      assert.equal(await page.getByLabel('Slug').inputValue(), 'chromium-writes-an-article')
      await page.getByLabel('Body').first().fill('Written by a headless browser.')
      await page.getByLabel('Category').selectOption({ label: CATEGORY })
      await page.getByLabel('Author').selectOption({ label: 'Kenji Sato' })
      await page.getByLabel('Status').selectOption({ label: 'Draft' })
      await page.getByLabel('Published').fill('2026-06-01T09:30')

      // Tags: the label now names the chooser's filter box. Type to narrow, pick, "Choose".
      const available = page.locator('#id_tags_from')
      const chosen = page.locator('#id_tags')
      await page.getByRole('searchbox', { name: /^Tags/ }).fill('rou')
      assert.deepEqual(await available.locator('option:not([hidden])').allInnerTexts(), ['Routing'])
      await available.selectOption({ label: 'Routing' })
      await page.getByRole('button', { name: 'Choose', exact: true }).click()
      await page.getByRole('searchbox', { name: /^Tags/ }).fill('')
      await available.selectOption({ label: 'ORM' })
      await page.getByRole('button', { name: 'Choose', exact: true }).click()
      assert.deepEqual(await chosen.locator('option').allInnerTexts(), ['ORM', 'Routing'])
      assert.equal(await available.locator('option').count(), 2, 'the other two tags stay available')

      // Comments: the first row is there (extra = 1); "Add another Comment" adds the second.
      const comments = page.locator('#comments-group')
      await comments.getByLabel('Name').nth(0).fill('Ada')
      await comments.getByLabel('Body').nth(0).fill('First!')
      await comments.getByRole('button', { name: 'Add another Comment' }).click()
      assert.equal(await page.locator('#id_comments-TOTAL_FORMS').inputValue(), '2')
      await page.locator('#id_comments-1-name').fill('Grace')
      await page.locator('#id_comments-1-body').fill('Second, and approved.')
      await page.getByLabel('Approved').nth(1).check()

      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForURL('**/admin/news/article/')
      assert.equal(await messages(page), `The article “${TITLE}” was added successfully.`)
      const row = resultRows(page).filter({ hasText: TITLE })
      assert.equal(await row.count(), 1)
      assert.match(await row.innerText(), new RegExp(`${CATEGORY}\\s+Kenji Sato\\s+Draft`))
      total = demoArticles() + BULK + 1
      articleUrl = (await row.getByRole('link', { name: TITLE }).getAttribute('href')) ?? ''
      assert.match(articleUrl, /^\/admin\/news\/article\/\d+\/change\/$/)
    })

    test('4. the article is edited with "Save and continue editing"', async () => {
      await page.goto(articleUrl)
      const title = page.getByLabel('Title')
      assert.equal(await title.inputValue(), TITLE)
      assert.deepEqual(await page.locator('#id_tags option').allInnerTexts(), ['ORM', 'Routing'], 'both tags were saved')
      const savedComments = await page.locator('#comments-group tr.has_original td.field-name input').all()
      assert.deepEqual(await Promise.all(savedComments.map((input) => input.inputValue())), ['Ada', 'Grace'], 'both comments were saved')
      await title.fill(EDITED_TITLE)
      assert.equal(await page.getByLabel('Slug').inputValue(), 'chromium-writes-an-article', 'a saved slug is not refilled')
      await page.getByRole('button', { name: 'Save and continue editing' }).click()
      await page.waitForURL(`${base}${articleUrl}`)
      assert.equal(await messages(page), `The article “${EDITED_TITLE}” was changed successfully. You may edit it again below.`)
      assert.equal(await page.getByLabel('Title').inputValue(), EDITED_TITLE)
      assert.match(await page.getByRole('navigation', { name: 'Breadcrumbs' }).innerText(), new RegExp(EDITED_TITLE))
    })

    test('5. the change list: search, the category filter, sorting by a column header', async () => {
      await page.goto('/admin/news/article/')
      await page.getByRole('searchbox', { name: 'Search' }).fill('edits an article')
      await page.getByRole('button', { name: 'Search' }).click()
      await page.waitForURL(/\?q=edits/)
      assert.deepEqual(await listedTitles(page), [EDITED_TITLE])
      assert.match(await page.locator('#changelist-search').innerText(), new RegExp(`1 result \\(${total} total\\)`))

      await page.goto('/admin/news/article/')
      const filter = page.getByRole('navigation', { name: 'Filter' })
      await filter.getByRole('link', { name: CATEGORY }).click()
      await page.waitForURL(/category__id__exact=\d+/)
      assert.deepEqual(await listedTitles(page), [EDITED_TITLE])
      assert.equal(await filter.locator('li.selected').filter({ hasText: CATEGORY }).count(), 1, 'the chosen category is marked')
      await page.getByRole('link', { name: /Clear all filters/ }).click()
      await page.waitForURL(`${base}/admin/news/article/?`)
      assert.equal(await resultCount(page), `${total} articles`)

      const header = page.locator('#result_list thead th.column-title')
      await header.getByRole('link', { name: 'Title' }).click()
      await page.waitForURL(/[?&]o=/)
      assert.equal(await header.getAttribute('aria-sort'), 'ascending')
      const ascending = await listedTitles(page)
      assert.deepEqual(ascending, [...ascending].sort(), 'ascending by title')
      await header.getByRole('link', { name: 'Title' }).click()
      await eventually(async () => assert.equal(await header.getAttribute('aria-sort'), 'descending'))
      const descending = await listedTitles(page)
      assert.deepEqual(descending, [...descending].sort().reverse(), 'descending by title')
      assert.notEqual(ascending[0], descending[0], 'the order flipped')
    })

    test(`6. pagination: ${PER_PAGE} per page over ${BULK}+ rows, page 2 and the last page`, async () => {
      const pages = Math.ceil(total / PER_PAGE)
      await page.goto('/admin/news/article/')
      const paginator = page.getByRole('navigation', { name: 'Pagination' })
      assert.equal(await resultRows(page).count(), PER_PAGE)
      assert.equal(await resultCount(page), `${total} articles`)
      assert.equal((await paginator.locator('[aria-current="page"]').innerText()).trim(), '1')

      await paginator.getByRole('link', { name: '2', exact: true }).click()
      await page.waitForURL(/[?&]p=2/)
      assert.equal((await paginator.locator('[aria-current="page"]').innerText()).trim(), '2')
      assert.equal(await resultRows(page).count(), PER_PAGE)
      assert.equal(await resultCount(page), `${total} articles`)

      await paginator.getByRole('link', { name: String(pages), exact: true }).click()
      await page.waitForURL(new RegExp(`[?&]p=${pages}`))
      assert.equal((await paginator.locator('[aria-current="page"]').innerText()).trim(), String(pages))
      assert.equal(await resultRows(page).count(), total - PER_PAGE * (pages - 1), 'the last page holds the rest')
      // Oldest first at the end of "-published": the bulk articles from January 2020.
      assert.deepEqual((await listedTitles(page)).at(-1), 'Bulk article 001')
    })

    test('7. the "Publish selected articles" action on two selected rows', async () => {
      await page.goto('/admin/news/article/?q=Bulk+article')
      const drafts = [`Bulk article ${BULK}`, `Bulk article ${BULK - 1}`]
      const counter = page.locator('.actions .action-counter')
      assert.equal((await counter.innerText()).trim(), `0 of ${PER_PAGE} selected`)
      for (const title of drafts) {
        const row = resultRows(page).filter({ hasText: title })
        assert.match(await row.innerText(), /Draft/)
        await row.getByRole('checkbox').check()
      }
      await eventually(async () => assert.equal((await counter.innerText()).trim(), `2 of ${PER_PAGE} selected`))
      assert.equal(await page.locator('#result_list tbody tr.selected').count(), 2, 'the selected rows are highlighted')
      await page.getByLabel('Action:').selectOption({ label: 'Publish selected articles' })
      await page.getByRole('button', { name: 'Go' }).click()
      await page.waitForLoadState()
      assert.equal(await messages(page), '2 articles were published.')
      for (const title of drafts) {
        const row = resultRows(page).filter({ hasText: title })
        assert.match(await row.innerText(), /Published/, `${title} is published now`)
        assert.equal(await row.getByRole('checkbox').isChecked(), false)
      }
    })

    test('8. deleting the article lists its two comments (the cascade) before confirming', async () => {
      await page.goto(articleUrl)
      await page.locator('.submit-row').getByRole('link', { name: 'Delete' }).click()
      await page.waitForURL('**/delete/')
      assert.match(await page.locator('#content').innerText(), new RegExp(`Are you sure you want to delete the article “${EDITED_TITLE}”\\?`))
      // The two tags' join rows go too, listed as Django's "Article-tag relationship" rows.
      assert.deepEqual(await page.locator('#deletion-summary li').allInnerTexts(), ['Articles: 1', 'Comments: 2', 'Article-tag relationships: 2'])
      const objects = await page.locator('#deleted-objects').innerText()
      assert.match(objects, new RegExp(`Article: ${EDITED_TITLE}`))
      assert.match(objects, /Comment: Ada: First!/)
      assert.match(objects, /Comment: Grace: Second, and approved\./)
      // Nested as Django's tree: the comments in a list inside the article's item.
      assert.equal(await page.locator('#deleted-objects > li > ul > li').filter({ hasText: /^Comment: / }).count(), 2)
      await page.getByRole('button', { name: 'Yes, I’m sure' }).click()
      await page.waitForURL('**/admin/news/article/')
      assert.equal(await messages(page), `The article “${EDITED_TITLE}” was deleted successfully.`)
      assert.equal(await resultCount(page), `${total - 1} articles`)
      const gone = await page.goto(articleUrl)
      assert.equal(gone?.status(), 200, 'a deleted object redirects to the index with a message')
      assert.match(await messages(page), /doesn’t exist/)
    })

    test('9. the history page of a changed article shows who, when and which fields', async () => {
      const other = 'Hello, world' // a demo article
      await page.goto('/admin/news/article/?q=Hello')
      await resultRows(page).getByRole('link', { name: other }).click()
      await page.waitForURL(/\/change\/(\?|$)/)
      await page.getByLabel('Body').first().fill('Rewritten in the browser.')
      await page.getByLabel('Status').selectOption({ label: 'Draft' })
      const before = new Date()
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForURL(/\/admin\/news\/article\/\?q=Hello/) // back to the list it came from (preserved filters)
      assert.equal(await messages(page), `The article “${other}” was changed successfully.`)
      await resultRows(page).getByRole('link', { name: other }).click()
      await page.getByRole('link', { name: 'History' }).click()
      await page.waitForURL('**/history/')
      const rows = page.locator('#change-history tbody tr')
      assert.equal(await rows.count(), 1, 'one change, made in the admin (loaddemo leaves no log)')
      const cells = (await rows.first().locator('th, td').allInnerTexts()).map((c) => c.trim())
      assert.equal(cells[1], 'admin')
      assert.equal(cells[2], 'Changed Body and Status.')
      const year = String(before.getUTCFullYear())
      assert.ok(cells[0]?.includes(year), `the date/time column shows when (${cells[0] ?? ''})`)
    })

    test('10. screenshots: index, change list, change form with errors, phone-width change list', async (t) => {
      const shots: string[] = []
      const shoot = async (p: Page, name: string) => {
        const file = join(SCREENSHOTS, name)
        await p.screenshot({ path: file, fullPage: true })
        shots.push(file)
      }
      await page.goto('/admin/')
      await shoot(page, 'index.png')
      await page.goto('/admin/news/article/')
      await shoot(page, 'article-changelist.png')
      await page.goto('/admin/news/article/add/')
      await page.getByRole('button', { name: 'Save', exact: true }).click()
      await page.waitForLoadState()
      assert.match(await page.getByRole('alert').first().innerText(), /Please correct the errors? below/)
      assert.ok(await page.locator('.form-row.errors').count() >= 4, 'the required fields are marked')
      await shoot(page, 'change-form-errors.png')
      const phone = await adminContext.newPage()
      await phone.setViewportSize({ width: 390, height: 844 })
      await phone.goto('/admin/news/article/')
      await shoot(phone, 'article-changelist-phone.png')
      const width = await phone.evaluate<{ page: number; screen: number }>('({ page: document.documentElement.scrollWidth, screen: window.innerWidth })')
      assert.ok(width.page <= width.screen, `no sideways page scroll at 390 px (the results table scrolls in its own box): ${JSON.stringify(width)}`)
      await phone.close()
      for (const file of shots) {
        assert.ok(existsSync(file))
        t.diagnostic(`screenshot: ${file}`)
      }
    })

    test('11. log out; the editor sees only News, with view-only categories, and 403 by URL', async () => {
      await page.getByRole('button', { name: 'Log out' }).click()
      await page.waitForURL('**/admin/logout/')
      assert.equal(new URL((await page.goto('/admin/'))?.url() ?? '').pathname, '/admin/login/', 'logged out')

      const editor = await editorContext.newPage()
      await logIn(editor, 'editor')
      const content = editor.locator('#content-main')
      assert.deepEqual((await content.locator('caption').allInnerTexts()).map((c) => c.trim()), ['News'], 'only the News app')
      for (const hidden of ['Users', 'Groups']) assert.equal(await editor.getByRole('link', { name: hidden, exact: true }).count(), 0, `no ${hidden}`)
      for (const model of ['article', 'comment']) {
        const row = content.locator(`tr.model-${model}`)
        assert.equal(await row.getByRole('link', { name: 'Change' }).count(), 1, `${model}: changeable`)
      }
      const categories = content.locator('tr.model-category')
      assert.equal(await categories.getByRole('link', { name: 'View' }).count(), 1, 'categories: view only')
      assert.equal(await categories.getByRole('link', { name: 'Add' }).count(), 0, 'categories: no add link')
      await categories.getByRole('link', { name: 'Categories' }).click()
      await editor.waitForURL('**/admin/news/category/')
      assert.ok((await listedNames(editor)).includes(CATEGORY))
      assert.equal(await editor.getByRole('link', { name: 'Add category' }).count(), 0, 'no add button on the change list')

      for (const path of ['/admin/auth/user/', '/admin/news/category/add/']) {
        const response = await editor.goto(path)
        assert.equal(response?.status(), 403, `${path} is forbidden to the editor`)
      }
      await editor.close()
    })
  })
}

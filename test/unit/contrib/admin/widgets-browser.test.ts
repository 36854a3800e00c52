// The admin's widget scripts in real Chromium (playwright-core): prepopulated slugs as you type,
// the two-box chooser by keyboard, the autocomplete combobox against the real autocomplete view
// (through the real handler, logged in through the real login form), and inline rows added and
// removed with TOTAL_FORMS kept right, and the related-object popup ("+" next to a foreign key on
// the real book add page: the author add form opens in a popup window, and saving it closes the
// popup and selects the new author in the opener). Pages are served by a node:http server on 127.0.0.1:0 that
// serves the scripts from static/admin/js and hands every other URL to the Tango handler.
// In CI (CI=true) a missing Chromium fails; elsewhere the suite is skipped with one line.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { apps } from 'tango/core'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { createNodeListener, HttpResponse } from 'tango/http'
import { path, setRootUrlconf, include, URLResolver } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import messagesApp, { MessageMiddleware } from 'tango/contrib/messages'
import authApp, { Argon2PasswordHasher, AuthenticationMiddleware, User, authUrls, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { AdminSite } from 'tango/contrib/admin'
import { CsrfViewMiddleware } from 'tango/middleware'
import type { Browser, Page } from 'playwright-core'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { AutocompleteSelect } from '../../../../framework/src/contrib/admin/widgets.ts'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book } from './fixtures/library/models.ts'

const CHROMIUM = '/usr/bin/chromium'
const JS_DIR = fileURLToPath(new URL('../../../../framework/src/contrib/admin/static/admin/js/', import.meta.url))
const SCRIPT_NAMES = ['core.js', 'prepopulate.js', 'filter-horizontal.js', 'autocomplete.js', 'inlines.js']
const SCRIPTS = SCRIPT_NAMES.map((name) => `<script src="/static/admin/js/${name}" defer></script>`).join('\n')
/** What the static route serves: the widget scripts, and the popup scripts the admin's own pages load. */
const SERVED_SCRIPTS = new Set([...SCRIPT_NAMES, 'related-object-lookups.js', 'popup-response.js'])
const PASSWORD = 'correct-horse-42'
const available = existsSync(CHROMIUM)
if (!available && process.env.CI !== 'true') console.log(`Browser widget tests skipped: no Chromium at ${CHROMIUM}.`)

const site = new AdminSite('admin')
site.register(Author, { searchFields: ['name'] })
site.register(Book, { autocompleteFields: ['author'], searchFields: ['title'] })

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>widgets</title>${SCRIPTS}</head><body>${body}</body></html>`
}

const PAGES: Record<string, () => string> = {
  prepopulate: () => page(`<form>
    <label for="id_title">Title</label><input id="id_title" name="title">
    <label for="id_slug">Slug</label><input id="id_slug" name="slug" maxlength="20" data-prepopulated-from="id_title">
    <label for="id_kept">Kept</label><input id="id_kept" name="kept" value="existing" data-prepopulated-from="id_title">
  </form>`),
  filter: () => page(`<form id="f">
    <label for="id_genres">Genres</label>
    <select multiple name="genres" id="id_genres" class="selectfilter" data-field-name="genres" data-is-stacked="0"
      data-i18n-available="Available genres" data-i18n-chosen="Chosen genres" data-i18n-filter="Filter">
      <option value="1">Fantasy</option><option value="2" selected>History</option>
      <option value="3">Science fiction</option><option value="4">Science</option>
    </select></form>`),
  autocomplete: () => {
    const field = Book._meta.fields.find((f) => f.name === 'author')
    assert.ok(field)
    const select = new AutocompleteSelect(field, site).render('author', null, { id: 'id_author' }, { choices: [] })
    return page(`<form id="f"><label for="id_author">Author</label>${select}<button>Save</button></form>`)
  },
  inlines: () => page(`<form id="f">
    <div class="inline-group" data-inline-formset="reviews" data-inline-type="tabular" data-add-text="Add another Review" data-delete-text="Remove">
      <input type="hidden" name="reviews-TOTAL_FORMS" value="1" id="id_reviews-TOTAL_FORMS">
      <input type="hidden" name="reviews-INITIAL_FORMS" value="1" id="id_reviews-INITIAL_FORMS">
      <input type="hidden" name="reviews-MIN_NUM_FORMS" value="0" id="id_reviews-MIN_NUM_FORMS">
      <input type="hidden" name="reviews-MAX_NUM_FORMS" value="3" id="id_reviews-MAX_NUM_FORMS">
      <table><tbody data-inline-rows>
        <tr data-inline-row><td><input name="reviews-0-reviewer" id="id_reviews-0-reviewer" value="Saved"></td><td></td><td data-inline-delete></td></tr>
      </tbody></table>
      <template data-inline-prefix="reviews"><tr data-inline-row>
        <td><label for="id_reviews-__prefix__-reviewer">Reviewer</label><input name="reviews-__prefix__-reviewer" id="id_reviews-__prefix__-reviewer"></td>
        <td><input name="reviews-__prefix__-slug" id="id_reviews-__prefix__-slug" maxlength="30" data-prepopulated-from="id_reviews-__prefix__-reviewer"></td>
        <td data-inline-delete></td></tr></template>
    </div></form>`),
}

forEachDatabase('admin widget scripts in Chromium', () => {
  let server: Server
  let base = ''
  let browser: Browser | null = null

  before(async () => {
    if (!available) {
      if (process.env.CI === 'true') assert.fail(`Chromium is required in CI: ${CHROMIUM} is missing.`)
      return
    }
    setPasswordHashers([new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })])
    const routes = new URLResolver([
      path('accounts/', include([...authUrls])),
      path('admin/', site.urls),
      path('page/<str:name>/', (_request, { name }: { name: string }) => {
        const render = PAGES[name]
        return new HttpResponse(render === undefined ? 'no page' : render(), { status: render === undefined ? 404 : 200, headers: { 'content-type': 'text/html; charset=utf-8' } })
      }),
    ])
    setRootUrlconf(routes)
    await apps.ready()
    await migrate()
    await User.objects.create({ username: 'root', password: await makePassword(PASSWORD), isStaff: true, isSuperuser: true })
    for (let i = 1; i <= 30; i++) await Author.objects.create({ name: `Writer ${String(i).padStart(2, '0')}` })
    await Author.objects.create({ name: 'Ada Lovelace' })
    const tango = createNodeListener(await createHandler({
      resolver: routes, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware],
    }))
    server = createServer((req, res) => {
      const match = /^\/static\/admin\/js\/([\w-]+\.js)$/.exec(req.url ?? '')
      if (match?.[1] !== undefined && SERVED_SCRIPTS.has(match[1])) {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' })
        res.end(readFileSync(`${JS_DIR}${match[1]}`))
        return
      }
      tango(req, res)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
  })

  after(async () => {
    await browser?.close()
    if (available) await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  async function logIn(p: Page): Promise<void> {
    await p.goto(`${base}/accounts/login/`)
    await p.fill('input[name="username"]', 'root')
    await p.fill('input[name="password"]', PASSWORD)
    await Promise.all([p.waitForNavigation(), p.press('input[name="password"]', 'Enter')])
  }

  async function open(name: string): Promise<Page> {
    assert.ok(browser)
    const p = await browser.newPage()
    const errors: string[] = []
    p.on('pageerror', (error) => errors.push(error.message))
    await p.goto(`${base}/page/${name}/`)
    await p.waitForFunction('document.readyState === "complete"')
    assert.deepEqual(errors, [])
    return p
  }

  test('prepopulate: the slug follows the title as you type (accents, stop characters, maxlength) until the slug is edited', { skip: !available }, async () => {
    const p = await open('prepopulate')
    await p.locator('#id_title').pressSequentially('Crème Brûlée: ça va?  Straße')
    assert.equal(await p.inputValue('#id_slug'), 'creme-brulee-ca-va-s') // 20 characters at most, no trailing hyphen
    assert.equal(await p.inputValue('#id_kept'), 'existing', 'a slug filled on load is never overwritten')
    await p.fill('#id_title', '')
    await p.locator('#id_title').pressSequentially('  Hello, World -- Привет ')
    assert.equal(await p.inputValue('#id_slug'), 'hello-world-privet')
    await p.locator('#id_slug').press('End')
    await p.locator('#id_slug').pressSequentially('x')
    await p.locator('#id_title').pressSequentially(' more')
    assert.equal(await p.inputValue('#id_slug'), 'hello-world-privetx', 'typing in the slug stops the prepopulation')
    await p.close()
  })

  test('filter-horizontal: filter, choose and remove with the keyboard; the chosen options are what the form submits', { skip: !available }, async () => {
    const p = await open('filter')
    const fromTexts = (): Promise<string[]> => p.$$eval('#id_genres_from option:not([hidden])', (os) => os.map((o) => o.textContent ?? ''))
    const toTexts = (): Promise<string[]> => p.$$eval('#id_genres option', (os) => os.map((o) => o.textContent ?? ''))
    assert.deepEqual(await fromTexts(), ['Fantasy', 'Science', 'Science fiction'])
    assert.deepEqual(await toTexts(), ['History'])
    assert.equal(await p.getAttribute('label[for="id_genres_input"]', 'for'), 'id_genres_input', 'the field label names the filter box')
    await p.focus('#id_genres_input')
    await p.keyboard.type('sci fi')
    assert.deepEqual(await fromTexts(), ['Science fiction'])
    await p.keyboard.press('Enter') // one match: Enter chooses it
    assert.deepEqual(await toTexts(), ['History', 'Science fiction'])
    assert.equal(await p.inputValue('#id_genres_input'), '')
    await p.keyboard.type('sci')
    await p.keyboard.press('ArrowDown')
    await p.keyboard.press('Enter')
    assert.deepEqual(await toTexts(), ['History', 'Science', 'Science fiction'])
    // Back out of the chosen box with the keyboard: focus it, highlight History, ArrowLeft.
    await p.focus('#id_genres')
    await p.evaluate('for (const o of document.getElementById("id_genres").options) o.selected = o.text === "History"')
    await p.keyboard.press('ArrowLeft')
    assert.deepEqual(await toTexts(), ['Science', 'Science fiction'])
    await p.fill('#id_genres_input', '')
    await p.dispatchEvent('#id_genres_input', 'input')
    assert.deepEqual(await fromTexts(), ['Fantasy', 'History'])
    await p.click('button.selector-chooseall')
    const submitted = await p.evaluate('new FormData(document.getElementById("f")).getAll("genres")') as string[]
    assert.deepEqual([...submitted].sort(), ['1', '2', '3', '4'])
    await p.click('button.selector-clearall')
    assert.deepEqual(await toTexts(), [])
    await p.close()
  })

  test('autocomplete: an ARIA combobox that searches the real endpoint and is chosen by keyboard', { skip: !available }, async () => {
    assert.ok(browser)
    const p = await browser.newPage()
    await p.goto(`${base}/accounts/login/`)
    await p.fill('input[name="username"]', 'root')
    await p.fill('input[name="password"]', PASSWORD)
    await Promise.all([p.waitForNavigation(), p.press('input[name="password"]', 'Enter')])
    await p.goto(`${base}/page/autocomplete/`)
    const input = p.locator('#id_author_input')
    assert.equal(await input.getAttribute('role'), 'combobox')
    assert.equal(await input.getAttribute('aria-expanded'), 'false')
    assert.equal(await input.getAttribute('aria-controls'), 'id_author_listbox')
    assert.equal(await p.getAttribute('label[for="id_author_input"]', 'for'), 'id_author_input')
    assert.ok(await p.locator('#id_author').isHidden())
    await input.focus()
    await p.keyboard.type('writer 1')
    await p.waitForSelector('#id_author_listbox [role="option"]')
    assert.equal(await input.getAttribute('aria-expanded'), 'true')
    const texts = await p.$$eval('#id_author_listbox [role="option"]', (os) => os.map((o) => o.textContent))
    assert.deepEqual(texts, ['Writer 01', 'Writer 10', 'Writer 11', 'Writer 12', 'Writer 13', 'Writer 14', 'Writer 15', 'Writer 16', 'Writer 17', 'Writer 18', 'Writer 19', 'Writer 21'], 'every word matches ("1" is in "21")')
    await p.keyboard.press('ArrowDown')
    await p.keyboard.press('ArrowDown')
    assert.equal(await input.getAttribute('aria-activedescendant'), 'id_author_option_1')
    assert.equal(await p.getAttribute('#id_author_option_1', 'aria-selected'), 'true')
    await p.keyboard.press('Enter')
    assert.equal(await input.getAttribute('aria-expanded'), 'false')
    assert.equal(await input.inputValue(), 'Writer 10')
    const chosen = await Author.objects.get({ name: 'Writer 10' })
    assert.equal(await p.inputValue('#id_author'), String(chosen.pk))
    assert.equal(p.url(), `${base}/page/autocomplete/`, 'Enter chose an option and did not submit the form')
    // No match: the live region says so.
    await p.fill('#id_author_input', '')
    await input.pressSequentially('zzz')
    await p.waitForFunction('document.querySelector(".autocomplete-status")?.textContent === "No results found"')
    await p.keyboard.press('Escape')
    assert.equal(await input.getAttribute('aria-expanded'), 'false')
    await p.keyboard.press('Escape')
    assert.equal(await input.inputValue(), 'Writer 10', 'Escape on a closed list restores the chosen label')
    // More than 20 results: moving past the last option loads the next page.
    await p.fill('#id_author_input', '')
    await input.pressSequentially('writer')
    await p.waitForFunction('document.querySelectorAll("#id_author_listbox [role=option]").length === 20')
    for (let i = 0; i < 21; i++) await p.keyboard.press('ArrowDown')
    await p.waitForFunction('document.querySelectorAll("#id_author_listbox [role=option]").length === 30')
    await p.close()
  })

  test('related-object popup: "+" next to the author opens its add form in a popup; saving closes it and selects the new author', { skip: !available }, async () => {
    assert.ok(browser)
    const p = await browser.newPage()
    const errors: string[] = []
    p.on('pageerror', (error) => errors.push(error.message))
    await logIn(p)
    await p.goto(`${base}/admin/library/book/add/`)
    await p.waitForFunction('document.readyState === "complete"')
    assert.equal(await p.getAttribute('#change_id_author', 'aria-disabled'), 'true', 'no author chosen yet')
    const [popup] = await Promise.all([p.waitForEvent('popup'), p.getByRole('link', { name: 'Add another author' }).click()])
    popup.on('pageerror', (error) => errors.push(`popup: ${error.message}`))
    await popup.waitForLoadState()
    assert.equal(new URL(popup.url()).pathname, '/admin/library/author/add/')
    assert.equal(new URL(popup.url()).search, '?_to_field=id&_popup=1')
    assert.equal(await popup.evaluate('window.name'), 'id_author__1', 'the window is named after the widget')
    assert.equal(await popup.locator('#header').count(), 0, 'no header in a popup')
    await popup.fill('#id_name', 'Mary Shelley')
    await Promise.all([popup.waitForEvent('close'), popup.click('button[name="_save"]')])
    const mary = await Author.objects.get({ name: 'Mary Shelley' })
    assert.equal(await p.inputValue('#id_author'), String(mary.pk), 'the new author is selected in the opener')
    assert.equal(await p.inputValue('#id_author_input'), 'Mary Shelley', 'the combobox shows her')
    assert.equal(await p.getAttribute('#change_id_author', 'href'), `/admin/library/author/${String(mary.pk)}/change/?_to_field=id&_popup=1`, 'the change link follows the selection')
    assert.equal(await p.getAttribute('#change_id_author', 'aria-disabled'), null)
    assert.deepEqual(errors, [])
    await p.close()
  })

  test('inlines: "Add another" clones the empty form with the next index, up to MAX_NUM_FORMS; Remove renumbers and lowers TOTAL_FORMS', { skip: !available }, async () => {
    const p = await open('inlines')
    const total = (): Promise<string> => p.inputValue('#id_reviews-TOTAL_FORMS')
    const names = (): Promise<string[]> => p.$$eval('[data-inline-rows] input', (is) => is.map((i) => i.getAttribute('name') ?? ''))
    assert.equal(await p.locator('[data-inline-rows] .inline-deletelink').count(), 0, 'saved rows get no Remove button')
    const add = p.getByRole('button', { name: 'Add another Review' })
    await add.click()
    assert.equal(await total(), '2')
    assert.deepEqual(await names(), ['reviews-0-reviewer', 'reviews-1-reviewer', 'reviews-1-slug'])
    assert.equal(await p.evaluate('document.activeElement?.id'), 'id_reviews-1-reviewer', 'focus moves to the new row')
    assert.equal(await p.getAttribute('label[for="id_reviews-1-reviewer"]', 'for'), 'id_reviews-1-reviewer')
    await p.keyboard.type('Émile Zola')
    assert.equal(await p.inputValue('#id_reviews-1-slug'), 'emile-zola', 'widgets of an added row are set up (prepopulate)')
    await add.click()
    assert.equal(await total(), '3')
    assert.ok(await add.isHidden(), 'no add button at MAX_NUM_FORMS')
    await p.fill('#id_reviews-2-reviewer', 'third')
    await p.locator('[data-inline-rows] tr').nth(1).getByRole('button', { name: 'Remove' }).click()
    assert.equal(await total(), '2')
    assert.deepEqual(await names(), ['reviews-0-reviewer', 'reviews-1-reviewer', 'reviews-1-slug'])
    assert.equal(await p.inputValue('#id_reviews-1-reviewer'), 'third', 'the later row took index 1')
    assert.ok(await add.isVisible())
    await p.close()
  })
}, { vendors: ['sqlite'], settings: {
  SECRET_KEY: 'widgets-browser-secret-key-0123456789-abcdefgh', SESSION_ENGINE: 'db', REQUEST_LOGGING: false,
  INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp], ALLOWED_HOSTS: ['127.0.0.1', 'testserver'],
} })

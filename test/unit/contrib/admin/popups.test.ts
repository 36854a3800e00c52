// The admin's related-object popups through the real handler and middleware on every database:
// the links RelatedFieldWidgetWrapper draws next to relation fields (add, change, delete, view) and
// which the user's permissions on the related model allow, in the main form and in inline forms;
// the add/change/delete views in a popup (no header, `_popup`/`_to_field` kept through the POST, and
// the popup response page whose JSON, escaped, hands the object to the opener with no inline
// script); `_to_field` refused with 400 unless it is the primary key; and the change list as a
// lookup popup (rows carry data-popup-opener, no action bar).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apps } from 'tango/core'
import type { ModelInstance } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import { TestClient } from 'tango/test'
import { include, path } from 'tango/urls'
import sessionsApp from 'tango/contrib/sessions'
import messagesApp from 'tango/contrib/messages'
import authApp, { Argon2PasswordHasher, Permission, User, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { AdminSite, TabularInline } from 'tango/contrib/admin'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { PASSWORD, loggedInClient } from './login.ts'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book, Genre, Loan } from './fixtures/library/models.ts'

class BookInline extends TabularInline {
  static model = Book
  override extra = 1
  override fields = ['title', 'slug', 'genres']
}

const site = new AdminSite('admin')
site.register(Author, { listDisplay: ['name'], searchFields: ['name'], inlines: [BookInline] })
site.register(Genre, {})
site.register(Book, { fields: ['title', 'slug', 'author', 'genres', 'format', 'pages'], filterHorizontal: ['genres'] })
site.register(Loan, {})

const routes = async () => ({ urlpatterns: [path('admin/', include(site.urls))] })

function loggedIn(username: string): Promise<TestClient> {
  return loggedInClient(username, { loginPath: '/admin/login/' })
}

/** The `<a>` with this id, or `null`. */
function linkById(html: string, id: string): string | null {
  return new RegExp(`<a [^>]*id="${id}"[^>]*>.*?</a>`).exec(html)?.[0] ?? null
}

/** Decodes an attribute value as a browser does (named entities the template writes, and numeric ones such as `&#92;`). */
function unescapeHtml(text: string): string {
  const named: Record<string, string> = { quot: '"', lt: '<', gt: '>', amp: '&', apos: "'" }
  return text.replace(/&(#\d+|\w+);/g, (all, ref: string) => (ref.startsWith('#') ? String.fromCharCode(Number(ref.slice(1))) : named[ref] ?? all))
}

/** The JSON a popup response page hands to the opener, after checking the page runs no inline script. */
function popupData(html: string): Record<string, string> {
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
  assert.equal(scripts.length, 1, html)
  assert.match(scripts[0] ?? '', /src="\/static\/admin\/js\/popup-response\.js"/)
  assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/, 'no inline script')
  const attr = /data-popup-response="([^"]*)"/.exec(html)?.[1]
  assert.ok(attr !== undefined, html)
  return JSON.parse(unescapeHtml(attr)) as Record<string, string>
}

forEachDatabase('admin related-object popups', () => {
  let ada: ModelInstance
  let book: ModelInstance

  before(async () => {
    setPasswordHashers([new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })])
    await apps.ready()
    await migrate()
    const password = await makePassword(PASSWORD)
    await User.objects.create({ username: 'root', password, isStaff: true, isSuperuser: true })
    // May add and change books and see authors, but add, change or delete neither authors nor genres.
    const clerk = await User.objects.create({ username: 'clerk', password, isStaff: true })
    const perms = await Permission.objects.filter({ codename__in: ['add_book', 'change_book', 'view_book', 'view_author'] })
    await (clerk as unknown as { userPermissions: { add(...rows: unknown[]): Promise<void> } }).userPermissions.add(...perms)
    ada = await Author.objects.create({ name: 'Ada Lovelace' }) as unknown as ModelInstance
    book = await Book.objects.create({ title: 'Notes', slug: 'notes', authorId: ada.pk }) as unknown as ModelInstance
  }, { timeout: 60_000 })
  after(() => setPasswordHashers(null))

  describe('RelatedFieldWidgetWrapper', () => {
    test('a superuser gets "+", change and view links next to a foreign key, and no delete link for a CASCADE one', async () => {
      const c = await loggedIn('root')
      const html = (await c.get('/admin/library/book/add/')).text()
      assert.match(html, /<div class="related-widget-wrapper" data-model-ref="author"><select name="author"[^>]* data-context="available-source"/)
      const add = linkById(html, 'add_id_author')
      assert.ok(add, 'the "+" link')
      assert.match(add, /href="\/admin\/library\/author\/add\/\?_to_field=id&amp;_popup=1"/)
      assert.match(add, /data-popup="yes"/)
      assert.match(add, /title="Add another author"/)
      assert.match(add, /<img src="\/static\/admin\/img\/icon-addlink\.svg" alt=""[^>]*><span class="visually-hidden">Add another author<\/span>/)
      const change = linkById(html, 'change_id_author')
      assert.ok(change)
      assert.match(change, /data-href-template="\/admin\/library\/author\/__fk__\/change\/\?_to_field=id&amp;_popup=1"/)
      assert.match(change, /aria-disabled="true"/, 'nothing selected yet')
      assert.doesNotMatch(change, /href="\//)
      assert.match(change, /<span class="visually-hidden">Change selected author<\/span>/)
      const view = linkById(html, 'view_id_author')
      assert.ok(view)
      assert.match(view, /data-href-template="\/admin\/library\/author\/__fk__\/change\/\?_to_field=id"/)
      assert.doesNotMatch(view, /data-popup/, 'the view link opens in the same window, as Django')
      assert.equal(linkById(html, 'delete_id_author'), null, 'deleting the author would delete this book (CASCADE)')
      // Many-to-many: only "+" (the other links follow a single value), around the two-box chooser.
      assert.ok(linkById(html, 'add_id_genres'))
      assert.match(html, /<div class="related-widget-wrapper" data-model-ref="genre"><select name="genres"[^>]* class="selectfilter"/)
      for (const kind of ['change', 'view', 'delete']) assert.equal(linkById(html, `${kind}_id_genres`), null, kind)
      assert.match(html, /<script src="\/static\/admin\/js\/related-object-lookups\.js" defer><\/script>/)
    })

    test('the change and view links point at the selected object from the start; a PROTECT foreign key gets a delete link', async () => {
      const c = await loggedIn('root')
      const html = (await c.get(`/admin/library/book/${String(book.pk)}/change/`)).text()
      assert.match(linkById(html, 'change_id_author') ?? '', new RegExp(` href="/admin/library/author/${String(ada.pk)}/change/\\?_to_field=id&amp;_popup=1"`))
      assert.match(linkById(html, 'view_id_author') ?? '', new RegExp(` href="/admin/library/author/${String(ada.pk)}/change/\\?_to_field=id"`))
      const loan = (await c.get('/admin/library/loan/add/')).text()
      const del = linkById(loan, 'delete_id_book')
      assert.ok(del, 'Loan.book is PROTECT')
      assert.match(del, /data-href-template="\/admin\/library\/book\/__fk__\/delete\/\?_to_field=id&amp;_popup=1"/)
      assert.match(del, /title="Delete selected book"/)
    })

    test('links follow the permissions on the related model: no "+" without its add permission', async () => {
      const c = await loggedIn('clerk')
      const page = await c.get('/admin/library/book/add/')
      assert.equal(page.status, 200)
      const html = page.text()
      assert.equal(linkById(html, 'add_id_author'), null, 'no add_author permission')
      assert.equal(linkById(html, 'change_id_author'), null, 'no change_author permission')
      assert.ok(linkById(html, 'view_id_author'), 'view_author allows the view link')
      for (const kind of ['add', 'change', 'view', 'delete']) assert.equal(linkById(html, `${kind}_id_genres`), null, `no permission on genres: ${kind}`)
      assert.match(html, /<div class="related-widget-wrapper" data-model-ref="genre">/, 'still wrapped, without links')
    })

    test('inline forms get the links too, with the row\'s id (and __prefix__ in the empty form)', async () => {
      const c = await loggedIn('root')
      const html = (await c.get(`/admin/library/author/${String(ada.pk)}/change/`)).text()
      assert.ok(linkById(html, 'add_id_books-0-genres'), html.slice(0, 200))
      assert.ok(linkById(html, 'add_id_books-1-genres'), 'the extra form')
      assert.ok(linkById(html, 'add_id_books-__prefix__-genres'), 'the empty form inlines.js clones')
    })
  })

  describe('views in a popup', () => {
    test('the add form in a popup: no header, no "save and …" buttons, _popup and _to_field kept as hidden inputs', async () => {
      const c = await loggedIn('root')
      const page = await c.get('/admin/library/author/add/?_to_field=id&_popup=1')
      assert.equal(page.status, 200)
      const html = page.text()
      assert.doesNotMatch(html, /id="header"/)
      assert.doesNotMatch(html, /class="breadcrumbs"/)
      assert.match(html, /<input type="hidden" name="_popup" value="1">/)
      assert.match(html, /<input type="hidden" name="_to_field" value="id">/)
      assert.match(html, /name="_save"/)
      assert.doesNotMatch(html, /name="_continue"|name="_addanother"/)
    })

    test('a popup addition answers the popup response: the new object\'s value and label (escaped) for dismissAddRelatedObjectPopup', async () => {
      const c = await loggedIn('root')
      const name = 'Grace <b>"Hopper"</b> & Co'
      const response = await c.post('/admin/library/author/add/?_to_field=id&_popup=1', { name, email: '', born: '', _popup: '1', _to_field: 'id', _save: '1', ...inlineManagement() })
      assert.equal(response.status, 200, response.text().slice(0, 500))
      const html = response.text()
      assert.ok(!html.includes('<b>'), 'the label is escaped in the attribute')
      const created = await Author.objects.get({ name })
      assert.deepEqual(popupData(html), { value: String(created.pk), obj: name })
      assert.match(html, /<title>Popup closing…<\/title>/)
    })

    test('a popup change answers action "change" with the old and the new value; a popup deletion action "delete"', async () => {
      const c = await loggedIn('root')
      const author = await Author.objects.create({ name: 'Before' })
      const changed = await c.post(`/admin/library/author/${String(author.pk)}/change/?_to_field=id&_popup=1`, { name: 'After', email: '', born: '', _popup: '1', _to_field: 'id', _save: '1', ...inlineManagement() })
      assert.equal(changed.status, 200, changed.text().slice(0, 500))
      assert.deepEqual(popupData(changed.text()), { action: 'change', value: String(author.pk), obj: 'After', new_value: String(author.pk) })
      const genre = await Genre.objects.create({ name: 'Doomed' })
      const confirm = await c.get(`/admin/library/genre/${String(genre.pk)}/delete/?_to_field=id&_popup=1`)
      assert.equal(confirm.status, 200)
      assert.doesNotMatch(confirm.text(), /id="header"/)
      const deleted = await c.post(`/admin/library/genre/${String(genre.pk)}/delete/?_to_field=id&_popup=1`, { post: 'yes' })
      assert.equal(deleted.status, 200, deleted.text().slice(0, 500))
      assert.deepEqual(popupData(deleted.text()), { action: 'delete', value: String(genre.pk) })
      assert.equal(await Genre.objects.filter({ name: 'Doomed' }).count(), 0)
    })

    test('a _to_field other than the primary key is refused with 400 "The field X cannot be referenced."', async () => {
      const c = await loggedIn('root')
      const form = await c.get('/admin/library/author/add/?_to_field=name&_popup=1')
      assert.equal(form.status, 400)
      assert.match(form.text(), /The field name cannot be referenced\./)
      const before = await Author.objects.count()
      const post = await c.post('/admin/library/author/add/?_popup=1', { name: 'Sneaky', _popup: '1', _to_field: 'email', _save: '1' })
      assert.equal(post.status, 400)
      assert.equal(await Author.objects.count(), before, 'nothing saved')
      assert.equal((await c.get('/admin/library/author/?_popup=1&_to_field=email')).status, 400)
      assert.equal((await c.get('/admin/library/author/?_popup=1&_to_field=books')).status, 400)
      assert.equal((await c.get(`/admin/library/author/${String(ada.pk)}/delete/?_popup=1&_to_field=name`)).status, 400)
      assert.equal((await c.get('/admin/library/author/?_popup=1&_to_field=id')).status, 200)
    })

    test('the change list as a lookup popup: each row link carries data-popup-opener, no action bar, no header', async () => {
      const c = await loggedIn('root')
      const popup = await c.get('/admin/library/author/?_to_field=id&_popup=1')
      assert.equal(popup.status, 200)
      const html = popup.text()
      //       assert.match(html, new RegExp(`<a href="[^"]*/admin/library/author/${String(ada.pk)}/change/[^"]*" data-popup-opener="${String(ada.pk)}">Ada Lovelace</a>`))
      assert.doesNotMatch(html, /class="actions"|name="action"|action-select/)
      assert.doesNotMatch(html, /id="header"/)
      assert.match(html, /<script src="\/static\/admin\/js\/related-object-lookups\.js" defer><\/script>/)
      assert.match(html, /href="\/admin\/library\/author\/add\/\?_popup=1&amp;_to_field=id" class="addlink"/, 'adding from the lookup stays a popup')
      assert.match(html, /<input type="hidden" name="_popup" value="1">/, 'the search keeps the popup parameters')
      const plain = (await c.get('/admin/library/author/')).text()
      assert.doesNotMatch(plain, /data-popup-opener/)
      assert.match(plain, /name="action"/)
      assert.match(plain, /id="header"/)
    })
  })
}, {
  settings: {
    SECRET_KEY: 'admin-popups-test-secret-key-0123456789-abcdef',
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp],
    ROOT_URLCONF: routes,
  },
})

/** The management form of the author's book inline, with no rows. */
function inlineManagement(): Record<string, string> {
  return { 'books-TOTAL_FORMS': '0', 'books-INITIAL_FORMS': '0', 'books-MIN_NUM_FORMS': '0', 'books-MAX_NUM_FORMS': '1000' }
}

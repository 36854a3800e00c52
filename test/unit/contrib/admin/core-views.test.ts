// The admin's core views through the real handler (Session, Csrf, Authentication, Message
// middleware) on every database: login (staff only), logout, password change, the index with
// "Recent actions", the app index, add/change forms with every save button, inlines, read-only
// fields, fieldsets, delete with its cascade list and PROTECT refusal, history, the
// `<id>/` redirect, missing objects, and every permission path (superuser, view-only staff, staff
// without permissions, non-staff, anonymous). Escaping of <script> in reprs and values, and the CSRF
// field on every form.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apps } from 'tango/core'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { CsrfViewMiddleware } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { include, path } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import messagesApp, { MessageMiddleware } from 'tango/contrib/messages'
import authApp, { Argon2PasswordHasher, AuthenticationMiddleware, Group, Permission, User, checkPassword, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, {
  AdminSite, AlreadyRegistered, ModelAdmin, NotRegistered, StackedInline, TabularInline, changeMessageText, display, getLogEntryModel, site,
} from 'tango/contrib/admin'
import type { ModelInstance } from 'tango/db'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book, Genre, Loan, Review } from './fixtures/library/models.ts'
import { forEachDatabase } from '../../../helpers/databases.ts'

const cheap = new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })

class ReviewInline extends TabularInline {
  static model = Review
  override extra = 1
  override fields = ['reviewer', 'rating']
}
class LoanInline extends StackedInline {
  static model = Loan
  override extra = 0
}
const pageCount = display({ description: 'Length' }, (book: { pages: number }) => `${book.pages} pages`)
class BookAdmin extends ModelAdmin<typeof Book> {
  override fieldsets = [
    [null, { fields: ['title', 'slug', 'author'] }],
    ['Details', { fields: [['format', 'inPrint'], 'publishedDate', 'pages', 'genres', 'length'], classes: ['collapse'], description: 'About the book' }],
  ] as const
  override readonlyFields = [Object.defineProperty(pageCount, 'name', { value: 'length' })]
  override inlines = [ReviewInline, LoanInline]
  override saveAs = true
  override prepopulatedFields = { slug: ['title'] }
}
site.register(Book, BookAdmin)
site.register(Author, { listDisplay: ['name', 'email'], searchFields: ['name'] })
site.register([Genre, Review, Loan])

const routes = async () => ({ urlpatterns: [path('admin/', include(site.urls))] })

async function client(): Promise<TestClient> {
  return new TestClient(await createHandler({ middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware] }))
}

async function loggedIn(username: string): Promise<TestClient> {
  const c = await client()
  const response = await c.post('/admin/login/', { username, password: 'correct-horse-42', next: '/admin/' })
  assert.equal(response.status, 302, `login of ${username}: ${response.text().slice(0, 300)}`)
  return c
}

async function grant(username: string, ...codenames: string[]): Promise<void> {
  const user = await User.objects.get({ username })
  const perms = await Permission.objects.filter({ codename__in: codenames })
  await (user as unknown as { userPermissions: { add(...rows: unknown[]): Promise<void> } }).userPermissions.add(...perms)
}

/** The form fields of a change form page, for a POST that keeps them. */
function managementData(prefix: string, total: number, initial: number): Record<string, string> {
  return { [`${prefix}-TOTAL_FORMS`]: String(total), [`${prefix}-INITIAL_FORMS`]: String(initial), [`${prefix}-MIN_NUM_FORMS`]: '0', [`${prefix}-MAX_NUM_FORMS`]: '1000' }
}

forEachDatabase('admin core views', () => {
  let ada: ModelInstance
  before(async () => {
    setPasswordHashers([cheap])
    await apps.ready()
    await migrate()
    const password = await makePassword('correct-horse-42')
    await User.objects.create({ username: 'root', email: 'root@example.com', password, isStaff: true, isSuperuser: true })
    await User.objects.create({ username: 'viewer', password, isStaff: true })
    await User.objects.create({ username: 'nobody', password, isStaff: true })
    await User.objects.create({ username: 'plain', password })
    await grant('viewer', 'view_book', 'view_author')
    ada = await Author.objects.create({ name: 'Ada <script>alert(1)</script>' }) as unknown as ModelInstance
  }, { timeout: 60_000 })
  after(() => setPasswordHashers(null))

  describe('registry', () => {
    test('register twice raises AlreadyRegistered, unregister an unknown model NotRegistered; sites are separate', () => {
      assert.throws(() => site.register(Book), AlreadyRegistered)
      const other = new AdminSite('other')
      assert.throws(() => other.unregister(Book), NotRegistered)
      other.register(Book, { listDisplay: ['title'] })
      assert.equal(other.isRegistered(Book), true)
      assert.deepEqual(other.getModelAdmin(Book)?.listDisplay, ['title'])
      other.unregister(Book)
      assert.equal(other.isRegistered(Book), false)
      assert.equal(site.getModelAdmin(Book)?.listPerPage, 100)
    })

    test('the auth app registers User and Group through autodiscovery', () => {
      assert.ok(site.isRegistered(Group))
      assert.ok(site.isRegistered(User))
      assert.deepEqual(site.getModelAdmin(Group)?.filterHorizontal, ['permissions'])
    })
  })

  describe('login, logout and access', () => {
    test('anonymous users are redirected to the login page with next', async () => {
      const c = await client()
      for (const url of ['/admin/', '/admin/library/', '/admin/library/book/add/', '/admin/library/book/1/change/']) {
        const response = await c.get(url)
        assert.equal(response.status, 302, url)
        assert.equal(response.headers.get('location'), `/admin/login/?next=${url}`)
      }
    })

    test('the login page has a CSRF field, labels and Django\'s staff message for a non-staff user', async () => {
      const c = await client()
      const page = await c.get('/admin/login/?next=/admin/')
      assert.equal(page.status, 200)
      assert.match(page.text(), /name="csrfmiddlewaretoken"/)
      assert.match(page.text(), /<label for="id_username">/)
      assert.match(page.text(), /<a class="skip-to-content-link" href="#content-start">/)
      const refused = await c.post('/admin/login/', { username: 'plain', password: 'correct-horse-42' })
      assert.equal(refused.status, 200)
      assert.match(refused.text(), /Please enter the correct username and password for a staff account\. Note that both fields may be case-sensitive\./)
      const wrong = await c.post('/admin/login/', { username: 'root', password: 'nope' })
      assert.match(wrong.text(), /for a staff account/)
      assert.equal((await c.get('/admin/')).status, 302)
    })

    test('a staff user logs in, sees the index, and logs out by POST only', async () => {
      const c = await loggedIn('root')
      const index = await c.get('/admin/')
      assert.equal(index.status, 200)
      assert.match(index.text(), /Site administration/)
      assert.match(index.text(), /<main id="content-start"/)
      assert.match(index.text(), /href="\/admin\/library\/book\/"/)
      assert.match(index.text(), /href="\/admin\/auth\/user\/"/)
      assert.equal(index.headers.get('cache-control')?.includes('no-store'), true)
      assert.equal((await c.get('/admin/logout/')).status, 405)
      const out = await c.post('/admin/logout/')
      assert.equal(out.status, 200)
      assert.match(out.text(), /Log in again/)
      assert.equal((await c.get('/admin/')).status, 302)
    })

    test('a non-staff user who is logged in elsewhere still gets the login page', async () => {
      const c = await client()
      const page = await c.get('/admin/library/book/')
      assert.equal(page.status, 302)
    })

    test('staff without permissions: empty index, 403 on every model URL, 404 for an app index', async () => {
      const c = await loggedIn('nobody')
      const index = await c.get('/admin/')
      assert.equal(index.status, 200)
      assert.match(index.text(), /You don’t have permission to view or edit anything\./)
      const book = await Book.objects.create({ title: 'Secret', slug: 'secret', authorId: ada.pk as number })
      for (const url of ['/admin/library/book/add/', `/admin/library/book/${String(book.pk)}/change/`, `/admin/library/book/${String(book.pk)}/delete/`, `/admin/library/book/${String(book.pk)}/history/`, '/admin/library/book/999999/change/']) {
        const response = await c.get(url)
        assert.equal(response.status, 403, url)
        assert.ok(!response.text().includes('Secret'), url)
      }
      assert.equal((await c.post(`/admin/library/book/${String(book.pk)}/delete/`, { post: 'yes' })).status, 403)
      assert.ok(await Book.objects.filter({ id: book.id }).exists())
      assert.equal((await c.get('/admin/library/')).status, 404)
      await book.delete()
    })

    test('password change checks the old password and keeps the session', async () => {
      const c = await loggedIn('viewer')
      const form = await c.get('/admin/password_change/')
      assert.equal(form.status, 200)
      assert.match(form.text(), /name="csrfmiddlewaretoken"/)
      const bad = await c.post('/admin/password_change/', { oldPassword: 'wrong', newPassword1: 'another-horse-77', newPassword2: 'another-horse-77' })
      assert.equal(bad.status, 200)
      assert.match(bad.text(), /Your old password was entered incorrectly/)
      const ok = await c.post('/admin/password_change/', { oldPassword: 'correct-horse-42', newPassword1: 'another-horse-77', newPassword2: 'another-horse-77' })
      assert.equal(ok.status, 302)
      assert.equal(ok.headers.get('location'), '/admin/password_change/done/')
      assert.match((await c.get('/admin/password_change/done/')).text(), /Your password was changed\./)
      const user = await User.objects.get({ username: 'viewer' })
      assert.ok(await checkPassword('another-horse-77', user.password))
      user.password = await makePassword('correct-horse-42')
      await user.save()
    })
  })

  describe('add and change forms', () => {
    test('the add form renders fieldsets, labels, the inline management form, prepopulate data and CSRF', async () => {
      const c = await loggedIn('root')
      const page = await c.get('/admin/library/book/add/')
      assert.equal(page.status, 200)
      const html = page.text()
      assert.match(html, /<h1>Add book<\/h1>/)
      assert.match(html, /name="csrfmiddlewaretoken"/)
      assert.match(html, /<label for="id_title"[^>]*>Title:<\/label>/)
      assert.match(html, /<h2 id="fieldset-2-heading" class="fieldset-heading">Details<\/h2>/)
      assert.match(html, /About the book/)
      assert.match(html, /data-prepopulated-from="id_title"/)
      assert.match(html, /name="reviews-TOTAL_FORMS"/)
      assert.match(html, /name="loans-TOTAL_FORMS"/)
      assert.match(html, /name="reviews-0-reviewer"/)
      assert.match(html, /reviews-__prefix__-reviewer/)
      assert.match(html, /name="_save"/)
      assert.match(html, /name="_continue"/)
      assert.match(html, /name="_addanother"/)
      assert.doesNotMatch(html, /name="_saveasnew"/)
      assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
      assert.ok(!html.includes('<script>alert(1)</script>'))
    })

    test('errors are shown beside each field and summarised in an aria-live region; nothing is saved', async () => {
      const c = await loggedIn('root')
      const response = await c.post('/admin/library/book/add/', {
        title: '', slug: 'x', author: String(ada.pk), format: 'paperback', pages: '1', ...managementData('reviews', 0, 0), ...managementData('loans', 0, 0), _save: '1',
      })
      assert.equal(response.status, 200)
      const html = response.text()
      assert.match(html, /<div id="form-errors" aria-live="assertive">\s*<p class="errornote" role="alert">Please correct the error below\.<\/p>/)
      assert.match(html, /<ul class="errorlist" id="id_title_error"><li>This field is required\.<\/li><\/ul>/)
      assert.match(html, /aria-describedby="id_title_error"/)
      assert.match(html, /aria-invalid="true"/)
      assert.equal(await Book.objects.filter({ slug: 'x' }).exists(), false)
    })

    test('"Save" creates the book with two inline reviews, logs Django\'s JSON and redirects', async () => {
      const c = await loggedIn('root')
      const genre = await Genre.objects.create({ name: 'Poetry' })
      const response = await c.post('/admin/library/book/add/', {
        title: 'Notes <b>on</b> engines', slug: 'notes', author: String(ada.pk), format: 'ebook', pages: '40', genres: String(genre.pk),
        ...managementData('reviews', 2, 0), 'reviews-0-reviewer': 'Bab', 'reviews-0-rating': '5', 'reviews-1-reviewer': 'Cyd', 'reviews-1-rating': '4',
        ...managementData('loans', 0, 0), _save: '1',
      })
      assert.equal(response.status, 302, response.text().slice(0, 2000))
      assert.equal(response.headers.get('location'), '/admin/library/book/')
      const book = await Book.objects.get({ slug: 'notes' })
      assert.equal(book.format, 'ebook')
      assert.deepEqual((await book.genres.all()).map((g) => g.name), ['Poetry'])
      assert.deepEqual((await Review.objects.filter({ bookId: book.id }).orderBy('reviewer')).map((r) => r.reviewer), ['Bab', 'Cyd'])
      const entry = await getLogEntryModel().objects.filter({ objectId: String(book.id), model: 'book' }).first()
      assert.ok(entry)
      assert.equal(entry.actionFlag, 1)
      assert.deepEqual(JSON.parse(entry.changeMessage), [{ added: {} }, { added: { name: 'review', object: 'Bab (5)' } }, { added: { name: 'review', object: 'Cyd (4)' } }])
      assert.equal(changeMessageText(entry.changeMessage), 'Added. Added review “Bab (5)”. Added review “Cyd (4)”.')
    })

    test('the change form shows the read-only field as text, "View on site", History; save variants redirect as Django', async () => {
      const c = await loggedIn('root')
      const book = await Book.objects.get({ slug: 'notes' })
      const url = `/admin/library/book/${String(book.id)}/change/`
      const page = await c.get(url)
      assert.equal(page.status, 200)
      const html = page.text()
      assert.match(html, /<div class="readonly" aria-labelledby="readonly_length_label">40 pages<\/div>/)
      assert.match(html, /Notes &lt;b&gt;on&lt;\/b&gt; engines/)
      assert.match(html, new RegExp(`href="/admin/r/library/book/${String(book.id)}/"`))
      assert.match(html, /name="_saveasnew"/)
      assert.match(html, /class="historylink"/)
      // As Django: a "Delete" checkbox on each saved inline row only; unsaved rows get the script's Remove button.
      assert.match(html, /name="reviews-0-DELETE"/)
      assert.match(html, /name="reviews-1-DELETE"/)
      assert.match(html, /name="reviews-2-reviewer"/)
      assert.doesNotMatch(html, /name="reviews-2-DELETE"/)
      const reviews = await Review.objects.filter({ bookId: book.id }).orderBy('id')
      const base = {
        title: 'Notes on engines', slug: 'notes', author: String(ada.pk), format: 'ebook', pages: '41', genres: String((await book.genres.all())[0]?.pk),
        ...managementData('reviews', 3, 2),
        'reviews-0-id': String(reviews[0]?.id), 'reviews-0-reviewer': 'Bab', 'reviews-0-rating': '3',
        'reviews-1-id': String(reviews[1]?.id), 'reviews-1-reviewer': 'Cyd', 'reviews-1-rating': '4', 'reviews-1-DELETE': 'on',
        'reviews-2-reviewer': '', 'reviews-2-rating': '3',
        ...managementData('loans', 0, 0),
      }
      const cont = await c.post(url, { ...base, _continue: '1' })
      assert.equal(cont.status, 302, cont.text().slice(0, 3000))
      assert.equal(cont.headers.get('location'), url)
      const followed = await c.get(url)
      assert.match(followed.text(), /The book “Notes on engines” was changed successfully\. You may edit it again below\./)
      const entry = await getLogEntryModel().objects.filter({ objectId: String(book.id), model: 'book', actionFlag: 2 }).first()
      assert.ok(entry)
      assert.deepEqual(JSON.parse(entry.changeMessage), [
        { changed: { fields: ['Title', 'Pages'] } },
        { changed: { name: 'review', object: 'Bab (3)', fields: ['Rating'] } },
        { deleted: { name: 'review', object: 'Cyd (4)' } },
      ])
      assert.deepEqual((await Review.objects.filter({ bookId: book.id })).map((r) => r.reviewer), ['Bab'])
      const another = await c.post(url, { ...base, ...managementData('reviews', 1, 1), 'reviews-1-DELETE': '', _addanother: '1' })
      assert.equal(another.headers.get('location'), '/admin/library/book/add/')
      const asNew = await c.post(url, { ...base, ...managementData('reviews', 1, 1), slug: 'notes-2', _saveasnew: '1' })
      assert.equal(asNew.status, 302)
      const copy = await Book.objects.get({ slug: 'notes-2' })
      assert.notEqual(copy.id, book.id)
      assert.equal(asNew.headers.get('location'), `/admin/library/book/${String(copy.id)}/change/`)
      const added = await c.post('/admin/library/book/add/', {
        title: 'Another', slug: 'another', author: String(ada.pk), format: 'ebook', pages: '1', ...managementData('reviews', 0, 0), ...managementData('loans', 0, 0), _addanother: '1',
      })
      assert.equal(added.headers.get('location'), '/admin/library/book/add/')
    })

    test('"View on site" redirects to getAbsoluteUrl(); <id>/ redirects to the change page', async () => {
      const c = await loggedIn('root')
      const book = await Book.objects.get({ slug: 'notes' })
      const site2 = await c.get(`/admin/r/library/book/${String(book.id)}/`)
      assert.equal(site2.status, 302)
      assert.equal(site2.headers.get('location'), '/books/notes/')
      const bare = await c.get(`/admin/library/book/${String(book.id)}/`)
      assert.equal(bare.status, 302)
      assert.equal(bare.headers.get('location'), `/admin/library/book/${String(book.id)}/change/`)
    })

    test('a missing object: Django\'s message and a redirect to the change list', async () => {
      const c = await loggedIn('root')
      const response = await c.get('/admin/library/book/987654/change/')
      assert.equal(response.status, 302)
      assert.equal(response.headers.get('location'), '/admin/library/book/')
      const c2 = await loggedIn('root')
      const bad = await c2.get('/admin/library/author/not-a-number/change/')
      assert.equal(bad.status, 302)
      const index = await c2.get('/admin/')
      assert.match(index.text(), /Author with ID “not-a-number” doesn’t exist\. Perhaps it was deleted\?/)
    })

    test('view-only staff: the form is read-only text, no save buttons, POST is 403', async () => {
      const c = await loggedIn('viewer')
      const book = await Book.objects.get({ slug: 'notes' })
      const url = `/admin/library/book/${String(book.id)}/change/`
      const page = await c.get(url)
      assert.equal(page.status, 200)
      const html = page.text()
      assert.match(html, /<h1>View book<\/h1>/)
      assert.doesNotMatch(html, /name="title"/)
      assert.doesNotMatch(html, /name="_save"/)
      assert.match(html, /<div class="readonly"[^>]*>Notes on engines<\/div>/)
      assert.equal((await c.post(url, { title: 'Hacked', _save: '1' })).status, 403)
      assert.equal((await Book.objects.get({ id: book.id })).title, 'Notes on engines')
      assert.equal((await c.get('/admin/library/book/add/')).status, 403)
      assert.equal((await c.get(`/admin/library/book/${String(book.id)}/delete/`)).status, 403)
      const history = await c.get(`/admin/library/book/${String(book.id)}/history/`)
      assert.equal(history.status, 200)
      const index = await c.get('/admin/')
      assert.match(index.text(), /class="viewlink"/)
      assert.doesNotMatch(index.text(), /href="\/admin\/library\/book\/add\/"/)
      assert.doesNotMatch(index.text(), /href="\/admin\/auth\//)
      const appIndex = await c.get('/admin/library/')
      assert.equal(appIndex.status, 200)
      assert.match(appIndex.text(), /Library administration/)
    })
  })

  describe('history and recent actions', () => {
    test('the history page lists who changed what, oldest first; the index lists the user\'s own actions', async () => {
      const c = await loggedIn('root')
      const book = await Book.objects.get({ slug: 'notes' })
      const page = await c.get(`/admin/library/book/${String(book.id)}/history/`)
      assert.equal(page.status, 200)
      const html = page.text()
      const added = html.indexOf('Added. Added review')
      const changed = html.indexOf('Changed Title and Pages.')
      assert.ok(added > 0 && changed > added, html.slice(0, 200))
      assert.match(html, /<td>root<\/td>/)
      const index = await c.get('/admin/')
      assert.match(index.text(), /Recent actions/)
      assert.match(index.text(), new RegExp(`href="/admin/library/book/${String(book.id)}/change/">Notes on engines</a>`))
      const viewer = await loggedIn('viewer')
      assert.match((await viewer.get('/admin/')).text(), /None available/)
    })
  })

  describe('delete', () => {
    test('the confirmation lists every object the cascade removes; POST deletes and logs', async () => {
      const c = await loggedIn('root')
      const author = await Author.objects.create({ name: 'Cascade Author' })
      const book = await Book.objects.create({ title: 'Doomed <i>book</i>', slug: 'doomed', authorId: author.id })
      await Review.objects.create({ bookId: book.id, reviewer: 'Eve', rating: 1 })
      const url = `/admin/library/author/${String(author.id)}/delete/`
      const page = await c.get(url)
      assert.equal(page.status, 200, page.text().slice(0, 3000))
      const html = page.text()
      assert.match(html, /Are you sure you want to delete the author “Cascade Author”\?/)
      assert.match(html, /Author: <a href="\/admin\/library\/author\/\d+\/change\/">Cascade Author<\/a>/)
      assert.match(html, /Book: <a href="[^"]+">Doomed &lt;i&gt;book&lt;\/i&gt;<\/a>/)
      assert.match(html, /Review: <a href="[^"]+">Eve \(1\)<\/a>/)
      assert.match(html, /<li>Books: 1<\/li>/)
      assert.match(html, /name="csrfmiddlewaretoken"/)
      const done = await c.post(url, { post: 'yes' })
      assert.equal(done.status, 302)
      assert.equal(done.headers.get('location'), '/admin/library/author/')
      assert.equal(await Author.objects.filter({ id: author.id }).exists(), false)
      assert.equal(await Review.objects.filter({ reviewer: 'Eve' }).exists(), false)
      const entry = await getLogEntryModel().objects.filter({ model: 'author', objectId: String(author.id), actionFlag: 3 }).first()
      assert.equal(entry?.objectRepr, 'Cascade Author')
    })

    test('a PROTECT foreign key: the page lists the protected objects and POST deletes nothing', async () => {
      const c = await loggedIn('root')
      const author = await Author.objects.create({ name: 'Protected Author' })
      const book = await Book.objects.create({ title: 'On loan', slug: 'on-loan', authorId: author.id })
      await Loan.objects.create({ bookId: book.id, borrower: 'Fay' })
      const url = `/admin/library/book/${String(book.id)}/delete/`
      const page = await c.get(url)
      assert.equal(page.status, 200)
      assert.match(page.text(), /would require deleting the following protected related objects:/)
      assert.match(page.text(), /Loan: <a href="[^"]+">Loan to Fay<\/a>/)
      assert.doesNotMatch(page.text(), /Yes, I’m sure/)
      await c.post(url, { post: 'yes' })
      assert.ok(await Book.objects.filter({ id: book.id }).exists())
    })

    test('a user who may delete books but not reviews is told which types block the deletion', async () => {
      await grant('nobody', 'delete_book', 'view_book')
      const c = await loggedIn('nobody')
      const book = await Book.objects.create({ title: 'Reviewed', slug: 'reviewed', authorId: ada.pk as number })
      await Review.objects.create({ bookId: book.id, reviewer: 'Gus', rating: 2 })
      const page = await c.get(`/admin/library/book/${String(book.id)}/delete/`)
      assert.equal(page.status, 200)
      assert.match(page.text(), /your account doesn't have permission to delete the following types of objects:/)
      assert.match(page.text(), /<li>review<\/li>/)
      await c.post(`/admin/library/book/${String(book.id)}/delete/`, { post: 'yes' })
      assert.ok(await Book.objects.filter({ id: book.id }).exists())
    })
  })

  describe('the user admin', () => {
    test('the user change form never shows the hash; the password form changes it and logs the change', async () => {
      const c = await loggedIn('root')
      const plain = await User.objects.get({ username: 'plain' })
      const page = await c.get(`/admin/auth/user/${String(plain.id)}/change/`)
      assert.equal(page.status, 200, page.text().slice(0, 2000))
      const html = page.text()
      assert.ok(!html.includes(plain.password), 'the encoded hash is not on the page')
      assert.ok(!html.includes(plain.password.split('$').at(-1) ?? 'none'), 'nor its last part')
      assert.match(html, /algorithm: argon2/)
      assert.match(html, /<a href="\.\.\/password\/">this form<\/a>/)
      assert.doesNotMatch(html, /name="password"/)
      const form = await c.get(`/admin/auth/user/${String(plain.id)}/password/`)
      assert.equal(form.status, 200)
      assert.match(form.text(), /name="csrfmiddlewaretoken"/)
      const mismatch = await c.post(`/admin/auth/user/${String(plain.id)}/password/`, { newPassword1: 'brand-new-pass-9', newPassword2: 'other-new-pass-9' })
      assert.equal(mismatch.status, 200)
      assert.match(mismatch.text(), /didn’t match/)
      const ok = await c.post(`/admin/auth/user/${String(plain.id)}/password/`, { newPassword1: 'brand-new-pass-9', newPassword2: 'brand-new-pass-9' })
      assert.equal(ok.status, 302)
      assert.equal(ok.headers.get('location'), `/admin/auth/user/${String(plain.id)}/change/`)
      assert.ok(await checkPassword('brand-new-pass-9', (await User.objects.get({ id: plain.id })).password))
    })

    test('the add form takes two passwords and stores a hash', async () => {
      const c = await loggedIn('root')
      const page = await c.get('/admin/auth/user/add/')
      assert.equal(page.status, 200)
      assert.match(page.text(), /name="password1"/)
      const mismatch = await c.post('/admin/auth/user/add/', { username: 'newbie', password1: 'brand-new-pass-9', password2: 'x', _save: '1' })
      assert.equal(mismatch.status, 200)
      const ok = await c.post('/admin/auth/user/add/', { username: 'newbie', password1: 'brand-new-pass-9', password2: 'brand-new-pass-9', _continue: '1' })
      assert.equal(ok.status, 302, ok.text().slice(0, 2000))
      const newbie = await User.objects.get({ username: 'newbie' })
      assert.ok(await checkPassword('brand-new-pass-9', newbie.password))
      assert.equal(ok.headers.get('location'), `/admin/auth/user/${String(newbie.id)}/change/`)
    })
  })
}, {
  settings: {
    SECRET_KEY: 'admin-core-test-secret-key-0123456789-abcdef',
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp],
    ROOT_URLCONF: routes,
  },
})

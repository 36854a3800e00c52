// The admin's add/change form beyond the basics, through the real handler and middleware on every
// database: autocomplete and raw-id widgets load only the selected related rows (never every author
// or genre: one `IN` query per field), show the selected labels, save another valid key and reject
// a key that does not exist; a plain <select> still lists every row. "Save as new" copies the
// submitted inline rows as new rows of the new object (Django's `save_as_new`), skips rows marked
// for deletion, leaves the original's rows alone, and a failed one re-renders with nothing saved.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { apps } from 'tango/core'
import { captureQueries } from 'tango/db'
import type { ModelInstance } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import { TestClient } from 'tango/test'
import { include, path } from 'tango/urls'
import sessionsApp from 'tango/contrib/sessions'
import messagesApp from 'tango/contrib/messages'
import authApp, { Permission, User, authUrls, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { AdminSite, ModelAdmin, TabularInline } from 'tango/contrib/admin'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { PASSWORD, cheapHasher, loggedInClient } from './login.ts'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book, Genre, Review } from './fixtures/library/models.ts'

const BOOK_FIELDS = ['title', 'slug', 'author', 'genres', 'format', 'pages']

const autoSite = new AdminSite('extra_auto')
autoSite.register(Author, { searchFields: ['name'] })
autoSite.register(Genre, { searchFields: ['name'] })
autoSite.register(Book, { fields: BOOK_FIELDS, autocompleteFields: ['author', 'genres'] })

const rawSite = new AdminSite('extra_raw')
rawSite.register(Author, {})
rawSite.register(Genre, {})
rawSite.register(Book, { fields: BOOK_FIELDS, rawIdFields: ['author', 'genres'] })

const plainSite = new AdminSite('extra_plain')
plainSite.register(Book, { fields: BOOK_FIELDS })

class ReviewInline extends TabularInline {
  static model = Review
  override extra = 1
  override fields = ['reviewer', 'rating', 'text']
}
class CopyBookAdmin extends ModelAdmin<typeof Book> {
  override fields = BOOK_FIELDS
  override inlines = [ReviewInline]
  override saveAs = true
}
const copySite = new AdminSite('extra_copy')
copySite.register(Book, CopyBookAdmin)

const routes = async () => ({
  urlpatterns: [
    path('accounts/', include([...authUrls])),
    path('auto/', include(autoSite.urls)), path('raw/', include(rawSite.urls)),
    path('plain/', include(plainSite.urls)), path('copy/', include(copySite.urls)),
  ],
})

const INVALID_CHOICE = 'Select a valid choice. That choice is not one of the available choices.'

function loggedIn(username = 'root'): Promise<TestClient> {
  return loggedInClient(username)
}

function managementData(prefix: string, total: number, initial: number): Record<string, string> {
  return { [`${prefix}-TOTAL_FORMS`]: String(total), [`${prefix}-INITIAL_FORMS`]: String(initial), [`${prefix}-MIN_NUM_FORMS`]: '0', [`${prefix}-MAX_NUM_FORMS`]: '1000' }
}

/** The SELECTs that read `table`, from the statements a request ran. */
function selectsFrom(queries: readonly { sql: string }[], table: string): string[] {
  return queries.map((q) => q.sql).filter((sql) => /^\s*select/i.test(sql) && new RegExp(`from\\s+"${table}"`, 'i').test(sql))
}

/** Asserts that every SELECT on `table` has a WHERE (no query loads the whole table), and returns them. */
function assertNoFullScan(queries: readonly { sql: string }[], table: string): string[] {
  const selects = selectsFrom(queries, table)
  for (const sql of selects) assert.match(sql, /\bwhere\b/i, `a query loaded every row of ${table}: ${sql}`)
  return selects
}

forEachDatabase('admin change form: selected-only choices and "Save as new" with inlines', () => {
  const authors: ModelInstance[] = []
  const genres: ModelInstance[] = []
  let book: ModelInstance

  before(async () => {
    setPasswordHashers([cheapHasher])
    await apps.ready()
    await migrate()
    const password = await makePassword(PASSWORD)
    await User.objects.create({ username: 'root', password, isStaff: true, isSuperuser: true })
    // May copy a book but not add reviews: "Save as new" must not create any.
    const editor = await User.objects.create({ username: 'editor', password, isStaff: true })
    const perms = await Permission.objects.filter({ codename__in: ['add_book', 'change_book', 'view_book', 'change_review', 'view_review'] })
    await (editor as unknown as { userPermissions: { add(...rows: unknown[]): Promise<void> } }).userPermissions.add(...perms)
    for (let i = 1; i <= 50; i++) authors.push(await Author.objects.create({ name: `Author ${String(i).padStart(2, '0')}` }) as unknown as ModelInstance)
    for (let i = 1; i <= 10; i++) genres.push(await Genre.objects.create({ name: `Genre ${String(i).padStart(2, '0')}` }) as unknown as ModelInstance)
    book = await Book.objects.create({ title: 'Selected', slug: 'selected', authorId: authors[6]?.pk }) as unknown as ModelInstance
    await (book as unknown as { genres: { add(...rows: unknown[]): Promise<void> } }).genres.add(genres[1], genres[4])
  }, { timeout: 60_000 })

  const pk = (row: ModelInstance | undefined): string => String(row?.pk)
  const bookData = (overrides: Record<string, string | string[]>): Record<string, string | string[]> => ({
    title: 'Selected', slug: 'selected', format: 'paperback', pages: '0', ...overrides,
  })

  async function reloadBook(): Promise<{ authorId: unknown; genres: string[] }> {
    const row = await Book.objects.get({ pk: Number(book.pk) })
    const rows = await (row as unknown as { genres: { all(): PromiseLike<ModelInstance[]> } }).genres.all()
    return { authorId: row.authorId, genres: rows.map((g) => String(g.pk)).sort() }
  }

  describe('autocomplete fields', () => {
    test('the change page queries only the selected author and genres and shows their labels', async () => {
      const c = await loggedIn()
      const { result: response, queries } = await captureQueries(() => c.get(`/auto/library/book/${String(book.pk)}/change/`))
      assert.equal(response.status, 200)
      const html = response.text()
      const authorSelects = assertNoFullScan(queries, 'library_author')
      assert.equal(authorSelects.length, 1, 'one query for the selected author')
      const authorQuery = queries.find((q) => q.sql === authorSelects[0])
      assert.ok(authorQuery?.params.map(String).includes(pk(authors[6])), 'the query asks for the selected key')
      assert.equal(assertNoFullScan(queries, 'library_genre').length >= 1, true)
      assert.match(html, new RegExp(`<option value="${pk(authors[6])}" selected>Author 07</option>`))
      assert.doesNotMatch(html, /Author 08/)
      assert.match(html, new RegExp(`<option value="${pk(genres[1])}" selected>Genre 02</option>`))
      assert.match(html, new RegExp(`<option value="${pk(genres[4])}" selected>Genre 05</option>`))
      assert.doesNotMatch(html, /Genre 01|Genre 03/)
      assert.match(html, /class="admin-autocomplete"/)
    })

    test('the add page runs no query on the related tables at all', async () => {
      const c = await loggedIn()
      const { result: response, queries } = await captureQueries(() => c.get('/auto/library/book/add/'))
      assert.equal(response.status, 200)
      assert.deepEqual(selectsFrom(queries, 'library_author'), [])
      assert.deepEqual(selectsFrom(queries, 'library_genre'), [])
    })

    test('saving another valid author and genres works; a nonexistent key is a form error and nothing changes', async () => {
      const c = await loggedIn()
      const url = `/auto/library/book/${String(book.pk)}/change/`
      const ok = await c.post(url, bookData({ author: pk(authors[19]), genres: [pk(genres[0]), pk(genres[2])], _save: '1' }))
      assert.equal(ok.status, 302, ok.text().slice(0, 2000))
      assert.deepEqual(await reloadBook(), { authorId: authors[19]?.pk, genres: [pk(genres[0]), pk(genres[2])].sort() })

      const { result: bad, queries } = await captureQueries(() => c.post(url, bookData({ author: '987654', genres: [pk(genres[3])], _save: '1' })))
      assert.equal(bad.status, 200)
      assert.match(bad.text(), new RegExp(`<ul class="errorlist" id="id_author_error"><li>${INVALID_CHOICE}</li></ul>`))
      assert.match(bad.text(), new RegExp(`<option value="${pk(genres[3])}" selected>Genre 04</option>`), 'the submitted genre is shown again')
      assertNoFullScan(queries, 'library_author')
      assertNoFullScan(queries, 'library_genre')

      const badGenre = await c.post(url, bookData({ author: pk(authors[6]), genres: [pk(genres[1]), '987654'], _save: '1' }))
      assert.equal(badGenre.status, 200)
      assert.match(badGenre.text(), /id="id_genres_error"><li>Select a valid choice\. 987654 is not one of the available choices\.<\/li>/)
      assert.deepEqual(await reloadBook(), { authorId: authors[19]?.pk, genres: [pk(genres[0]), pk(genres[2])].sort() })

      const restore = await c.post(url, bookData({ author: pk(authors[6]), genres: [pk(genres[1]), pk(genres[4])], _save: '1' }))
      assert.equal(restore.status, 302)
    })
  })

  describe('raw-id fields', () => {
    test('the change page queries only the selected rows, shows the key and the author\'s label with its link', async () => {
      const c = await loggedIn()
      const { result: response, queries } = await captureQueries(() => c.get(`/raw/library/book/${String(book.pk)}/change/`))
      assert.equal(response.status, 200)
      const html = response.text()
      assert.equal(assertNoFullScan(queries, 'library_author').length, 1)
      assertNoFullScan(queries, 'library_genre')
      assert.match(html, new RegExp(`<input type="text" name="author" value="${pk(authors[6])}"[^>]*class="vForeignKeyRawIdAdminField"`))
      assert.match(html, new RegExp(`<strong><a href="/raw/library/author/${pk(authors[6])}/change/">Author 07</a></strong>`))
      assert.match(html, new RegExp(`name="genres" value="${pk(genres[1])},${pk(genres[4])}"`))
      assert.doesNotMatch(html, /Author 08|Genre 01/)
    })

    test('saving another valid key works; a nonexistent key is a form error', async () => {
      const c = await loggedIn()
      const url = `/raw/library/book/${String(book.pk)}/change/`
      const ok = await c.post(url, bookData({ author: pk(authors[29]), genres: `${pk(genres[7])}, ${pk(genres[8])}`, _save: '1' }))
      assert.equal(ok.status, 302, ok.text().slice(0, 2000))
      assert.deepEqual(await reloadBook(), { authorId: authors[29]?.pk, genres: [pk(genres[7]), pk(genres[8])].sort() })

      const { result: bad, queries } = await captureQueries(() => c.post(url, bookData({ author: '987654', genres: `${pk(genres[7])},987654`, _save: '1' })))
      assert.equal(bad.status, 200)
      const html = bad.text()
      assert.match(html, new RegExp(`id="id_author_error"><li>${INVALID_CHOICE}</li>`))
      assert.match(html, /id="id_genres_error"><li>Select a valid choice\. 987654 is not one of the available choices\.<\/li>/)
      assert.match(html, /name="author" value="987654"/, 'the submitted key is shown again, without a label')
      assertNoFullScan(queries, 'library_author')
      assertNoFullScan(queries, 'library_genre')

      const notANumber = await c.post(url, bookData({ author: 'abc', genres: '', _save: '1' }))
      assert.equal(notANumber.status, 200)
      assert.match(notANumber.text(), new RegExp(`id="id_author_error"><li>${INVALID_CHOICE}</li>`))
      assert.deepEqual(await reloadBook(), { authorId: authors[29]?.pk, genres: [pk(genres[7]), pk(genres[8])].sort() })

      const restore = await c.post(url, bookData({ author: pk(authors[6]), genres: `${pk(genres[1])},${pk(genres[4])}`, _save: '1' }))
      assert.equal(restore.status, 302)
    })
  })

  test('a plain <select> still lists every author', async () => {
    const c = await loggedIn()
    const { result: response, queries } = await captureQueries(() => c.get(`/plain/library/book/${String(book.pk)}/change/`))
    assert.equal(response.status, 200)
    const html = response.text()
    for (const name of ['Author 01', 'Author 07', 'Author 50']) assert.ok(html.includes(`>${name}</option>`), name)
    assert.ok(selectsFrom(queries, 'library_author').some((sql) => !/\bwhere\b/i.test(sql)), 'the select loads every author')
  })

  describe('"Save as new" with inline rows', () => {
    let original: ModelInstance
    let reviews: ModelInstance[]

    before(async () => {
      original = await Book.objects.create({ title: 'Original', slug: 'original', authorId: authors[0]?.pk }) as unknown as ModelInstance
      reviews = [
        await Review.objects.create({ bookId: original.pk, reviewer: 'Bab', rating: 5, text: 'Wonderful' }) as unknown as ModelInstance,
        await Review.objects.create({ bookId: original.pk, reviewer: 'Cyd', rating: 2, text: 'Too long' }) as unknown as ModelInstance,
      ]
    })

    const url = (): string => `/copy/library/book/${String(original.pk)}/change/`
    const inlineData = (overrides: Record<string, string> = {}): Record<string, string> => ({
      ...managementData('reviews', 3, 2),
      'reviews-0-id': pk(reviews[0]), 'reviews-0-reviewer': 'Bab', 'reviews-0-rating': '5', 'reviews-0-text': 'Wonderful',
      'reviews-1-id': pk(reviews[1]), 'reviews-1-reviewer': 'Cyd', 'reviews-1-rating': '2', 'reviews-1-text': 'Too long',
      'reviews-2-id': '', 'reviews-2-reviewer': '', 'reviews-2-rating': '3', 'reviews-2-text': '',
      ...overrides,
    })
    const originalReviews = async (): Promise<string[]> =>
      (await Review.objects.filter({ bookId: Number(original.pk) }).orderBy('id')).map((r) => `${String(r.pk)}:${r.reviewer}:${r.rating}:${r.text}`)
    /** The original's rows as created: they must never change. */
    const untouched = (): string[] => [`${pk(reviews[0])}:Bab:5:Wonderful`, `${pk(reviews[1])}:Cyd:2:Too long`]

    test('the change page offers "Save as new"', async () => {
      const c = await loggedIn()
      const html = (await c.get(url())).text()
      assert.match(html, /name="_saveasnew"/)
      assert.match(html, /name="reviews-INITIAL_FORMS" value="2"/)
    })

    test('creates a new book with new copies of the inline rows; the untouched extra form is skipped and the original keeps its rows', async () => {
      const c = await loggedIn()
      const response = await c.post(url(), {
        ...bookData({ title: 'Original, second edition', slug: 'original-2', author: pk(authors[0]) }), ...inlineData(), _saveasnew: '1',
      })
      assert.equal(response.status, 302, response.text().slice(0, 3000))
      const copy = await Book.objects.get({ slug: 'original-2' })
      assert.notEqual(copy.pk, original.pk)
      assert.equal(response.headers.get('location'), `/copy/library/book/${String(copy.pk)}/change/`)
      const copied = await Review.objects.filter({ bookId: Number(copy.pk) }).orderBy('id')
      assert.deepEqual(copied.map((r) => [r.reviewer, r.rating, r.text]), [['Bab', 5, 'Wonderful'], ['Cyd', 2, 'Too long']])
      const originalPks = new Set(reviews.map((r) => String(r.pk)))
      for (const r of copied) assert.ok(!originalPks.has(String(r.pk)), 'a copied row has a new primary key')
      assert.deepEqual(await originalReviews(), untouched())
      assert.equal((await Book.objects.get({ pk: Number(original.pk) })).title, 'Original')
    })

    test('rows marked for deletion are not copied (and not deleted from the original)', async () => {
      const c = await loggedIn()
      const response = await c.post(url(), {
        ...bookData({ title: 'Original, third edition', slug: 'original-3', author: pk(authors[0]) }), ...inlineData({ 'reviews-1-DELETE': 'on' }), _saveasnew: '1',
      })
      assert.equal(response.status, 302, response.text().slice(0, 3000))
      const copy = await Book.objects.get({ slug: 'original-3' })
      assert.deepEqual((await Review.objects.filter({ bookId: Number(copy.pk) })).map((r) => r.reviewer), ['Bab'])
      assert.deepEqual(await originalReviews(), untouched())
    })

    test('without the add permission on reviews, the copy gets no reviews (Django\'s DeleteProtectedModelForm)', async () => {
      const c = await loggedIn('editor')
      const response = await c.post(url(), {
        ...bookData({ title: 'Original, editor edition', slug: 'original-editor', author: pk(authors[0]) }), ...inlineData(), _saveasnew: '1',
      })
      assert.equal(response.status, 302, response.text().slice(0, 3000))
      const copy = await Book.objects.get({ slug: 'original-editor' })
      assert.equal(await Review.objects.filter({ bookId: Number(copy.pk) }).count(), 0)
      assert.deepEqual(await originalReviews(), untouched())
    })

    test('a validation error re-renders the submitted rows as new ones, offers only "Save as new", and saves nothing', async () => {
      const c = await loggedIn()
      const books = await Book.objects.count()
      const reviewCount = await Review.objects.count()
      const response = await c.post(url(), {
        ...bookData({ title: '', slug: 'original-4', author: pk(authors[0]) }), ...inlineData(), _saveasnew: '1',
      })
      assert.equal(response.status, 200)
      const html = response.text()
      assert.match(html, /id="id_title_error"><li>This field is required\.<\/li>/)
      assert.match(html, /name="_saveasnew"/)
      assert.doesNotMatch(html, /name="_save"[ >]/)
      assert.doesNotMatch(html, /name="_continue"/)
      assert.doesNotMatch(html, /name="_addanother"/)
      assert.match(html, /name="reviews-INITIAL_FORMS" value="0"/)
      assert.match(html, /name="reviews-0-reviewer"[^>]*value="Bab"/)
      assert.doesNotMatch(html, new RegExp(`name="reviews-0-id"[^>]*value="${pk(reviews[0])}"`), 'the rows no longer point at the original')

      const badInline = await c.post(url(), {
        ...bookData({ title: 'Valid title', slug: 'original-5', author: pk(authors[0]) }), ...inlineData({ 'reviews-1-rating': 'many' }), _saveasnew: '1',
      })
      assert.equal(badInline.status, 200)
      assert.match(badInline.text(), /Enter a whole number\./)
      assert.equal(await Book.objects.count(), books)
      assert.equal(await Review.objects.count(), reviewCount)
      assert.deepEqual(await originalReviews(), untouched())
    })
  })
}, {
  settings: {
    SECRET_KEY: 'admin-change-form-extra-secret-key-0123456789-abcdef',
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp],
    ROOT_URLCONF: routes,
  },
})

// The admin's autocomplete endpoint (Django's AutocompleteJsonView) through the real handler and
// middleware on every database: results and pagination (20 a page), search over the target admin's
// searchFields, the related admin's getQueryset narrowing, 403 without the view/change permission on
// the TARGET model, 403 for a field that is not an autocomplete field or a bad model/field, 404 for
// a target admin without searchFields and for a page past the end, and the staff-only redirect.
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { apps } from 'tango/core'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import type { Request } from 'tango/http'
import { TestClient } from 'tango/test'
import { URLResolver, include, path, setRootUrlconf } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import messagesApp, { MessageMiddleware } from 'tango/contrib/messages'
import authApp, { AuthenticationMiddleware, Permission, User, authUrls, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { AdminSite, ModelAdmin } from 'tango/contrib/admin'
import { CsrfViewMiddleware } from 'tango/middleware'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { PASSWORD, cheapHasher, loggedInClient } from './login.ts'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book, Genre, Review } from './fixtures/library/models.ts'

const site = new AdminSite('widgets_admin')

class AuthorAdmin extends ModelAdmin<typeof Author> {
  override searchFields = ['name', '=email']
  // Hides authors whose name starts with "Hidden": the endpoint must start from getQueryset.
  override getQueryset(request: Request): ReturnType<ModelAdmin<typeof Author>['getQueryset']> {
    return super.getQueryset(request).exclude({ name__startswith: 'Hidden' })
  }
}
site.register(Author, AuthorAdmin)
site.register(Genre, {}) // no searchFields: the endpoint must refuse with 404
site.register(Book, { autocompleteFields: ['author', 'genres'], searchFields: ['title'] })
site.register(Review, { autocompleteFields: ['book'] })

const routes = new URLResolver([path('accounts/', include([...authUrls])), path('admin/', site.urls)])

function loggedIn(username: string): Promise<TestClient> {
  return loggedInClient(username, { resolver: routes })
}

interface Payload {
  results: { id: string; text: string }[]
  pagination: { more: boolean }
}

function url(params: Record<string, string>): string {
  return `/admin/autocomplete/?${new URLSearchParams(params).toString()}`
}

const BOOK_AUTHOR = { app_label: 'library', model_name: 'book', field_name: 'author' }

forEachDatabase('admin autocomplete endpoint', () => {
  before(async () => {
    setPasswordHashers([cheapHasher])
    setRootUrlconf(routes)
    await apps.ready()
    await migrate()
    const password = await makePassword(PASSWORD)
    await User.objects.create({ username: 'root', password, isStaff: true, isSuperuser: true })
    await User.objects.create({ username: 'plain', password, isStaff: false })
    const viewer = await User.objects.create({ username: 'viewer', password, isStaff: true })
    await viewer.userPermissions.add(await Permission.objects.get({ appLabel: 'library', codename: 'view_author' }))
    const changer = await User.objects.create({ username: 'changer', password, isStaff: true })
    await changer.userPermissions.add(await Permission.objects.get({ appLabel: 'library', codename: 'change_author' }))
    const bookOnly = await User.objects.create({ username: 'bookonly', password, isStaff: true })
    await bookOnly.userPermissions.add(await Permission.objects.get({ appLabel: 'library', codename: 'change_book' }))
    for (let i = 1; i <= 45; i++) await Author.objects.create({ name: `Writer ${String(i).padStart(2, '0')}`, email: `w${i}@example.com` })
    await Author.objects.create({ name: 'Ada <b>Lovelace</b>', email: 'ada@example.com' })
    await Author.objects.create({ name: 'Hidden Author', email: 'hidden@example.com' })
    await Book.objects.create({ title: 'Notes on the Analytical Engine', slug: 'notes', authorId: (await Author.objects.get({ email: 'ada@example.com' })).pk })
  })

  test('returns 20 results a page with pagination.more, ids as strings and texts from String(obj)', async () => {
    const client = await loggedIn('root')
    const first = await client.get(url({ ...BOOK_AUTHOR, term: 'Writer' }))
    assert.equal(first.status, 200)
    assert.match(first.headers.get('content-type') ?? '', /application\/json/)
    const page1 = first.json() as Payload
    assert.equal(page1.results.length, 20)
    assert.equal(page1.pagination.more, true)
    assert.deepEqual(page1.results[0], { id: String((await Author.objects.get({ name: 'Writer 01' })).pk), text: 'Writer 01' })
    for (const r of page1.results) assert.equal(typeof r.id, 'string')
    const page3 = (await client.get(url({ ...BOOK_AUTHOR, term: 'Writer', page: '3' }))).json() as Payload
    assert.deepEqual(page3.results.map((r) => r.text), ['Writer 41', 'Writer 42', 'Writer 43', 'Writer 44', 'Writer 45'])
    assert.equal(page3.pagination.more, false)
  })

  test('searches the target admin\'s searchFields (icontains, every word; = exact) and starts from its getQueryset', async () => {
    const client = await loggedIn('root')
    const byName = (await client.get(url({ ...BOOK_AUTHOR, term: 'lovelace ada' }))).json() as Payload
    assert.deepEqual(byName.results.map((r) => r.text), ['Ada <b>Lovelace</b>'])
    const exactEmail = (await client.get(url({ ...BOOK_AUTHOR, term: 'w7@example.com' }))).json() as Payload
    assert.deepEqual(exactEmail.results.map((r) => r.text), ['Writer 07'])
    const partialEmail = (await client.get(url({ ...BOOK_AUTHOR, term: 'w7@example' }))).json() as Payload
    assert.deepEqual(partialEmail.results, [])
    const hidden = (await client.get(url({ ...BOOK_AUTHOR, term: 'Hidden' }))).json() as Payload
    assert.deepEqual(hidden.results, [], 'rows outside getQueryset never leak')
    const all = (await client.get(url({ ...BOOK_AUTHOR, page: 'last' }))).json() as Payload
    assert.equal(all.pagination.more, false)
  })

  test('works for a many-to-many autocomplete field and for a field declared by another registered model (Review.book)', async () => {
    const client = await loggedIn('root')
    const genres = await client.get(url({ app_label: 'library', model_name: 'book', field_name: 'genres', term: 'x' }))
    assert.equal(genres.status, 404, 'Genre\'s admin has no searchFields')
    const books = (await client.get(url({ app_label: 'library', model_name: 'review', field_name: 'book', term: 'engine' }))).json() as Payload
    assert.deepEqual(books.results.map((r) => r.text), ['Notes on the Analytical Engine'])
  })

  test('needs the view or change permission on the TARGET model: 403 otherwise, whatever the source permissions', async () => {
    for (const username of ['viewer', 'changer']) {
      const client = await loggedIn(username)
      const ok = await client.get(url({ ...BOOK_AUTHOR, term: 'Ada' }))
      assert.equal(ok.status, 200, username)
      assert.equal((ok.json() as Payload).results.length, 1)
    }
    const bookOnly = await loggedIn('bookonly')
    const denied = await bookOnly.get(url({ ...BOOK_AUTHOR, term: 'Ada' }))
    assert.equal(denied.status, 403)
    assert.ok(!denied.text().includes('Lovelace'))
  })

  test('403 for a field that is not an autocomplete field, an unknown model or field, a non-relation field, or missing parameters', async () => {
    const client = await loggedIn('root')
    const cases: Record<string, string>[] = [
      { app_label: 'library', model_name: 'loan', field_name: 'book' }, // Loan is not registered and no admin lists it
      { app_label: 'library', model_name: 'book', field_name: 'title' }, // not a relation
      { app_label: 'library', model_name: 'book', field_name: 'nope' },
      { app_label: 'library', model_name: 'nope', field_name: 'author' },
      { app_label: 'nope', model_name: 'book', field_name: 'author' },
      { app_label: 'library', model_name: 'book' },
      {},
    ]
    for (const params of cases) assert.equal((await client.get(url({ ...params, term: 'a' }))).status, 403, JSON.stringify(params))
  })

  test('404 for a page past the end or not a number (Django\'s ListView)', async () => {
    const client = await loggedIn('root')
    assert.equal((await client.get(url({ ...BOOK_AUTHOR, term: 'Writer', page: '9' }))).status, 404)
    assert.equal((await client.get(url({ ...BOOK_AUTHOR, term: 'Writer', page: 'x' }))).status, 404)
    assert.equal((await client.get(url({ ...BOOK_AUTHOR, term: 'no such thing' }))).status, 200, 'page 1 of nothing is an empty page')
  })

  test('anonymous and non-staff users are sent to the admin login, never given data', async () => {
    const anonymous = new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware] }))
    const response = await anonymous.get(url({ ...BOOK_AUTHOR, term: 'Ada' }))
    assert.equal(response.status, 302)
    assert.match(response.headers.get('location') ?? '', /^\/admin\/login\/\?next=/)
    const plain = await loggedIn('plain')
    assert.equal((await plain.get(url({ ...BOOK_AUTHOR, term: 'Ada' }))).status, 302)
  })
}, {
  settings: {
    SECRET_KEY: 'widgets-autocomplete-secret-key-0123456789-abcdef', SESSION_ENGINE: 'db', REQUEST_LOGGING: false,
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp], ALLOWED_HOSTS: ['testserver'],
  },
})

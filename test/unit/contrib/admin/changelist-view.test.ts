// The change list through the real handler and middleware (sessions, CSRF, auth, messages) on every
// database: columns and escaping, every filter type (boolean, choices, related, dates, all values,
// a SimpleListFilter), search with ^ = and relations (many-to-many without duplicates), sorting,
// pagination with "Show all", the date drill-down, listEditable saves and errors, actions (none
// selected, a custom action with its permission, select across, delete selected with its
// confirmation and PROTECT refusal), 403 without permission, and a bounded number of queries.
import assert from 'node:assert/strict'
import { before, beforeEach, test } from 'node:test'
import { apps } from 'tango/core'
import { Q, captureQueries } from 'tango/db'
import type { AnyModel, QuerySet } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import type { Request } from 'tango/http'
import { TestClient } from 'tango/test'
import { URLResolver, include, path, setRootUrlconf } from 'tango/urls'
import sessionsApp from 'tango/contrib/sessions'
import messagesApp from 'tango/contrib/messages'
import authApp, { Permission, User, authUrls, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { AdminSite, ModelAdmin, action, display, getLogEntryModel } from 'tango/contrib/admin'
import { SimpleListFilter } from '../../../../framework/src/contrib/admin/changelist/filters/base.ts'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { PASSWORD, cheapHasher, loggedInClient } from './login.ts'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book, Genre, Loan, Review } from './fixtures/library/models.ts'

const site = new AdminSite('cl_admin')

class ThickFilter extends SimpleListFilter {
  override title = 'thickness'
  override parameterName = 'thick'
  override lookups(): readonly (readonly [string, string])[] {
    return [['thin', 'Under 200 pages'], ['thick', '200 pages or more']]
  }

  override queryset<M extends AnyModel>(request: Request, qs: QuerySet<M>): QuerySet<M> {
    void request
    if (this.value() === 'thin') return qs.filter(Q({ pages__lt: 200 }))
    if (this.value() === 'thick') return qs.filter(Q({ pages__gte: 200 }))
    return qs
  }
}

const markOutOfPrint = action({ description: 'Mark selected %(verbose_name_plural)s out of print', permissions: ['change'] },
  async function markOutOfPrint(admin: ModelAdmin<typeof Book>, request: Request, queryset: QuerySet<typeof Book>) {
    const n = await queryset.update({ inPrint: false })
    admin.messageUser(request, `${n} marked`)
  })

// Named functions: the function's name is the column's (and an action's) name, as Django's __name__.
const shout = display({ description: 'Loud title', ordering: 'title' }, function shout(b: { title: string }) {
  return b.title.toUpperCase()
})
const isLong = display({ description: 'Long?', boolean: true }, function isLong(b: { pages: number }) {
  return b.pages >= 200
})

class BookAdmin extends ModelAdmin<typeof Book> {
  override listDisplay = ['title', 'author', 'inPrint', 'format', 'publishedDate', shout, isLong, 'author__email', 'pages']
  override listFilter = ['inPrint', 'format', 'author', 'publishedDate', 'pages', ThickFilter]
  override searchFields = ['^title', '=slug', 'author__name', 'genres__name']
  override dateHierarchy = 'publishedDate'
  override listPerPage = 5
  override listMaxShowAll = 20
  override listEditable = ['pages']
  override actions = [markOutOfPrint]
}
site.register(Book, BookAdmin)
site.register(Author, { listDisplay: ['name', 'email'], searchFields: ['name'] })
site.register(Genre, {})
site.register(Review, {})
site.register(Loan, {})

const routes = new URLResolver([path('accounts/', include([...authUrls])), path('admin/', site.urls)])
const URL = '/admin/library/book/'

function loggedIn(username: string): Promise<TestClient> {
  return loggedInClient(username, { resolver: routes })
}

/** The titles of the rows, in order (the first column links to the change page). */
function titles(html: string): string[] {
  return [...html.matchAll(/<th scope="row" class="field-title"><a href="[^"]*">([^<]*)<\/a><\/th>/g)].map((m) => m[1]!)
}

const YEAR = new Date().getUTCFullYear()
const today = new Date().toISOString().slice(0, 10)

async function seed(): Promise<void> {
  await Book.objects.all().delete()
  await Author.objects.all().delete()
  await Genre.objects.all().delete()
  const ann = await Author.objects.create({ name: 'Ann Leckie', email: 'ann@example.com' })
  const frank = await Author.objects.create({ name: 'Frank Herbert', email: 'frank@example.com' })
  const evil = await Author.objects.create({ name: '<script>alert(1)</script>', email: 'x@example.com' })
  const scifi = await Genre.objects.create({ name: 'Science fiction' })
  const space = await Genre.objects.create({ name: 'Space opera' })
  const rows = [
    { title: 'Dune', slug: 'dune', authorId: frank.pk, publishedDate: '1965-08-01', inPrint: true, format: 'hardcover', pages: 412 },
    { title: 'Dune Messiah', slug: 'dune-messiah', authorId: frank.pk, publishedDate: '1969-10-15', inPrint: false, format: 'paperback', pages: 256 },
    { title: 'Children of Dune', slug: 'children', authorId: frank.pk, publishedDate: '1976-04-01', inPrint: true, format: 'ebook', pages: 444 },
    { title: 'Ancillary Justice', slug: 'aj', authorId: ann.pk, publishedDate: '2013-10-01', inPrint: true, format: 'paperback', pages: 386 },
    { title: 'Ancillary Sword', slug: 'as', authorId: ann.pk, publishedDate: '2014-10-07', inPrint: true, format: 'paperback', pages: 356 },
    { title: 'Ancillary Mercy', slug: 'am', authorId: ann.pk, publishedDate: '2015-10-06', inPrint: false, format: 'hardcover', pages: 330 },
    { title: 'Provenance', slug: 'provenance', authorId: ann.pk, publishedDate: today, inPrint: true, format: 'ebook', pages: 150 },
    { title: '<b>Bold</b> & co', slug: 'bold', authorId: evil.pk, publishedDate: null, inPrint: true, format: 'paperback', pages: 10 },
  ]
  for (const r of rows) await Book.objects.create(r)
  const dune = await Book.objects.get({ slug: 'dune' })
  await dune.genres.add(scifi, space)
  await (await Book.objects.get({ slug: 'aj' })).genres.add(space)
}

forEachDatabase('admin change list', () => {
  before(async () => {
    setPasswordHashers([cheapHasher])
    setRootUrlconf(routes)
    await apps.ready()
    await migrate()
    const password = await makePassword(PASSWORD)
    await User.objects.create({ username: 'root', password, isStaff: true, isSuperuser: true })
    const viewer = await User.objects.create({ username: 'viewer', password, isStaff: true })
    await viewer.userPermissions.add(await Permission.objects.get({ appLabel: 'library', codename: 'view_book' }))
    await User.objects.create({ username: 'nobody', password, isStaff: true })
  })
  beforeEach(seed)

  test('403 for a staff user without the view or change permission', async () => {
    const client = await loggedIn('nobody')
    assert.equal((await client.get(URL)).status, 403)
    assert.equal((await client.post(URL, { action: 'deleteSelected', index: '0', _selected_action: '1' })).status, 403)
  })

  test('a DateField column shows the date in DATE_FORMAT, as Django\'s display_for_field', async () => {
    const client = await loggedIn('root')
    const html = await (await client.get(`${URL}?q=dune-messiah`)).text()
    assert.match(html, /<td class="field-publishedDate">Oct\. 15, 1969<\/td>/)
  })

  test("the default listDisplay ['__str__'] shows each object's text, linked to its change page", async () => {
    const client = await loggedIn('root')
    const html = await (await client.get('/admin/library/genre/')).text()
    const genres = await Genre.objects.all()
    assert.equal(genres.length, 2)
    for (const genre of genres) {
      assert.ok(html.includes(`<a href="/admin/library/genre/${String(genre.pk)}/change/">${String(genre)}</a>`), `row of ${String(genre)}`)
    }
  })

  test('lists the first page with labels, related objects, choices, booleans as icons and escaped values', async () => {
    const client = await loggedIn('root')
    const page = await client.get(URL)
    assert.equal(page.status, 200)
    const html = page.text()
    assert.deepEqual(titles(html), ['&lt;b&gt;Bold&lt;/b&gt; &amp; co', 'Ancillary Justice', 'Ancillary Mercy', 'Ancillary Sword', 'Children of Dune'])
    assert.ok(!html.includes('<script>alert(1)</script>'), 'the author name is escaped')
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/)
    assert.match(html, /<td class="field-format">Hardcover<\/td>/)
    assert.match(html, /<img src="[^"]*admin\/img\/icon-yes\.svg" alt="Yes"/)
    assert.match(html, /<img src="[^"]*admin\/img\/icon-no\.svg" alt="No"/)
    assert.match(html, /<td class="field-shout">ANCILLARY JUSTICE<\/td>/)
    assert.match(html, /<td class="field-author__email">ann@example.com<\/td>/)
    assert.match(html, /Loud title/)
    assert.match(html, /name="_selected_action" value="\d+" class="action-select" aria-label="Select this object for an action - Ancillary Justice"/)
    assert.match(html, /8 books/)
    assert.match(html, /href="\?p=2"/)
  })

  test('boolean, choices, related, date, all-values and custom filters narrow the rows and mark the choice', async () => {
    const client = await loggedIn('root')
    assert.deepEqual(titles((await client.get(`${URL}?inPrint__exact=0`)).text()), ['Ancillary Mercy', 'Dune Messiah'])
    assert.deepEqual(titles((await client.get(`${URL}?format__exact=hardcover`)).text()), ['Ancillary Mercy', 'Dune'])
    const frank = await Author.objects.get({ name: 'Frank Herbert' })
    const byAuthor = (await client.get(`${URL}?author__id__exact=${String(frank.pk)}`)).text()
    assert.deepEqual(titles(byAuthor), ['Children of Dune', 'Dune', 'Dune Messiah'])
    assert.match(byAuthor, /<li class="selected"><a href="[^"]*" aria-current="true">Frank Herbert<\/a><\/li>/)
    assert.match(byAuthor, /3 results \(<a href="\?">8 total<\/a>\)/)
    assert.deepEqual(titles((await client.get(`${URL}?publishedDate__isnull=True`)).text()), ['&lt;b&gt;Bold&lt;/b&gt; &amp; co'])
    const page = (await client.get(URL)).text()
    for (const label of ['Any date', 'Today', 'Past 7 days', 'This month', 'This year', 'No date', 'Has date']) assert.ok(page.includes(`>${label}</a>`), label)
    const todayHref = /<a href="([^"]*)">Today<\/a>/.exec(page)![1]!.replaceAll('&amp;', '&')
    assert.deepEqual(titles((await client.get(`${URL}${todayHref}`)).text()), ['Provenance'])
    assert.deepEqual(titles((await client.get(`${URL}?pages=412`)).text()), ['Dune'])
    assert.match(page, />412<\/a>/, 'all-values choices list the distinct page counts')
    assert.deepEqual(titles((await client.get(`${URL}?thick=thin`)).text()), ['&lt;b&gt;Bold&lt;/b&gt; &amp; co', 'Provenance'])
    assert.match(page, /Under 200 pages/)
    assert.match(page, /By thickness/)
  })

  test('bad filter values and unknown lookups redirect to ?e=1, which shows the plain list', async () => {
    const client = await loggedIn('root')
    for (const q of ['inPrint__exact=maybe', 'pages=lots', 'nosuchfield=1', 'author__email=ann@example.com', 'p=99']) {
      const r = await client.get(`${URL}?${q}`)
      assert.equal(r.status, 302, q)
      assert.equal(r.headers.get('location'), `${URL}?e=1`)
    }
    const e = await client.get(`${URL}?e=1`)
    assert.equal(e.status, 200)
    assert.match(e.text(), /were not valid/)
  })

  test('search: ^ starts with, = exact, relations, quoted phrases, AND of terms, many-to-many without duplicates', async () => {
    const client = await loggedIn('root')
    assert.deepEqual(titles((await client.get(`${URL}?q=dune`)).text()), ['Dune', 'Dune Messiah'], '^title: Children of Dune does not start with dune')
    assert.deepEqual(titles((await client.get(`${URL}?q=AJ`)).text()), ['Ancillary Justice'], '=slug is case-insensitive exact')
    assert.deepEqual(titles((await client.get(`${URL}?q=leckie`)).text()), ['Ancillary Justice', 'Ancillary Mercy', 'Ancillary Sword', 'Provenance'])
    assert.deepEqual(titles((await client.get(`${URL}?q=ancillary+leckie`)).text()), ['Ancillary Justice', 'Ancillary Mercy', 'Ancillary Sword'])
    assert.deepEqual(titles((await client.get(`${URL}?q=${encodeURIComponent('"Dune Messiah"')}`)).text()), ['Dune Messiah'])
    assert.deepEqual(titles((await client.get(`${URL}?q=${encodeURIComponent('"space opera"')}`)).text()), ['Ancillary Justice', 'Dune'])
    const both = (await client.get(`${URL}?q=science`)).text()
    assert.deepEqual(titles(both), ['Dune'], 'a book in two matching genres is listed once')
    assert.match(both, /1 result \(<a href="\?">8 total<\/a>\)/)
    assert.match(both, /value="science"/)
  })

  test('sorting by column headers: ascending, descending, multi-column, display functions with ordering', async () => {
    const client = await loggedIn('root')
    // Column 0 is the action checkbox: 1 title, 2 author, 6 shout (ordering 'title').
    assert.deepEqual(titles((await client.get(`${URL}?o=-1`)).text()), ['Provenance', 'Dune Messiah', 'Dune', 'Children of Dune', 'Ancillary Sword'])
    assert.deepEqual(titles((await client.get(`${URL}?o=6&all=`)).text()).slice(0, 2), ['&lt;b&gt;Bold&lt;/b&gt; &amp; co', 'Ancillary Justice'])
    const multi = (await client.get(`${URL}?o=8.-1&all=`)).text()
    // 8 is author__email (a related path sorts by it), then title descending.
    assert.deepEqual(titles(multi), ['Provenance', 'Ancillary Sword', 'Ancillary Mercy', 'Ancillary Justice', 'Dune Messiah', 'Dune', 'Children of Dune', '&lt;b&gt;Bold&lt;/b&gt; &amp; co'])
    assert.match(multi, /class="column-title sortable sorted descending"/)
    assert.match(multi, /title="Sorting priority: 2">2<\/span>/)
    assert.match(multi, /href="\?o=1\.8&amp;all="/, 'the primary link of the second column puts it first, toggled')
    assert.doesNotMatch((await client.get(URL)).text(), /column-isLong sortable/, 'a display function without ordering is not sortable')
    const unsortable = await client.get(`${URL}?o=7`)
    assert.equal(unsortable.status, 200)
  })

  test('pagination: pages of listPerPage, "Show all" up to listMaxShowAll, total count', async () => {
    const client = await loggedIn('root')
    const two = (await client.get(`${URL}?p=2`)).text()
    assert.deepEqual(titles(two), ['Dune', 'Dune Messiah', 'Provenance'])
    assert.match(two, /<span class="this-page" aria-current="page">2<\/span>/)
    assert.match(two, /class="showall"/)
    const all = (await client.get(`${URL}?all=`)).text()
    assert.equal(titles(all).length, 8)
    assert.doesNotMatch(all, /class="showall"/)
    for (let i = 0; i < 15; i++) await Book.objects.create({ title: `Extra ${String(i).padStart(2, '0')}`, slug: `x${i}`, authorId: (await Author.objects.get({ name: 'Ann Leckie' })).pk, pages: 1 })
    const many = (await client.get(`${URL}?all=`)).text()
    assert.equal(titles(many).length, 5, 'more rows than listMaxShowAll: "all" is ignored')
    assert.doesNotMatch(many, /class="showall"/)
    assert.match(many, /23 books/)
  })

  test('date hierarchy drills down from years to months to days', async () => {
    const client = await loggedIn('root')
    const years = (await client.get(URL)).text()
    for (const y of ['1965', '1969', '1976', '2013', '2014', '2015', String(YEAR)]) assert.match(years, new RegExp(`<a href="\\?publishedDate__year=${y}">${y}</a>`))
    const year = (await client.get(`${URL}?publishedDate__year=1965`)).text()
    assert.deepEqual(titles(year), ['Dune'])
    assert.match(year, /<a href="\?publishedDate__year=1965&amp;publishedDate__month=8">August 1965<\/a>/)
    assert.match(year, /&lsaquo; All dates/)
    const month = (await client.get(`${URL}?publishedDate__year=1965&publishedDate__month=8`)).text()
    assert.match(month, /<a href="\?publishedDate__year=1965&amp;publishedDate__month=8&amp;publishedDate__day=1">August 1<\/a>/)
  })

  test('listEditable: saves changed rows with a message and a log entry; errors stay in their row', async () => {
    const client = await loggedIn('root')
    const page = (await client.get(`${URL}?q=dune`)).text()
    assert.match(page, /name="form-TOTAL_FORMS" value="2"/)
    const dune = await Book.objects.get({ slug: 'dune' })
    const messiah = await Book.objects.get({ slug: 'dune-messiah' })
    const data = {
      'form-TOTAL_FORMS': '2', 'form-INITIAL_FORMS': '2', 'form-MIN_NUM_FORMS': '0', 'form-MAX_NUM_FORMS': '1000',
      'form-0-id': String(dune.pk), 'form-0-pages': '500', 'form-1-id': String(messiah.pk), 'form-1-pages': '256', _save: 'Save',
    }
    const saved = await client.post(`${URL}?q=dune`, data)
    assert.equal(saved.status, 302)
    assert.equal(saved.headers.get('location'), `${URL}?q=dune`)
    assert.equal((await Book.objects.get({ slug: 'dune' })).pages, 500)
    assert.match((await client.get(`${URL}?q=dune`)).text(), /1 book was changed successfully\./)
    const LogEntry = getLogEntryModel()
    assert.equal(await LogEntry.objects.filter({ objectId: String(dune.pk) } as never).count(), 1)
    const bad = await client.post(`${URL}?q=dune`, { ...data, 'form-0-pages': 'many' })
    assert.equal(bad.status, 200)
    assert.match(bad.text(), /Please correct the errors? below\./)
    assert.match(bad.text(), /Enter a whole number\./)
    assert.match(bad.text(), /value="many"/)
    assert.equal((await Book.objects.get({ slug: 'dune' })).pages, 500)
  })

  test('actions: nothing selected warns; the custom action runs on the selection; select across runs on every filtered row', async () => {
    const client = await loggedIn('root')
    const none = await client.post(URL, { action: 'markOutOfPrint', index: '0', select_across: '0' })
    assert.equal(none.status, 302)
    assert.match((await client.get(URL)).text(), /Items must be selected in order to perform actions on them\. No items have been changed\./)
    const dune = await Book.objects.get({ slug: 'dune' })
    const one = await client.post(URL, { action: 'markOutOfPrint', index: '0', select_across: '0', _selected_action: String(dune.pk) })
    assert.equal(one.status, 302)
    assert.equal((await Book.objects.get({ slug: 'dune' })).inPrint, false)
    assert.equal(await Book.objects.filter({ inPrint: false }).count(), 3)
    const page = (await client.get(`${URL}?q=leckie`)).text()
    assert.match(page, /Mark selected books out of print/)
    assert.match(page, /0 of 4 selected/)
    const across = await client.post(`${URL}?author__id__exact=${String((await Author.objects.get({ name: 'Ann Leckie' })).pk)}`, {
      action: 'markOutOfPrint', index: '0', select_across: '1', _selected_action: String((await Book.objects.get({ slug: 'aj' })).pk),
    })
    assert.equal(across.status, 302)
    assert.equal(await Book.objects.filter({ inPrint: false }).count(), 6, 'all four of Ann\'s books, not only the one ticked')
    assert.equal(await Book.objects.filter({ inPrint: true, title: 'Children of Dune' }).count(), 1)
  })

  test('"Select all N" appears when the rows span pages', async () => {
    const client = await loggedIn('root')
    const html = (await client.get(URL)).text()
    assert.match(html, /Select all 8 books/)
    assert.match(html, /0 of 5 selected/)
    assert.match(html, /name="select_across" value="0"/)
  })

  test('a view-only user sees the rows but no change action, no editable fields, and cannot run or save', async () => {
    const client = await loggedIn('viewer')
    const html = (await client.get(URL)).text()
    assert.equal(titles(html).length, 5)
    assert.doesNotMatch(html, /markOutOfPrint/)
    assert.doesNotMatch(html, /form-TOTAL_FORMS/)
    assert.match(html, /Select book to view/)
    const dune = await Book.objects.get({ slug: 'dune' })
    await client.post(URL, { action: 'markOutOfPrint', index: '0', _selected_action: String(dune.pk) })
    assert.equal((await Book.objects.get({ slug: 'dune' })).inPrint, true)
    const save = await client.post(URL, { 'form-TOTAL_FORMS': '1', 'form-INITIAL_FORMS': '1', 'form-0-id': String(dune.pk), 'form-0-pages': '1', _save: 'Save' })
    assert.equal(save.status, 403)
  })

  test('delete selected: a confirmation listing the cascade, then deletion with a log; PROTECT refuses', async () => {
    const client = await loggedIn('root')
    const dune = await Book.objects.get({ slug: 'dune' })
    await Review.objects.create({ bookId: dune.pk, reviewer: 'Paul <i>', rating: 5 })
    const confirm = await client.post(URL, { action: 'deleteSelected', index: '0', _selected_action: String(dune.pk) })
    assert.equal(confirm.status, 200)
    const html = confirm.text()
    assert.match(html, /Are you sure you want to delete the selected book\?/)
    assert.match(html, /Review: <a href="[^"]+">Paul &lt;i&gt; \(5\)<\/a>/)
    assert.match(html, /name="post" value="yes"/)
    const done = await client.post(URL, { action: 'deleteSelected', post: 'yes', _selected_action: String(dune.pk) })
    assert.equal(done.status, 302)
    assert.equal(await Book.objects.filter({ slug: 'dune' }).count(), 0)
    assert.equal(await Review.objects.count(), 0)
    assert.match((await client.get(URL)).text(), /Successfully deleted 1 book\./)
    const messiah = await Book.objects.get({ slug: 'dune-messiah' })
    await Loan.objects.create({ bookId: messiah.pk, borrower: 'Chani' })
    const refused = await client.post(URL, { action: 'deleteSelected', index: '0', _selected_action: String(messiah.pk) })
    assert.equal(refused.status, 200)
    assert.match(refused.text(), /Cannot delete book/)
    assert.match(refused.text(), /Loan to Chani/)
    const forced = await client.post(URL, { action: 'deleteSelected', post: 'yes', _selected_action: String(messiah.pk) })
    assert.equal(forced.status, 200)
    assert.equal(await Book.objects.filter({ slug: 'dune-messiah' }).count(), 1)
    await Loan.objects.all().delete()
  })

  test('queries per page do not grow with the rows shown (foreign keys in listDisplay are joined)', async () => {
    const ann = await Author.objects.get({ name: 'Ann Leckie' })
    for (let i = 0; i < 110; i++) await Book.objects.create({ title: `Bulk ${String(i).padStart(3, '0')}`, slug: `bulk-${i}`, authorId: ann.pk, pages: i })
    const client = await loggedIn('root')
    const count = async (perPage: number): Promise<number> => {
      const admin = site.getModelAdmin(Book)!
      admin.listPerPage = perPage
      try {
        const { result, queries } = await captureQueries(() => client.get(`${URL}?q=bulk&inPrint__exact=1`))
        assert.equal(result.status, 200)
        assert.equal(titles(result.text()).length, perPage)
        return queries.filter((q) => !/django_session|tango_session|auth_/i.test(q.sql)).length
      } finally {
        admin.listPerPage = 5
      }
    }
    const ten = await count(10)
    const hundred = await count(100)
    assert.equal(hundred, ten, `10 rows: ${ten} queries, 100 rows: ${hundred}`)
    assert.ok(ten <= 12, `a bounded number of queries: ${ten}`)
  })
}, {
  settings: {
    SECRET_KEY: 'changelist-view-secret-key-0123456789-abcdef', SESSION_ENGINE: 'db', REQUEST_LOGGING: false,
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp], ALLOWED_HOSTS: ['testserver'],
  },
})

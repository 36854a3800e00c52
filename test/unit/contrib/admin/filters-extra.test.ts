// The change list's `[field, FieldListFilter class]` entries of listFilter, RelatedOnlyFieldListFilter
// (only the related objects the admin's rows point at, in one query), EmptyFieldListFilter through a
// pair, the listFilter system checks (admin.E113–E116), and the date filter's days counted in the
// current time zone (TIME_ZONE, or the zone activated for the request) for DateTimeField and
// DateField, through the real handler on every database. The zones are fixed-offset ones on either
// side of UTC (Kiritimati UTC+14, Pago Pago UTC-11): at any hour the local date differs from UTC's in
// at least one of them, so the expectations, computed from the offsets, catch days counted in UTC.
import assert from 'node:assert/strict'
import { before, beforeEach, test } from 'node:test'
import { apps, overrideTimeZone } from 'tango/core'
import { captureQueries } from 'tango/db'
import type { QuerySet } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import type { Middleware } from 'tango/handler'
import type { Request } from 'tango/http'
import { TestClient } from 'tango/test'
import { URLResolver, include, path, setRootUrlconf } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import messagesApp, { MessageMiddleware } from 'tango/contrib/messages'
import authApp, { Argon2PasswordHasher, AuthenticationMiddleware, User, authUrls, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, {
  AdminSite, BooleanFieldListFilter, EmptyFieldListFilter, ModelAdmin, RelatedOnlyFieldListFilter, SimpleListFilter, checkSite, getLogEntryModel,
} from 'tango/contrib/admin'
import { CsrfViewMiddleware } from 'tango/middleware'
import { forEachDatabase } from '../../../helpers/databases.ts'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book, Genre } from './fixtures/library/models.ts'

const site = new AdminSite('filters_admin')

class BookAdmin extends ModelAdmin<typeof Book> {
  override listDisplay = ['title', 'author']
  // Pairs written as Django writes its tuples, without `as const`: this line is the type test.
  override listFilter = ['inPrint', ['author', RelatedOnlyFieldListFilter], ['genres', RelatedOnlyFieldListFilter], 'publishedDate']

  // The related-only filter lists what this queryset reaches: hidden books do not count.
  override getQueryset(request: Request): QuerySet<typeof Book> {
    return super.getQueryset(request).exclude({ title__startswith: 'Hidden' })
  }
}
site.register(Book, BookAdmin)
site.register(Author, { listDisplay: ['name'], listFilter: [['email', EmptyFieldListFilter], ['born', EmptyFieldListFilter]] })
site.register(Genre, {})

/** Runs the request in the time zone named by the `x-time-zone` header (a project would read a user preference). */
const timeZoneFromHeader: Middleware = (getResponse) => (request) => {
  const zone = request.headers['x-time-zone']
  return typeof zone === 'string' ? overrideTimeZone(zone, () => getResponse(request)) : getResponse(request)
}

const cheap = new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })
const PASSWORD = 'correct-horse-42'
const BOOKS = '/admin/library/book/'
const AUTHORS = '/admin/library/author/'
const ENTRIES = '/admin/admin/logentry/'
const SETTING_ZONE = 'Pacific/Pago_Pago'

/** The two zones, by how they come into force: `TIME_ZONE`, or activated for the request. */
const ZONES = [
  { name: 'Pacific/Pago_Pago', offsetMinutes: -11 * 60, offsetText: '-11:00', headers: {} },
  { name: 'Pacific/Kiritimati', offsetMinutes: 14 * 60, offsetText: '+14:00', headers: { 'x-time-zone': 'Pacific/Kiritimati' } },
] as const
type Zone = (typeof ZONES)[number]

async function loggedIn(): Promise<TestClient> {
  const routes = new URLResolver([path('accounts/', include([...authUrls])), path('admin/', site.urls)])
  setRootUrlconf(routes)
  const client = new TestClient(await createHandler({
    resolver: routes, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware, timeZoneFromHeader],
  }))
  const response = await client.post('/accounts/login/', { username: 'root', password: PASSWORD })
  assert.equal(response.status, 302, 'login')
  return client
}

/** The texts of a column's cells (the first column links to the change page). */
function column(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<th scope="row" class="field-${name}"><a href="[^"]*">([^<]*)</a></th>`, 'g'))].map((m) => m[1]!)
}

/** The choices of the filter titled `title`: `[label, href (unescaped), selected]`. */
function filterChoices(html: string, title: string): [string, string, boolean][] {
  const block = new RegExp(`<details data-filter-title="${title}"[^>]*>([\\s\\S]*?)</details>`).exec(html)
  assert.ok(block, `a filter "${title}"`)
  return [...block[1]!.matchAll(/<li( class="selected")?><a href="([^"]*)"[^>]*>([^<]*)<\/a><\/li>/g)].map((m) => [m[3]!, m[2]!.replaceAll('&amp;', '&'), m[1] !== undefined])
}

/** The query parameters of the choice `label` of the filter `title`. */
function choiceParams(html: string, title: string, label: string): URLSearchParams {
  const choice = filterChoices(html, title).find(([l]) => l === label)
  assert.ok(choice, `a choice "${label}" in "${title}"`)
  return new URLSearchParams(choice[1].slice(1))
}

/** `YYYY-MM-DD` of `days` after the date the zone's clocks show now. */
function localDay(zone: Zone, days = 0): string {
  return new Date(Date.now() + zone.offsetMinutes * 60_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/** The instant the zone's local day `day` starts. */
function localMidnight(zone: Zone, day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - zone.offsetMinutes * 60_000)
}

/**
 * Runs `body` with the zone's local date, again when that date changed while it ran (a run that
 * straddles local midnight would compare one day's rows with the next day's links).
 */
async function onOneLocalDay(zone: Zone, body: (today: string) => Promise<void>): Promise<void> {
  for (;;) {
    const today = localDay(zone)
    await body(today)
    if (localDay(zone) === today) return
  }
}

async function seed(): Promise<void> {
  await Book.objects.all().delete()
  await Author.objects.all().delete()
  await Genre.objects.all().delete()
  await getLogEntryModel().objects.all().delete()
  const ann = await Author.objects.create({ name: 'Ann Leckie', email: 'ann@example.com', born: '1966-03-02' })
  const frank = await Author.objects.create({ name: 'Frank Herbert', email: '' })
  await Author.objects.create({ name: 'Nobody Yet', email: 'nobody@example.com' })
  const ghost = await Author.objects.create({ name: 'Ghost Writer', email: 'ghost@example.com' })
  const scifi = await Genre.objects.create({ name: 'Science fiction' })
  const opera = await Genre.objects.create({ name: 'Space opera' })
  await Genre.objects.create({ name: 'Unused genre' })
  const dune = await Book.objects.create({ title: 'Dune', slug: 'dune', authorId: frank.pk, publishedDate: '1965-08-01' })
  const aj = await Book.objects.create({ title: 'Ancillary Justice', slug: 'aj', authorId: ann.pk, publishedDate: '2013-10-01' })
  await Book.objects.create({ title: 'Ancillary Sword', slug: 'as', authorId: ann.pk, publishedDate: '2014-10-07' })
  await Book.objects.create({ title: 'Hidden Manuscript', slug: 'hidden', authorId: ghost.pk, publishedDate: null })
  await dune.genres.add(scifi)
  await aj.genres.add(opera)
}

forEachDatabase('admin list filters: pairs, related-only, zoned dates', () => {
  let rootPk = 0
  before(async () => {
    setPasswordHashers([cheap])
    await apps.ready()
    await migrate()
    // The log entry model exists once the apps are ready: its actionTime is the DateTimeField under test.
    if (!site.isRegistered(getLogEntryModel())) site.register(getLogEntryModel(), { listDisplay: ['objectRepr'], listFilter: ['actionTime'] })
    const root = await User.objects.create({ username: 'root', password: await makePassword(PASSWORD), isStaff: true, isSuperuser: true })
    rootPk = root.pk!
  })
  beforeEach(seed)

  test('a [field, RelatedOnlyFieldListFilter] pair lists only the related objects the admin\'s rows point at, and filters by one', async () => {
    const client = await loggedIn()
    const page = (await client.get(BOOKS)).text()
    assert.deepEqual(filterChoices(page, 'author').map(([label]) => label), ['All', 'Ann Leckie', 'Frank Herbert'],
      'no "Nobody Yet" (no books), no "Ghost Writer" (only a book getQueryset hides), in the Author ordering')
    assert.deepEqual(filterChoices(page, 'genres').map(([label]) => label), ['All', 'Science fiction', 'Space opera', '-'],
      'many-to-many: the genres in use, and the empty choice')
    const ann = await Author.objects.get({ name: 'Ann Leckie' })
    assert.equal(choiceParams(page, 'author', 'Ann Leckie').get(`author__id__exact`), String(ann.pk))
    const filtered = (await client.get(`${BOOKS}?author__id__exact=${String(ann.pk)}`)).text()
    assert.deepEqual(column(filtered, 'title'), ['Ancillary Justice', 'Ancillary Sword'])
    assert.deepEqual(filterChoices(filtered, 'author').filter(([, , selected]) => selected).map(([label]) => label), ['Ann Leckie'])
    assert.deepEqual(column((await client.get(`${BOOKS}?genres__id__exact=${String((await Genre.objects.get({ name: 'Science fiction' })).pk)}`)).text(), 'title'), ['Dune'])
    await Book.objects.create({ title: 'Nobody\'s First', slug: 'first', authorId: (await Author.objects.get({ name: 'Nobody Yet' })).pk })
    assert.ok(filterChoices((await client.get(BOOKS)).text(), 'author').some(([label]) => label === 'Nobody Yet'), 'listed once the author has a book')
  })

  test('the related-only choices take one query, as many as the plain related filter', async () => {
    const client = await loggedIn()
    const admin = site.getModelAdmin(Book)!
    const saved = admin.listFilter
    const queries = async (listFilter: ModelAdmin['listFilter']): Promise<string[]> => {
      admin.listFilter = listFilter
      try {
        const { result, queries: run } = await captureQueries(() => client.get(BOOKS))
        assert.equal(result.status, 200)
        return run.map((q) => q.sql).filter((sql) => !/django_session|tango_session|auth_/i.test(sql))
      } finally {
        admin.listFilter = saved
      }
    }
    const plain = await queries(['author'])
    const only = await queries([['author', RelatedOnlyFieldListFilter]])
    assert.equal(only.length, plain.length, `plain: ${plain.length} queries, related-only: ${only.length}`)
    assert.ok(only.some((sql) => /IN \(SELECT DISTINCT/i.test(sql)), 'the book keys are a subquery of the author query')
  })

  test('a [field, EmptyFieldListFilter] pair: empty strings for text fields, NULL for nullable ones', async () => {
    const client = await loggedIn()
    const page = (await client.get(AUTHORS)).text()
    assert.deepEqual(filterChoices(page, 'email').map(([label]) => label), ['All', 'Empty', 'Not empty'])
    assert.equal(choiceParams(page, 'email', 'Empty').get('email__isempty'), '1')
    assert.deepEqual(column((await client.get(`${AUTHORS}?email__isempty=1`)).text(), 'name'), ['Frank Herbert'])
    assert.deepEqual(column((await client.get(`${AUTHORS}?email__isempty=0`)).text(), 'name'), ['Ann Leckie', 'Ghost Writer', 'Nobody Yet'])
    assert.deepEqual(column((await client.get(`${AUTHORS}?born__isempty=0`)).text(), 'name'), ['Ann Leckie'])
    const selected = (await client.get(`${AUTHORS}?born__isempty=1`)).text()
    assert.deepEqual(column(selected, 'name'), ['Frank Herbert', 'Ghost Writer', 'Nobody Yet'])
    assert.deepEqual(filterChoices(selected, 'born').filter(([, , s]) => s).map(([label]) => label), ['Empty'])
    const bad = await client.get(`${AUTHORS}?born__isempty=maybe`)
    assert.equal(bad.status, 302)
    assert.equal(bad.headers.get('location'), `${AUTHORS}?e=1`)
  })

  test('checkSite reports bad listFilter entries: not a ListFilter (E113), a FieldListFilter alone (E114), bad pairs (E115), unknown fields (E116)', () => {
    const checked = new AdminSite('filter_checks')
    class NotAFilter {}
    class Decade extends SimpleListFilter {}
    checked.register(Book, {
      listFilter: ['inPrint', 'nope', 'author__name', ['author', RelatedOnlyFieldListFilter], ['author', Decade], ['nosuch', BooleanFieldListFilter], ['author'], NotAFilter, RelatedOnlyFieldListFilter, Decade],
    })
    assert.deepEqual(checkSite(checked).map((m) => `${m.id}:${m.msg}`), [
      "admin.E116:The value of 'listFilter[1]' refers to 'nope', which does not refer to a Field.",
      "admin.E115:The value of 'listFilter[4][1]' must inherit from 'FieldListFilter'.",
      "admin.E116:The value of 'listFilter[5][0]' refers to 'nosuch', which does not refer to a Field.",
      "admin.E115:The value of 'listFilter[6]' must be a pair of a field name and a 'FieldListFilter' subclass.",
      "admin.E113:The value of 'listFilter[7]' must inherit from 'ListFilter'.",
      "admin.E114:The value of 'listFilter[8]' must not inherit from 'FieldListFilter'.",
    ])
    assert.deepEqual(checkSite(site).filter((m) => m.id?.startsWith('admin.E11')), [], 'the admins of this file pass')
  })

  for (const zone of ZONES) {
    const how = 'x-time-zone' in zone.headers ? 'activated for the request' : 'from TIME_ZONE'
    test(`DateTimeField "Today" is the local day of ${zone.name} (${how}): local midnight to local midnight`, async () => {
      const client = await loggedIn()
      const LogEntry = getLogEntryModel()
      await onOneLocalDay(zone, async (today) => {
        await LogEntry.objects.all().delete()
        const start = localMidnight(zone, today)
        const at = (minutes: number): Date => new Date(start.getTime() + minutes * 60_000)
        // Either side of each local midnight: each pair falls on one UTC date, so UTC days would split them otherwise.
        const rows: [string, Date][] = [
          ['late yesterday', at(-30)], ['early today', at(30)], ['late today', at(24 * 60 - 1)], ['early tomorrow', at(24 * 60)], ['last week', at(-6 * 24 * 60)],
        ]
        for (const [objectRepr, actionTime] of rows) {
          await LogEntry.objects.create({ actionTime, userId: rootPk, appLabel: 'library', model: 'book', objectRepr, actionFlag: 1 })
        }
        const page = (await client.get(ENTRIES, { headers: zone.headers })).text()
        const todayLink = choiceParams(page, 'action time', 'Today')
        assert.equal(todayLink.get('actionTime__gte'), `${today} 00:00:00${zone.offsetText}`)
        assert.equal(todayLink.get('actionTime__lt'), `${localDay(zone, 1)} 00:00:00${zone.offsetText}`)
        const href = filterChoices(page, 'action time').find(([label]) => label === 'Today')![1]
        const listed = (await client.get(`${ENTRIES}${href}`, { headers: zone.headers })).text()
        assert.deepEqual(column(listed, 'objectRepr').sort(), ['early today', 'late today'])
        assert.deepEqual(filterChoices(listed, 'action time').filter(([, , s]) => s).map(([label]) => label), ['Today'])
        const week = filterChoices(page, 'action time').find(([label]) => label === 'Past 7 days')![1]
        assert.deepEqual(column((await client.get(`${ENTRIES}${week}`, { headers: zone.headers })).text(), 'objectRepr').sort(), ['early today', 'last week', 'late today', 'late yesterday'])
      })
    })

    test(`DateField "Today", "This month" and "This year" are dates of ${zone.name} (${how})`, async () => {
      const client = await loggedIn()
      await onOneLocalDay(zone, async (today) => {
        await Book.objects.filter({ slug__startswith: 'day-' }).delete()
        const frank = await Author.objects.get({ name: 'Frank Herbert' })
        for (const [title, days] of [['Book of yesterday', -1], ['Book of today', 0], ['Book of tomorrow', 1]] as const) {
          await Book.objects.create({ title, slug: `day-${days}`, authorId: frank.pk, publishedDate: localDay(zone, days) })
        }
        const page = (await client.get(BOOKS, { headers: zone.headers })).text()
        const todayLink = choiceParams(page, 'published date', 'Today')
        assert.equal(todayLink.get('publishedDate__gte'), today)
        assert.equal(todayLink.get('publishedDate__lt'), localDay(zone, 1))
        const href = filterChoices(page, 'published date').find(([label]) => label === 'Today')![1]
        assert.deepEqual(column((await client.get(`${BOOKS}${href}`, { headers: zone.headers })).text(), 'title'), ['Book of today'])
        const [year, month] = today.split('-').map(Number) as [number, number]
        const month1 = choiceParams(page, 'published date', 'This month')
        assert.equal(month1.get('publishedDate__gte'), `${today.slice(0, 7)}-01`)
        assert.equal(month1.get('publishedDate__lt'), month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`)
        const year1 = choiceParams(page, 'published date', 'This year')
        assert.deepEqual([year1.get('publishedDate__gte'), year1.get('publishedDate__lt')], [`${year}-01-01`, `${year + 1}-01-01`])
      })
    })
  }
}, {
  settings: {
    SECRET_KEY: 'filters-extra-secret-key-0123456789-abcdef', SESSION_ENGINE: 'db', REQUEST_LOGGING: false, TIME_ZONE: SETTING_ZONE,
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp], ALLOWED_HOSTS: ['testserver'],
  },
})

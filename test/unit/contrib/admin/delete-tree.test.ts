// The admin's delete confirmations list the cascade as Django does (`get_deleted_objects` with
// `NestedObjects`, rendered by `unordered_list`), on every database: each object followed by a
// nested <ul> of what its deletion takes along (Author → Books → Reviews), the summary per model,
// links only for models registered in the site that the user may change, automatic many-to-many
// join rows as "Book-genre relationship" rows, every PROTECT-ing object in a refusal, the models the
// user may not delete, "delete selected" with one tree per selected row, and escaping throughout.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { apps } from 'tango/core'
import { migrate } from 'tango/db/migrations'
import { TestClient } from 'tango/test'
import { URLResolver, include, path, setRootUrlconf } from 'tango/urls'
import sessionsApp from 'tango/contrib/sessions'
import messagesApp from 'tango/contrib/messages'
import authApp, { Permission, User, authUrls, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { AdminSite, ModelAdmin } from 'tango/contrib/admin'
import type { DeletedObjects } from 'tango/contrib/admin'
import type { ModelInstance } from 'tango/db'
import type { Request } from 'tango/http'
import { markSafe } from 'tango/templates'
import { unorderedList } from 'tango/contrib/admin'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { PASSWORD, cheapHasher, loggedInClient } from './login.ts'
import libraryApp from './fixtures/library/app.ts'
import { Author, Book, Genre, Loan, Review } from './fixtures/library/models.ts'

// Review is left unregistered: its rows are listed as text, never as links.
const site = new AdminSite('tree_admin')
site.register([Author, Book, Genre, Loan])

// A second site whose author admin narrows the listing through the getDeletedObjects hook.
class TerseAuthorAdmin extends ModelAdmin<typeof Author> {
  override async getDeletedObjects(objs: readonly ModelInstance[], request: Request): Promise<DeletedObjects> {
    const found = await super.getDeletedObjects(objs, request)
    return { ...found, deletedObjects: found.deletedObjects.filter((entry) => !Array.isArray(entry)), modelCount: found.modelCount.slice(0, 1) }
  }
}
const terse = new AdminSite('terse_admin')
terse.register(Author, TerseAuthorAdmin)
terse.register(Book)

const routes = new URLResolver([path('accounts/', include([...authUrls])), path('admin/', site.urls), path('terse/', terse.urls)])

function loggedIn(username: string): Promise<TestClient> {
  return loggedInClient(username, { resolver: routes })
}

async function staff(username: string, ...codenames: string[]): Promise<void> {
  const user = await User.objects.create({ username, password: await makePassword(PASSWORD), isStaff: true })
  for (const codename of codenames) await user.userPermissions.add(await Permission.objects.get({ appLabel: 'library', codename }))
}

/** One `<li>` of a listing: its text (HTML as sent, whitespace collapsed), its link, its nested items. */
interface Item {
  text: string
  link: string | null
  readonly children: Item[]
}

/**
 * Reads the `<ul id="...">` of `html` into its items, following the nesting of the markup; asserts
 * that every nested `<ul>` sits inside an `<li>` (valid, accessible nested lists).
 */
function listing(html: string, id: string): Item[] {
  const open = `<ul id="${id}">`
  const start = html.indexOf(open)
  assert.ok(start >= 0, `no ${open} in ${html.slice(0, 2000)}`)
  const root: Item[] = []
  const lists: Item[][] = [root]
  const items: Item[] = []
  const re = /<(\/?)(ul|li|a)\b([^>]*)>|([^<]+)/g
  re.lastIndex = start + open.length
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    const [, close, tag, attrs, text] = m
    const item = items.at(-1)
    if (text !== undefined) {
      if (item) item.text += text
      else assert.equal(text.trim(), '', `text outside any <li>: ${text}`)
    } else if (tag === 'ul' && !close) {
      assert.ok(item && lists.at(-1)!.includes(item), 'a nested <ul> is inside the <li> it belongs to')
      lists.push(item.children)
    } else if (tag === 'ul') {
      lists.pop()
      if (lists.length === 0) return root
    } else if (tag === 'li' && !close) {
      const fresh: Item = { text: '', link: null, children: [] }
      lists.at(-1)!.push(fresh)
      items.push(fresh)
    } else if (tag === 'li') {
      item!.text = item!.text.replace(/\s+/g, ' ').trim()
      items.pop()
    } else if (tag === 'a' && !close) {
      item!.link = /href="([^"]*)"/.exec(attrs ?? '')?.[1] ?? null
    }
  }
  assert.fail(`${open} is not closed`)
}

/** Django's nested-list shape of `items` (siblings sorted by text, the rows' order being the database's). */
function outline(items: readonly Item[]): unknown[] {
  const out: unknown[] = []
  for (const item of [...items].sort((a, b) => a.text.localeCompare(b.text))) {
    out.push(item.text)
    if (item.children.length) out.push(outline(item.children))
  }
  return out
}

/** Every item of a listing, depth first. */
function flatten(items: readonly Item[]): Item[] {
  return items.flatMap((i) => [i, ...flatten(i.children)])
}

function summary(html: string, id: string): string[] {
  return listing(html, id).map((i) => i.text)
}

/** An author with `books` books, each with `reviews` reviews; returns the primary keys. */
async function authorWithBooks(name: string, books: number, reviews: number): Promise<{ authorId: number; bookIds: number[] }> {
  const author = await Author.objects.create({ name })
  const bookIds: number[] = []
  for (let b = 1; b <= books; b++) {
    const book = await Book.objects.create({ title: `${name} book ${b}`, slug: `b-${b}`, authorId: author.id })
    bookIds.push(book.id)
    for (let r = 1; r <= reviews; r++) await Review.objects.create({ bookId: book.id, reviewer: `${name} reader ${b}.${r}`, rating: r })
  }
  return { authorId: author.id, bookIds }
}

describe('unorderedList', () => {
  test('renders a nested list with Django\'s layout (tabs, newlines, <ul> inside the <li>)', () => {
    assert.equal(unorderedList(['item 1', ['item 1.1']]).toString(), '\t<li>item 1\n\t<ul>\n\t\t<li>item 1.1</li>\n\t</ul>\n\t</li>')
    assert.equal(
      unorderedList(['States', ['Kansas', ['Lawrence', 'Topeka'], 'Illinois']]).toString(),
      '\t<li>States\n\t<ul>\n\t\t<li>Kansas\n\t\t<ul>\n\t\t\t<li>Lawrence</li>\n\t\t\t<li>Topeka</li>\n\t\t</ul>\n\t\t</li>\n\t\t<li>Illinois</li>\n\t</ul>\n\t</li>',
    )
  })

  test('escapes text and keeps safe strings', () => {
    assert.equal(unorderedList(['<b>x</b> & y', markSafe('<a href="/x/">x</a>'), []]).toString(), '\t<li>&lt;b&gt;x&lt;/b&gt; &amp; y</li>\n\t<li><a href="/x/">x</a></li>')
  })
})

forEachDatabase('admin delete confirmation tree', () => {
  before(async () => {
    setPasswordHashers([cheapHasher])
    setRootUrlconf(routes)
    await apps.ready()
    await migrate()
    await User.objects.create({ username: 'root', password: await makePassword(PASSWORD), isStaff: true, isSuperuser: true })
    await staff('deleter', 'delete_author', 'delete_book', 'change_author')
    await staff('authoronly', 'delete_author')
  })

  test('an author: books nested under it, reviews under each book, the summary per model', async () => {
    const { authorId, bookIds } = await authorWithBooks('Ann', 2, 2)
    const client = await loggedIn('root')
    const page = await client.get(`/admin/library/author/${String(authorId)}/delete/`)
    assert.equal(page.status, 200)
    const html = page.text()
    assert.deepEqual(outline(listing(html, 'deleted-objects')), [
      'Author: Ann', [
        'Book: Ann book 1', ['Review: Ann reader 1.1 (1)', 'Review: Ann reader 1.2 (2)'],
        'Book: Ann book 2', ['Review: Ann reader 2.1 (1)', 'Review: Ann reader 2.2 (2)'],
      ],
    ])
    assert.deepEqual(summary(html, 'deletion-summary'), ['Authors: 1', 'Books: 2', 'Reviews: 4'])
    // Django's markup: the object part is the link, and a sub-list opens inside its item.
    assert.match(html, new RegExp(`<li>Author: <a href="/admin/library/author/${String(authorId)}/change/">Ann</a>\\n\\t<ul>\\n\\t\\t<li>Book: <a href="/admin/library/book/(${bookIds.join('|')})/change/">Ann book \\d</a>\\n\\t\\t<ul>\\n\\t\\t\\t<li>Review: Ann reader`))
    const items = flatten(listing(html, 'deleted-objects'))
    assert.deepEqual(items.filter((i) => i.link !== null).map((i) => i.link).sort(), [
      `/admin/library/author/${String(authorId)}/change/`, ...bookIds.map((id) => `/admin/library/book/${id}/change/`),
    ].sort())
    assert.ok(items.filter((i) => i.text.startsWith('Review:')).every((i) => i.link === null), 'Review is not registered in this site: text only')
    const done = await client.post(`/admin/library/author/${String(authorId)}/delete/`, { post: 'yes' })
    assert.equal(done.status, 302)
    assert.equal(await Review.objects.filter({ reviewer__startswith: 'Ann reader' }).count(), 0)
  })

  test('ModelAdmin.getDeletedObjects is the hook both pages use (Django\'s get_deleted_objects)', async () => {
    const { authorId } = await authorWithBooks('Hook', 2, 1)
    const client = await loggedIn('root')
    const html = (await client.get(`/terse/library/author/${String(authorId)}/delete/`)).text()
    assert.deepEqual(outline(listing(html, 'deleted-objects')), ['Author: Hook'])
    assert.deepEqual(summary(html, 'deletion-summary'), ['Authors: 1'])
    const selected = (await client.post('/terse/library/author/', { action: 'deleteSelected', index: '0', _selected_action: String(authorId) })).text()
    assert.deepEqual(outline(listing(selected, 'deleted-objects')), ['Author: Hook'])
  })

  test('links only where the user may change: a user with delete but not change on books sees them as text', async () => {
    const { authorId } = await authorWithBooks('Bea', 2, 1)
    const page = await (await loggedIn('deleter')).get(`/admin/library/author/${String(authorId)}/delete/`)
    assert.equal(page.status, 200)
    const items = flatten(listing(page.text(), 'deleted-objects'))
    assert.deepEqual(items.map((i) => [i.text, i.link !== null]).sort(), [
      ['Author: Bea', true], ['Book: Bea book 1', false], ['Book: Bea book 2', false], ['Review: Bea reader 1.1 (1)', false], ['Review: Bea reader 2.1 (1)', false],
    ])
    assert.doesNotMatch(page.text(), /\/admin\/library\/book\/\d+\/change\//)
    await Author.objects.filter({ pk: authorId }).delete()
  })

  test('a user who may delete authors but not books is refused, and a confirming POST is forbidden', async () => {
    const { authorId } = await authorWithBooks('Cal', 1, 0)
    const client = await loggedIn('authoronly')
    const page = await client.get(`/admin/library/author/${String(authorId)}/delete/`)
    assert.equal(page.status, 200)
    assert.match(page.text(), /your account doesn't have permission to delete the following types of objects:/)
    assert.deepEqual(summary(page.text(), 'perms-needed'), ['book'])
    assert.doesNotMatch(page.text(), /id="deleted-objects"/)
    assert.equal((await client.post(`/admin/library/author/${String(authorId)}/delete/`, { post: 'yes' })).status, 403)
    assert.ok(await Author.objects.filter({ pk: authorId }).exists())
    await Author.objects.filter({ pk: authorId }).delete()
  })

  test('PROTECT: the refusal lists every loan that blocks the deletion, and POST deletes nothing', async () => {
    const { authorId, bookIds } = await authorWithBooks('Dot', 1, 1)
    const bookId = bookIds[0]!
    for (const borrower of ['Kim', 'Lee', 'Max']) await Loan.objects.create({ bookId, borrower })
    const client = await loggedIn('root')
    const url = `/admin/library/book/${String(bookId)}/delete/`
    const page = await client.get(url)
    assert.equal(page.status, 200)
    assert.match(page.text(), /Deleting the book “Dot book 1” would require deleting the following protected related objects:/)
    const loans = listing(page.text(), 'protected-objects')
    assert.deepEqual(loans.map((i) => i.text).sort(), ['Loan: Loan to Kim', 'Loan: Loan to Lee', 'Loan: Loan to Max'])
    assert.ok(loans.every((i) => /^\/admin\/library\/loan\/\d+\/change\/$/.test(i.link ?? '')), 'Loan is registered: links')
    assert.doesNotMatch(page.text(), /Yes, I’m sure/)
    // From the author, two levels up: the same three loans, once each.
    const fromAuthor = await client.get(`/admin/library/author/${String(authorId)}/delete/`)
    assert.deepEqual(listing(fromAuthor.text(), 'protected-objects').map((i) => i.text).sort(), ['Loan: Loan to Kim', 'Loan: Loan to Lee', 'Loan: Loan to Max'])
    await client.post(url, { post: 'yes' })
    assert.ok(await Book.objects.filter({ pk: bookId }).exists())
    assert.equal(await Loan.objects.filter({ bookId }).count(), 3)
    await Loan.objects.filter({ bookId }).delete()
    await Author.objects.filter({ pk: authorId }).delete()
  })

  test('many-to-many join rows are listed under their object as Django\'s "Book-genre relationship"', async () => {
    const { authorId, bookIds } = await authorWithBooks('Eve', 1, 0)
    const book = await Book.objects.get({ pk: bookIds[0]! })
    const poetry = await Genre.objects.create({ name: 'Poetry' })
    const essays = await Genre.objects.create({ name: 'Essays' })
    await book.genres.add(poetry, essays)
    const client = await loggedIn('root')
    const page = await client.get(`/admin/library/book/${String(book.pk)}/delete/`)
    const [root] = listing(page.text(), 'deleted-objects')
    assert.equal(root?.text, 'Book: Eve book 1')
    assert.deepEqual(root.children.map((i) => i.text.replace(/\(\d+\)/, '(N)')), ['Book-genre relationship: Book_genres object (N)', 'Book-genre relationship: Book_genres object (N)'])
    assert.deepEqual(summary(page.text(), 'deletion-summary'), ['Books: 1', 'Book-genre relationships: 2'])
    // From the other side: deleting a genre takes its join row, not the book.
    const genrePage = await client.get(`/admin/library/genre/${String(poetry.pk)}/delete/`)
    assert.deepEqual(outline(listing(genrePage.text(), 'deleted-objects')).map((t) => (typeof t === 'string' ? t : (t as string[]).map((s) => s.replace(/\(\d+\)/, '(N)')))), [
      'Genre: Poetry', ['Book-genre relationship: Book_genres object (N)'],
    ])
    assert.deepEqual(summary(genrePage.text(), 'deletion-summary'), ['Genres: 1', 'Book-genre relationships: 1'])
    await client.post(`/admin/library/genre/${String(poetry.pk)}/delete/`, { post: 'yes' })
    assert.deepEqual((await book.genres.all()).map((g) => g.name), ['Essays'])
    await Author.objects.filter({ pk: authorId }).delete()
    await Genre.objects.all().delete()
  })

  test('delete selected: one tree per selected author, the summary over all of them', async () => {
    const fay = await authorWithBooks('Fay', 1, 1)
    const gus = await authorWithBooks('Gus', 2, 0)
    const client = await loggedIn('root')
    const page = await client.post('/admin/library/author/', { action: 'deleteSelected', index: '0', _selected_action: [String(fay.authorId), String(gus.authorId)] })
    assert.equal(page.status, 200)
    const html = page.text()
    assert.match(html, /Are you sure you want to delete the selected authors\?/)
    assert.deepEqual(outline(listing(html, 'deleted-objects')), [
      'Author: Fay', ['Book: Fay book 1', ['Review: Fay reader 1.1 (1)']],
      'Author: Gus', ['Book: Gus book 1', 'Book: Gus book 2'],
    ])
    assert.deepEqual(summary(html, 'model-count'), ['Authors: 2', 'Books: 3', 'Reviews: 1'])
    const done = await client.post('/admin/library/author/', { action: 'deleteSelected', post: 'yes', _selected_action: [String(fay.authorId), String(gus.authorId)] })
    assert.equal(done.status, 302)
    assert.equal(await Author.objects.filter({ name__in: ['Fay', 'Gus'] }).count(), 0)
  })

  test('delete selected refuses with every loan of every selected book', async () => {
    const { authorId, bookIds } = await authorWithBooks('Hal', 2, 0)
    for (const [i, bookId] of bookIds.entries()) await Loan.objects.create({ bookId, borrower: `Reader ${i}` })
    const client = await loggedIn('root')
    const page = await client.post('/admin/library/author/', { action: 'deleteSelected', index: '0', _selected_action: String(authorId) })
    assert.match(page.text(), /Cannot delete author/)
    assert.deepEqual(listing(page.text(), 'protected').map((i) => i.text).sort(), ['Loan: Loan to Reader 0', 'Loan: Loan to Reader 1'])
    await Loan.objects.filter({ bookId__in: bookIds }).delete()
    await Author.objects.filter({ pk: authorId }).delete()
  })

  test('every user value is escaped: a <script> title, linked or not', async () => {
    const authorId = (await Author.objects.create({ name: 'Ivy' })).id
    const book = await Book.objects.create({ title: '<script>alert(1)</script>', slug: 'xss', authorId })
    await Review.objects.create({ bookId: book.id, reviewer: '<script>alert(2)</script>', rating: 1 })
    const html = (await (await loggedIn('root')).get(`/admin/library/author/${String(authorId)}/delete/`)).text()
    assert.doesNotMatch(html, /<script>alert/)
    assert.deepEqual(outline(listing(html, 'deleted-objects')), [
      'Author: Ivy', ['Book: &lt;script&gt;alert(1)&lt;/script&gt;', ['Review: &lt;script&gt;alert(2)&lt;/script&gt; (1)']],
    ])
    assert.match(html, new RegExp(`Book: <a href="/admin/library/book/${String(book.id)}/change/">&lt;script&gt;alert\\(1\\)&lt;/script&gt;</a>`))
    await Author.objects.filter({ pk: authorId }).delete()
  })
}, {
  settings: {
    SECRET_KEY: 'delete-tree-secret-key-0123456789-abcdef', SESSION_ENGINE: 'db', REQUEST_LOGGING: false,
    INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp], ALLOWED_HOSTS: ['testserver'],
  },
})

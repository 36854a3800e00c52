// The admin's system checks and option defaults, without a database: a ModelAdmin naming unknown
// fields is reported with Django's ids, the defaults of every contract field are Django's, and the
// display/action helpers attach their options.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { AdminSite, ModelAdmin, TabularInline, action, checkSite, display } from 'tango/contrib/admin'
import { Author, Book, Genre } from './fixtures/library/models.ts'

test('checkSite reports unknown fields (admin.E035), list columns (admin.E108) and inlines without a foreign key (admin.E202)', () => {
  const site = new AdminSite('checks')
  class GenreInline extends TabularInline {
    static model = Genre
  }
  site.register(Book, { fields: ['title', 'nope'], listDisplay: ['title', 'missing'], inlines: [GenreInline] })
  site.register(Author, { fieldsets: [[null, { fields: ['name', ['email', 'born']] }]] })
  const ids = checkSite(site).map((m) => `${m.id}:${m.msg}`)
  assert.deepEqual(ids, [
    "admin.E035:The value of 'fields' refers to 'nope', which is not a field of 'library.Book'.",
    "admin.E108:The value of 'listDisplay' refers to 'missing', which is not a callable, an attribute of 'ModelAdmin', or a field of 'library.Book'.",
    "admin.E202:'library.Genre' has no ForeignKey to 'library.Book'.",
  ])
})

test('ModelAdmin defaults are Django\'s', () => {
  const admin = new ModelAdmin(Book, new AdminSite('defaults'))
  assert.deepEqual(admin.listDisplay, ['__str__'])
  assert.equal(admin.listDisplayLinks, null)
  assert.equal(admin.listPerPage, 100)
  assert.equal(admin.listMaxShowAll, 200)
  assert.deepEqual(admin.actions, [])
  assert.equal(admin.actionsOnTop, true)
  assert.equal(admin.actionsOnBottom, false)
  assert.equal(admin.saveAs, false)
  assert.equal(admin.saveAsContinue, true)
  assert.equal(admin.viewOnSite, true)
  assert.equal(admin.emptyValueDisplay, '-')
  assert.equal(admin.opts, Book._meta)
  assert.equal(admin.permissionName('change'), 'library.change_book')
})

test('display() and action() attach Django\'s attributes to the function', () => {
  const fn = display({ description: 'Recent?', boolean: true, ordering: 'publishedDate' }, (b: { publishedDate: string | null }) => b.publishedDate !== null)
  assert.equal(fn.description, 'Recent?')
  assert.equal(fn.boolean, true)
  assert.equal(fn.ordering, 'publishedDate')
  const act = action({ description: 'Mark %(verbose_name_plural)s', permissions: ['change'] }, async () => {})
  assert.deepEqual(act.permissions, ['change'])
})

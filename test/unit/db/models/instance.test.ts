import { test } from 'node:test'
import assert from 'node:assert/strict'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { f } from '../../../../framework/src/db/fields/index.ts'
import { defineModel } from '../../../../framework/src/db/models/define-model.ts'
import { modelRegistry } from '../../../../framework/src/db/models/registry.ts'
import { preSave, postSave, preDelete, postDelete, m2mChanged } from '../../../../framework/src/db/models/signals.ts'
import { ValidationError, IntegrityError } from '../../../../framework/src/db/errors.ts'
import type { AnyModel } from '../../../../framework/src/db/models/types.ts'
import { captureQueries } from '../../../../framework/src/db/query/execute.ts'

const Author = defineModel('lib.Author', {
  name: f.char({ maxLength: 50, unique: true }),
  created: f.dateTime({ autoNowAdd: true }),
  modified: f.dateTime({ autoNow: true }),
})
const Book = defineModel('lib.Book', {
  author: f.foreignKey('lib.Author', { onDelete: 'CASCADE', relatedName: 'books' }),
  title: f.char({ maxLength: 100 }),
  pages: f.integer({ default: 100 }),
  tags: f.manyToMany('lib.Tag', { relatedName: 'books' }),
})
const Tag = defineModel('lib.Tag', { label: f.slug() })
declare module 'tango/db' {
  interface ModelRegistry {
    'lib.Author': typeof Author
    'lib.Book': typeof Book
    'lib.Tag': typeof Tag
  }
}

async function createTables(models: readonly AnyModel[]): Promise<void> {
  const { connections } = await import('../../../../framework/src/db/connection.ts')
  const editor = connections.get('default').schemaEditor({ resolveModel: (label) => modelRegistry.getModel(label)._meta })
  for (const model of models) await editor.createModel(model._meta)
}

forEachDatabase('model instances', () => {
  test('save inserts, fills autoNow fields, then updates', async () => {
    await createTables([Author, Tag, Book])
    const a = new Author({ name: 'Ann' })
    assert.equal(a.pk, null)
    await a.save()
    assert.equal(typeof a.id, 'number')
    assert.ok(a.created instanceof Date)
    const firstModified = a.modified
    a.name = 'Anne'
    await a.save()
    const again = new Author({ id: a.id })
    await again.refreshFromDb()
    assert.equal(again.name, 'Anne')
    assert.ok(again.modified.getTime() >= firstModified.getTime())
    assert.equal(again.created.getTime(), a.created.getTime())
  })

  test('updateFields writes only those fields', async () => {
    const a = new Author({ name: 'Bob' })
    await a.save()
    a.name = 'Robert'
    const stale = new Author({ id: a.id })
    await stale.refreshFromDb()
    stale.name = 'Bobby'
    await stale.save({ updateFields: ['modified'] })
    await a.refreshFromDb()
    assert.equal(a.name, 'Bob')
  })

  test('refreshFromDb of a deleted row throws DoesNotExist', async () => {
    const a = new Author({ name: 'Gone' })
    await a.save()
    const id = a.id
    await a.delete()
    assert.equal(a.pk, null)
    await assert.rejects(new Author({ id }).refreshFromDb(), Author.DoesNotExist)
  })

  test('unique violations: IntegrityError on save, a message from fullClean', async () => {
    await new Author({ name: 'Cy' }).save()
    const dup = new Author({ name: 'Cy' })
    await assert.rejects(dup.fullClean(), (error: unknown) => {
      assert.ok(error instanceof ValidationError)
      assert.deepEqual(error.errors, { name: ['Author with this Name already exists.'] })
      return true
    })
    await assert.rejects(dup.save(), IntegrityError)
  })

  test('signals fire in order with created flags', async () => {
    const seen: string[] = []
    const uid = { dispatchUid: 'test' }
    preSave.connect(({ sender, instance }) => { if (sender === Author) seen.push(`pre:${String(instance.pk)}`) }, uid)
    postSave.connect(({ sender, created }) => { if (sender === Author) seen.push(`post:${created}`) }, uid)
    preDelete.connect(({ sender }) => { if (sender === Author) seen.push('preDelete') }, uid)
    postDelete.connect(({ sender }) => { if (sender === Author) seen.push('postDelete') }, uid)
    try {
      const a = new Author({ name: 'Sig' })
      await a.save()
      await a.save()
      await a.delete()
    } finally {
      for (const s of [preSave, postSave, preDelete, postDelete]) s.disconnect(null, uid)
    }
    assert.equal(seen[0], 'pre:null')
    assert.deepEqual(seen.slice(1), ['post:true', `pre:${seen[2]?.slice(4)}`, 'post:false', 'preDelete', 'postDelete'])
  })

  test('foreign keys: id, awaitable accessor, reverse manager', async () => {
    const a = new Author({ name: 'Dee' })
    await a.save()
    const b = new Book({ author: a, title: 'One' })
    await b.save()
    assert.equal(b.authorId, a.id)
    assert.equal(b.pages, 100)
    const loaded = new Book({ id: b.id })
    await loaded.refreshFromDb()
    const author = await loaded.author
    assert.equal(author.name, 'Dee')
    assert.ok(author instanceof Author)
    await a.books.create({ title: 'Two' })
    assert.equal(await a.books.count(), 2)
    const titles = (await a.books.all().orderBy('title')).map((x) => x.title)
    assert.deepEqual(titles, ['One', 'Two'])
  })

  test('many-to-many: add, remove, set, clear with m2mChanged', async () => {
    const a = new Author({ name: 'Eve' })
    await a.save()
    const b = new Book({ author: a, title: 'Tagged' })
    await b.save()
    const t1 = new Tag({ label: 'x' })
    const t2 = new Tag({ label: 'y' })
    await t1.save()
    await t2.save()
    const actions: string[] = []
    m2mChanged.connect(({ action, pkSet }) => { actions.push(`${action}:${pkSet?.length ?? '-'}`) }, { dispatchUid: 'm2m' })
    try {
      await b.tags.add(t1, t2.id, t1)
      assert.equal(await b.tags.count(), 2)
      assert.deepEqual((await b.tags.all().orderBy('label')).map((t) => t.label), ['x', 'y'])
      await b.tags.remove(t1)
      assert.equal(await b.tags.count(), 1)
      await b.tags.set([t1])
      assert.deepEqual((await b.tags.all()).map((t) => t.label), ['x'])
      // The reverse side and a span through the join table.
      assert.deepEqual((await t1.books.all()).map((x) => x.title), ['Tagged'])
      assert.deepEqual((await t2.books.all()).map((x) => x.title), [])
      assert.deepEqual((await Book.objects.filter({ tags__pk: t1.id })).map((x) => x.title), ['Tagged'])
      assert.deepEqual((await Book.objects.filter({ tags__label: 'x' })).map((x) => x.title), ['Tagged'])
      assert.deepEqual((await Book.objects.filter({ tags: t1.id })).map((x) => x.title), ['Tagged'])
      assert.deepEqual((await Tag.objects.filter({ books__title: 'Tagged' })).map((t) => t.label), ['x'])
      await b.tags.clear()
      assert.equal(await b.tags.count(), 0)
    } finally {
      m2mChanged.disconnect(null, { dispatchUid: 'm2m' })
    }
    assert.deepEqual(actions.slice(0, 4), ['preAdd:2', 'postAdd:2', 'preRemove:1', 'postRemove:1'])
  })

  test('after prefetchRelated, related managers answer all() and count() without a query', async () => {
    const a = new Author({ name: 'Pre' })
    await a.save()
    const one = await a.books.create({ title: 'P1' })
    await a.books.create({ title: 'P2' })
    const t = new Tag({ label: 'pre' })
    await t.save()
    await one.tags.add(t)

    const [author] = await Author.objects.filter({ name: 'Pre' }).prefetchRelated('books')
    const reverseFk = await captureQueries(async () => ({ rows: await author!.books.all(), count: await author!.books.count() }))
    assert.equal(reverseFk.queries.length, 0)
    assert.deepEqual(reverseFk.result.rows.map((x) => x.title).sort(), ['P1', 'P2'])
    assert.equal(reverseFk.result.count, 2)
    // Chaining from the prefetched rows queries again, as Django.
    assert.deepEqual((await captureQueries(() => author!.books.filter({ title: 'P1' }))).queries.length, 1)

    const books = await Book.objects.filter({ author: a }).orderBy('title').prefetchRelated('tags')
    const forwardM2m = await captureQueries(async () => [await books[0]!.tags.all(), await books[1]!.tags.all()])
    assert.equal(forwardM2m.queries.length, 0)
    assert.deepEqual(forwardM2m.result.map((list) => list.map((x) => x.label)), [['pre'], []])

    const [tag] = await Tag.objects.filter({ label: 'pre' }).prefetchRelated('books')
    const reverseM2m = await captureQueries(() => tag!.books.all())
    assert.equal(reverseM2m.queries.length, 0)
    assert.deepEqual(reverseM2m.result.map((x) => x.title), ['P1'])

    // A change through the manager forgets the prefetched rows.
    await books[1]!.tags.add(t)
    const after = await captureQueries(() => books[1]!.tags.all())
    assert.equal(after.queries.length, 1)
    assert.deepEqual(after.result.map((x) => x.label), ['pre'])
    await author!.books.create({ title: 'P3' })
    assert.equal(await author!.books.count(), 3)
  })

  test('delete cascades through the query layer', async () => {
    const a = new Author({ name: 'Fay' })
    await a.save()
    await new Book({ author: a, title: 'Z' }).save()
    const result = await a.delete()
    assert.equal(result.perModel['lib.Book'], 1)
    assert.equal(await Book.objects.filter({ title: 'Z' }).count(), 0)
  })
})

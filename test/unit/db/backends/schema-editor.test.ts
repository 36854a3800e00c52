import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { db } from '../../../../framework/src/db/connection.ts'
import type { FieldSpec, ModelSpec } from '../../../../framework/src/db/spec.ts'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { field, fk, model, resolver } from './models.ts'

const Author = model('lib.Author', [field('name', 'CharField', { maxLength: 100 })])
const Tag = model('lib.Tag', [field('label', 'CharField', { maxLength: 30 })])
const votes = field('votes', 'IntegerField')
const title = field('title', 'CharField', { maxLength: 200 })
const Book = model('lib.Book', [title, votes, fk('author', 'lib.Author'), field('tags', 'ManyToManyField', { relation: { to: 'lib.Tag', relatedName: null, onDelete: null, through: null, dbTable: null } })])
const resolve = resolver(Author, Tag, Book)

const count = async (table: string): Promise<number> => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
const replace = (m: ModelSpec, oldName: string, f: FieldSpec): ModelSpec => ({ ...m, fields: m.fields.map((x) => (x.name === oldName ? f : x)) })

forEachDatabase('SchemaEditor', (ctx) => {
  const editor = () => ctx.connection().schemaEditor({ resolveModel: resolve })
  let book = Book

  test('createModel makes tables, the M2M join table and FK indexes', async () => {
    const e = editor()
    await e.atomic(async () => { await e.createModel(Author); await e.createModel(Tag); await e.createModel(Book) })
    assert.ok(e.executed.some((s) => s.startsWith('CREATE TABLE "lib_book_tags"')))
    assert.ok(e.executed.some((s) => /CREATE INDEX .* ON "lib_book" \("author_id"\)/.test(s)))
    assert.ok(!e.executed.some((s) => /ON DELETE/i.test(s)), 'no ON DELETE: the ORM applies on-delete rules')
    await db().insertInto('lib_author').values({ name: 'Ann' }).execute()
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ title: `Book ${i}`, votes: i, author_id: 1 }))
    for (let i = 0; i < rows.length; i += 2000) await db().insertInto('lib_book').values(rows.slice(i, i + 2000)).execute()
    await db().insertInto('lib_tag').values({ label: 't' }).execute()
    await db().insertInto('lib_book_tags').values({ book_id: 1, tag_id: 1 }).execute()
  })

  test('addField NOT NULL with a default fills all 10,000 rows, then new rows need a value', async () => {
    const status = field('status', 'CharField', { maxLength: 10, hasDefault: true, default: 'draft' })
    const e = editor()
    await e.atomic(() => e.addField(book, status))
    book = { ...book, fields: [...book.fields, status] }
    assert.equal(await count('lib_book'), 10_000)
    const drafts = await db().selectFrom('lib_book').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'draft').executeTakeFirstOrThrow()
    assert.equal(Number(drafts.n), 10_000)
    await assert.rejects(db().insertInto('lib_book').values({ title: 'x', votes: 1, author_id: 1 }).execute(), 'the DB default was dropped, as Django')
    assert.equal(await count('lib_book_tags'), 1)
  })

  test('alterField integer → decimal keeps the values', async () => {
    const price = field('votes', 'DecimalField', { maxDigits: 12, decimalPlaces: 2 })
    const e = editor()
    await e.atomic(() => e.alterField(book, votes, price))
    book = replace(book, 'votes', price)
    const row = await db().selectFrom('lib_book').select('votes').where('id', '=', 43).executeTakeFirstOrThrow()
    assert.equal(ctx.connection().ops.fromDb(price, row.votes), '42.00')
    assert.equal(await count('lib_book'), 10_000)
  })

  test('alterField char → text and a column rename keep the values', async () => {
    const body = field('title', 'TextField', { column: 'heading', null: true })
    const e = editor()
    await e.atomic(() => e.alterField(book, title, body))
    book = replace(book, 'title', body)
    const row = await db().selectFrom('lib_book').select('heading').where('id', '=', 10).executeTakeFirstOrThrow()
    assert.equal(row.heading, 'Book 9')
    assert.equal(await count('lib_book'), 10_000)
  })

  test('alterField adding unique enforces it; null → not null fills the default', async () => {
    const name = Author.fields[1] as FieldSpec
    const unique = { ...name, unique: true }
    const e = editor()
    await e.atomic(() => e.alterField(Author, name, unique))
    await assert.rejects(db().insertInto('lib_author').values({ name: 'Ann' }).execute())
    const heading = book.fields.find((f) => f.name === 'title') as FieldSpec
    await db().updateTable('lib_book').set({ heading: null }).where('id', '=', 1).execute()
    const required = { ...heading, null: false, hasDefault: true, default: 'untitled' }
    await e.atomic(() => e.alterField(book, heading, required))
    book = replace(book, 'title', required)
    assert.equal((await db().selectFrom('lib_book').select('heading').where('id', '=', 1).executeTakeFirstOrThrow()).heading, 'untitled')
  })

  test('a schema change that leaves dangling foreign keys fails and rolls back', async () => {
    await db().deleteFrom('lib_author').execute().catch(() => undefined)
    const e = editor()
    const extra = field('extra', 'IntegerField', { null: true, hasDefault: true, default: 1 })
    if (ctx.vendor === 'sqlite') {
      // Foreign keys are off during the rebuild; the check before commit must catch the orphans.
      await assert.rejects(e.atomic(async () => {
        await sql.raw('DELETE FROM lib_author').execute(db())
        await e.addField(book, extra)
      }), /Foreign key check failed/)
    } else {
      await assert.rejects(e.atomic(async () => {
        await sql.raw('DELETE FROM lib_author').execute(db())
        await e.addField(book, extra)
      }))
    }
    assert.equal(await count('lib_author'), 1)
    const cols = Object.keys(await db().selectFrom('lib_book').selectAll().executeTakeFirstOrThrow())
    assert.ok(!cols.includes('extra'))
    assert.equal(await count('lib_book'), 10_000)
  })

  test('constraints: partial unique, check, unique together, add and remove', async () => {
    const e = editor()
    const partial = { kind: 'unique' as const, name: 'one_draft_heading', fields: ['title'], condition: `status = 'special'` }
    const check = { kind: 'check' as const, name: 'status_not_bad', check: `status <> 'bad'` }
    await e.atomic(async () => {
      await e.addConstraint(book, partial)
      book = { ...book, constraints: [partial] } // each call gets the table as it is now (a SQLite rebuild recreates from it)
      await e.addConstraint(book, check)
    })
    book = { ...book, constraints: [partial, check] }
    await assert.rejects(db().insertInto('lib_book').values({ heading: 'h', votes: '1', author_id: 1, status: 'bad' }).execute())
    await db().insertInto('lib_book').values({ heading: 'same', votes: '1', author_id: 1, status: 'special' }).execute()
    await assert.rejects(db().insertInto('lib_book').values({ heading: 'same', votes: '1', author_id: 1, status: 'special' }).execute())
    await e.atomic(async () => {
      await e.removeConstraint(book, check)
      book = { ...book, constraints: [partial] }
      await e.alterUniqueTogether(book, [], [['title', 'status']])
    })
    book = { ...book, uniqueTogether: [['title', 'status']] }
    await db().insertInto('lib_book').values({ heading: 'neg', votes: '-1', author_id: 1, status: 'bad' }).execute()
    await assert.rejects(db().insertInto('lib_book').values({ heading: 'neg', votes: '2', author_id: 1, status: 'bad' }).execute())
    await e.atomic(() => e.alterUniqueTogether(book, [['title', 'status']], []))
    book = { ...book, uniqueTogether: [] }
    await db().insertInto('lib_book').values({ heading: 'neg', votes: '2', author_id: 1, status: 'bad' }).execute()
  })

  test('removeField, alterDbTable, indexes, deleteModel', async () => {
    const e = editor()
    const index = { name: 'book_status_idx', fields: ['status', '-votes'] }
    await e.atomic(async () => {
      await e.addIndex(book, index)
      await e.removeIndex(book, index)
      await e.removeField(book, book.fields.find((f) => f.name === 'tags') as FieldSpec)
      await e.alterDbTable(book, 'lib_book', 'lib_volume')
    })
    assert.ok((await count('lib_volume')) >= 10_000)
    await e.atomic(() => e.deleteModel({ ...book, dbTable: 'lib_volume', fields: book.fields.filter((f) => f.name !== 'tags') }))
    await assert.rejects(db().selectFrom('lib_volume').selectAll().execute())
  })

  test('collectSql only records the statements', async () => {
    const e = ctx.connection().schemaEditor({ resolveModel: resolve, collectSql: true })
    const Other = model('lib.Other', [field('n', 'IntegerField'), fk('author', 'lib.Author')])
    await e.atomic(async () => { await e.createModel(Other); await e.addField(Other, field('m', 'IntegerField', { hasDefault: true, default: 5 })) })
    assert.ok(e.executed.length >= 3)
    assert.ok(e.executed[0]?.startsWith('CREATE TABLE "lib_other"'))
    await assert.rejects(db().selectFrom('lib_other').selectAll().execute())
  })
})

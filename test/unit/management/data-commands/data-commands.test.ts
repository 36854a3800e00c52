// dumpdata → flush → loaddata keeps every row, inspectdb describes known tables, dbshell names its client: on every database.
import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { db, defineModel, f, modelRegistry } from '../../../../framework/src/db/index.ts'
import { dumpdataCommand } from '../../../../framework/src/management/commands/dumpdata.ts'
import { flushCommand } from '../../../../framework/src/management/commands/flush.ts'
import { inspectDatabase } from '../../../../framework/src/management/commands/inspectdb.ts'
import { loaddataCommand } from '../../../../framework/src/management/commands/loaddata.ts'
import { clientCommand, runClient } from '../../../../framework/src/management/commands/dbshell.ts'
import { CommandError } from '../../../../framework/src/management/errors.ts'
import { forEachDatabase } from '../../../helpers/databases.ts'

const Author = defineModel('shelf.Author', {
  name: f.char({ maxLength: 100 }),
  born: f.date({ null: true }),
})
const Tag = defineModel('shelf.Tag', { label: f.char({ maxLength: 30 }) })
const Book = defineModel('shelf.Book', {
  author: f.foreignKey('shelf.Author', { onDelete: 'CASCADE', relatedName: 'books' }),
  title: f.char({ maxLength: 200 }),
  price: f.decimal({ maxDigits: 8, decimalPlaces: 2 }),
  inPrint: f.boolean({ default: true }),
  published: f.dateTime({ null: true }),
  tags: f.manyToMany('shelf.Tag', { relatedName: 'books' }),
})

/** Runs a command, returning its exit status and what it printed. */
async function run(command: { run: (argv: readonly string[]) => unknown }, argv: readonly string[]): Promise<{ status: unknown; out: string }> {
  const original = process.stdout.write.bind(process.stdout)
  let out = ''
  // The commands write strings; the test runner's own reports to its parent are bytes and must pass through.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    if (typeof chunk !== 'string') return original(chunk, ...rest)
    out += chunk
    return true
  }) as typeof process.stdout.write
  try {
    return { status: await command.run(argv), out }
  } finally {
    process.stdout.write = original
  }
}

async function snapshot(): Promise<unknown> {
  const rows = async (table: string): Promise<unknown[]> => (await db().selectFrom(table).selectAll().execute()).map((r) => JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as unknown)
  return { authors: await rows('shelf_author'), tags: await rows('shelf_tag'), books: await rows('shelf_book'), bookTags: (await rows('shelf_book_tags')).map((r) => {
    // The join table's own id is not part of a fixture (Django renumbers join rows too).
    const { id: _id, ...rest } = r as Record<string, unknown>
    return rest
  }) }
}

forEachDatabase('data commands', (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'tango-fixtures-'))

  before(async () => {
    const editor = ctx.connection().schemaEditor({ resolveModel: (label) => modelRegistry.getModel(label)._meta })
    for (const model of [Author, Tag, Book]) await editor.createModel(model._meta)
    const ada = await Author.objects.create({ name: 'Ada', born: '1815-12-10' })
    const bob = await Author.objects.create({ name: 'Bob "the" O\'Neil', born: null })
    const [t1, t2] = [await Tag.objects.create({ label: 'math' }), await Tag.objects.create({ label: 'poetry' })]
    const b1 = await Book.objects.create({ author: ada.id, title: 'Notes', price: '12.50', inPrint: false, published: new Date('2024-05-06T07:08:09.123Z') })
    await Book.objects.create({ author: bob.id, title: 'Verses', price: '0.99', published: null })
    await b1.tags.add(t1, t2)
  })

  test('dumpdata writes Django\'s fixture format', async () => {
    const { out } = await run(dumpdataCommand, ['shelf.Book', '--indent', '2'])
    const objects = JSON.parse(out) as { model: string; pk: number; fields: Record<string, unknown> }[]
    assert.equal(objects.length, 2)
    const notes = objects.find((o) => o.fields.title === 'Notes')
    assert.ok(notes)
    assert.equal(notes.model, 'shelf.book')
    assert.equal(typeof notes.pk, 'number')
    assert.equal(notes.fields.price, '12.50')
    assert.equal(notes.fields.inPrint, false)
    assert.equal(notes.fields.published, '2024-05-06T07:08:09.123Z')
    assert.equal((notes.fields.tags as unknown[]).length, 2)
    assert.ok(out.includes('\n  {'), 'indented')
  })

  test('dumpdata → flush → loaddata keeps every row', async () => {
    const before = await snapshot()
    const file = join(dir, `${ctx.vendor}-dump.json`)
    assert.equal((await run(dumpdataCommand, ['--output', file])).status, 0)
    const objects = JSON.parse(readFileSync(file, 'utf8')) as unknown[]
    assert.equal(objects.length, 6)
    // Authors and tags come before the books that reference them.
    assert.deepEqual((objects as { model: string }[]).map((o) => o.model), ['shelf.author', 'shelf.author', 'shelf.tag', 'shelf.tag', 'shelf.book', 'shelf.book'])

    assert.equal((await run(flushCommand, ['--no-input'])).status, 0)
    assert.equal(await Book.objects.count(), 0)
    assert.equal(await Author.objects.count(), 0)
    assert.equal((await db().selectFrom('shelf_book_tags').selectAll().execute()).length, 0)

    const { status, out } = await run(loaddataCommand, [file])
    assert.equal(status, 0)
    assert.equal(out, 'Installed 6 object(s) from 1 fixture(s)\n')
    assert.deepEqual(await snapshot(), before)
    // Ids continue after the loaded ones.
    const next = await Author.objects.create({ name: 'Next' })
    assert.ok(Number(next.id) > 2)
    await next.delete()
  })

  test('loaddata accepts objects in any order and reloading updates in place', async () => {
    const file = join(dir, `${ctx.vendor}-reversed.json`)
    const objects = JSON.parse((await run(dumpdataCommand, [])).out) as unknown[]
    writeFileSync(file, JSON.stringify(objects.reverse()))
    assert.equal((await run(loaddataCommand, [file])).out, 'Installed 6 object(s) from 1 fixture(s)\n')
    assert.equal(await Book.objects.count(), 2)
  })

  test('a broken foreign key rolls the whole fixture back', async () => {
    const file = join(dir, `${ctx.vendor}-broken.json`)
    writeFileSync(file, JSON.stringify([
      { model: 'shelf.tag', pk: 50, fields: { label: 'new' } },
      { model: 'shelf.book', pk: 50, fields: { author: 999, title: 'Orphan', price: '1.00', inPrint: true, published: null, tags: [] } },
    ]))
    await assert.rejects(run(loaddataCommand, [file]), CommandError)
    assert.equal(await Tag.objects.filter({ label: 'new' }).count(), 0)
  })

  test('an unknown fixture name is a CommandError', async () => {
    await assert.rejects(run(loaddataCommand, ['nothing-here']), /No fixture named 'nothing-here' found\./)
  })

  test('inspectdb describes the tables as unmanaged models', async () => {
    const text = await inspectDatabase(ctx.connection(), { tables: ['shelf_book'], app: 'shelf' })
    assert.match(text, /export const ShelfBook = defineModel\('shelf\.ShelfBook', \{/)
    assert.match(text, /author: f\.foreignKey\('shelf\.ShelfAuthor', \{ onDelete: 'DO_NOTHING' \}\),/)
    assert.match(text, /title: f\.char\(\{ maxLength: 200 \}\),/)
    assert.match(text, /price: f\.decimal\(\{ maxDigits: 8, decimalPlaces: 2 \}\),/)
    assert.match(text, /inPrint: f\.boolean\(\),/)
    assert.match(text, /published: f\.dateTime\(\{ null: true, blank: true \}\),/)
    assert.match(text, /\}, \{ dbTable: 'shelf_book', managed: false \}\)/)
  })

  test('inspectdb on a hand-written table', async () => {
    await sql.raw('CREATE TABLE legacy_item (item_code varchar(12) PRIMARY KEY, qty integer NOT NULL, note text)').execute(db())
    const text = await inspectDatabase(ctx.connection(), { tables: ['legacy_item'] })
    assert.match(text, /itemCode: f\.char\(\{ maxLength: 12, primaryKey: true \}\),/)
    assert.match(text, /qty: f\.integer\(\),/)
    assert.match(text, /note: f\.text\(\{ null: true, blank: true \}\),/)
  })

  test('dbshell runs the vendor client, and says so when it is missing', async () => {
    const { program, args } = clientCommand(ctx.connection().config)
    assert.equal(program, ctx.vendor === 'sqlite' ? 'sqlite3' : 'psql')
    assert.equal(args[0], ctx.vendor === 'sqlite' ? ctx.connection().config.filename : ctx.url())
    await assert.rejects(runClient('tango-no-such-client-program', []), /You appear not to have the 'tango-no-such-client-program' program installed or on your path\./)
  })
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { db } from '../../../../framework/src/db/connection.ts'
import { parseCanonicalDateTime, parseDateTime } from '../../../../framework/src/db/backends/base/values.ts'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { field, model, resolver } from './models.ts'

const Everything = model('conv.Everything', [
  field('title', 'CharField', { maxLength: 50, null: true }),
  field('body', 'TextField', { null: true }),
  field('count', 'IntegerField', { null: true }),
  field('small', 'SmallIntegerField', { null: true }),
  field('big', 'BigIntegerField', { null: true }),
  field('positive', 'PositiveIntegerField', { null: true }),
  field('ratio', 'FloatField', { null: true }),
  field('price', 'DecimalField', { maxDigits: 22, decimalPlaces: 2, null: true }),
  field('active', 'BooleanField', { null: true }),
  field('day', 'DateField', { null: true }),
  field('at', 'DateTimeField', { null: true }),
  field('clock', 'TimeField', { null: true }),
  field('span', 'DurationField', { null: true }),
  field('key', 'UUIDField', { null: true }),
  field('data', 'JSONField', { null: true }),
  field('blob', 'BinaryField', { null: true }),
])

const sample: Record<string, unknown> = {
  title: 'Ünïcødé ✓ 日本語', body: 'line\nbreak "quotes" \'single\'', count: -42, small: 7, big: 9007199254740993n,
  positive: 3, ratio: 0.125, price: '12345678901234567890.12', active: true, day: '2026-11-21',
  at: new Date('2026-11-21T10:20:30.456Z'), clock: '08:15:00', span: 90061001.5, key: '0e9a6b52-8a3c-4bb4-9d3e-0c1f2a3b4c5d',
  data: { a: [1, 'two', null], nested: { ok: true } }, blob: Buffer.from([0, 1, 2, 255]),
}

test('date-time text: the canonical shape by offsets, other shapes by the general parser, all UTC', () => {
  const iso = (text: string): string => parseDateTime(text).toISOString()
  assert.equal(iso('2026-11-21 10:20:30.456789'), '2026-11-21T10:20:30.456Z')
  assert.equal(iso('2026-11-21 10:20:30'), '2026-11-21T10:20:30.000Z')
  assert.equal(parseCanonicalDateTime('2026-11-21 10:20:30.456000')?.toISOString(), '2026-11-21T10:20:30.456Z')
  // Not canonical: the fast path declines, the general parser still reads them.
  for (const text of ['2026-11-21T10:20:30Z', '2026-11-21 10:20:30.5', '2026-11-21 10:20', '2026-11-21 12:20:30+02:00', '2026-11-21 10:20:3x', '2026-11-21 10:20:30,456789']) {
    assert.equal(parseCanonicalDateTime(text), null, text)
  }
  assert.equal(iso('2026-11-21T10:20:30Z'), '2026-11-21T10:20:30.000Z')
  assert.equal(iso('2026-11-21 10:20:30.5'), '2026-11-21T10:20:30.500Z')
  assert.equal(iso('2026-11-21 10:20'), '2026-11-21T10:20:00.000Z')
  assert.equal(iso('2026-11-21 12:20:30+02:00'), '2026-11-21T10:20:30.000Z')
  // Years below 100 are not read as 19xx.
  assert.equal(parseCanonicalDateTime('0050-01-01 00:00:00'), null)
  assert.equal(parseDateTime('0050-01-01 00:00:00').getUTCFullYear(), 50)
  assert.ok(Number.isNaN(parseDateTime('not a date').getTime()))
})

forEachDatabase('value conversion', (ctx) => {
  test('creates the table', async () => {
    const editor = ctx.connection().schemaEditor({ resolveModel: resolver(Everything) })
    await editor.createModel(Everything)
  })

  async function roundTrip(values: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { ops } = ctx.connection()
    const row: Record<string, unknown> = {}
    for (const f of Everything.fields) if (f.name !== 'id') row[f.column ?? ''] = ops.toDb(f, values[f.name] ?? null)
    const inserted = await db().insertInto(Everything.dbTable).values(row).returning('id').executeTakeFirstOrThrow()
    const stored = await db().selectFrom(Everything.dbTable).selectAll().where('id', '=', inserted.id).executeTakeFirstOrThrow()
    const out: Record<string, unknown> = {}
    for (const f of Everything.fields) out[f.name] = ops.fromDb(f, stored[f.column ?? ''])
    return out
  }

  test('every field type round trips, decimals keep all their digits', async () => {
    const out = await roundTrip(sample)
    for (const [name, value] of Object.entries(sample)) assert.deepEqual(out[name], value, name)
    assert.equal(typeof out.id, 'number')
  })

  test('null round trips for every field', async () => {
    const out = await roundTrip({})
    for (const name of Object.keys(sample)) assert.equal(out[name], null, name)
  })

  test('false, zero, empty text and JSON scalars survive', async () => {
    const out = await roundTrip({ active: false, count: 0, title: '', data: 'just text', price: '0.5', key: '0E9A6B528A3C4BB49D3E0C1F2A3B4C5D' })
    assert.equal(out.active, false)
    assert.equal(out.count, 0)
    assert.equal(out.title, '')
    assert.equal(out.data, 'just text')
    assert.equal(out.price, '0.50')
    assert.equal(out.key, '0e9a6b52-8a3c-4bb4-9d3e-0c1f2a3b4c5d')
  })

  test('bad values are refused before reaching the driver', () => {
    const { ops } = ctx.connection()
    const price = Everything.fields.find((f) => f.name === 'price')
    const active = Everything.fields.find((f) => f.name === 'active')
    assert.ok(price && active)
    assert.throws(() => ops.toDb(price, 'abc'), /expects a decimal/)
    assert.throws(() => ops.toDb(active, 'yes'), /expects a boolean/)
  })

  test('column types follow Django', () => {
    const { ops, vendor } = ctx.connection()
    const byName = (n: string) => Everything.fields.find((f) => f.name === n) ?? assert.fail(n)
    const expected = vendor === 'sqlite'
      ? { title: 'varchar(50)', active: 'bool', at: 'datetime', data: 'text', big: 'bigint' }
      : { title: 'varchar(50)', active: 'boolean', at: 'timestamp with time zone', data: 'jsonb', price: 'numeric(22, 2)', key: 'uuid', blob: 'bytea' }
    for (const [name, type] of Object.entries(expected)) assert.equal(ops.columnType(byName(name)), type, name)
  })
})

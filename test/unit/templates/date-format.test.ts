import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { TemplateEngine, formatDate } from '../../../framework/src/templates/index.ts'

const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date => new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms))

describe('formatDate (Django format characters, UTC)', () => {
  const jan9 = at(2008, 1, 9, 10, 30, 5)

  test('Django documentation examples', () => {
    assert.equal(formatDate(jan9, 'D d M Y'), 'Wed 09 Jan 2008')
    assert.equal(formatDate(jan9, 'l jS \\o\\f F Y h:i:s A'), 'Wednesday 9th of January 2008 10:30:05 AM')
    assert.equal(formatDate(jan9, 'DATE_FORMAT'), 'Jan. 9, 2008')
    assert.equal(formatDate(jan9, 'SHORT_DATE_FORMAT'), '01/09/2008')
    assert.equal(formatDate(jan9, 'DATETIME_FORMAT'), 'Jan. 9, 2008, 10:30 a.m.')
  })

  test('day, month and year characters', () => {
    const d = at(2008, 9, 3)
    assert.equal(formatDate(d, 'd j D l N m n M F b E y Y L t w z S'), '03 3 Wed Wednesday Sept. 09 9 Sep September sep September 08 2008 True 30 3 247 rd')
    assert.equal(formatDate(at(2009, 3, 1), 'N L z'), 'March False 60')
    assert.equal(formatDate(at(999, 1, 1), 'Y y'), '0999 99')
  })

  test('ordinal suffixes', () => {
    assert.deepEqual([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31].map((d) => formatDate(at(2008, 1, d), 'jS')), ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '31st'])
  })

  test('time characters', () => {
    const t = at(2008, 1, 9, 13, 5, 9, 123)
    assert.equal(formatDate(t, 'H G h g i s u A a f P'), '13 13 01 1 05 09 123000 PM p.m. 1:05 1:05 p.m.')
    assert.equal(formatDate(at(2008, 1, 9, 0, 0), 'P'), 'midnight')
    assert.equal(formatDate(at(2008, 1, 9, 12, 0), 'P'), 'noon')
    assert.equal(formatDate(at(2008, 1, 9, 1, 0), 'P f'), '1 a.m. 1')
  })

  test('ISO week, timestamps, zones and full formats', () => {
    assert.equal(formatDate(at(2008, 12, 29), 'W o'), '1 2009')
    assert.equal(formatDate(at(2010, 1, 3), 'W o'), '53 2009')
    assert.equal(formatDate(at(2008, 1, 2, 10, 30), 'U'), '1199269800')
    assert.equal(formatDate(at(2008, 1, 2, 10, 30), 'c'), '2008-01-02T10:30:00+00:00')
    assert.equal(formatDate(at(2008, 1, 2, 10, 30, 0, 5), 'c'), '2008-01-02T10:30:00.005000+00:00')
    assert.equal(formatDate(at(2000, 12, 21, 16, 1, 7), 'r'), 'Thu, 21 Dec 2000 16:01:07 +0000')
    assert.equal(formatDate(jan9, 'O T e Z I'), '+0000 UTC UTC 0 0')
  })

  test('other time zones shift the fields and the offset', () => {
    const d = at(2008, 1, 2, 8, 30)
    assert.equal(formatDate(d, 'c', 'Europe/Helsinki'), '2008-01-02T10:30:00+02:00')
    assert.equal(formatDate(d, 'r', 'Europe/Helsinki'), 'Wed, 02 Jan 2008 10:30:00 +0200')
    assert.equal(formatDate(at(2008, 7, 2, 8, 30), 'O Z I', 'Europe/Helsinki'), '+0300 10800 1')
    assert.equal(formatDate(at(2008, 1, 2, 3, 0), 'D j H O', 'America/New_York'), 'Tue 1 22 -0500')
  })

  test('backslash escapes and unknown characters are copied', () => {
    assert.equal(formatDate(jan9, '\\Y-\\m: Y#'), 'Y-m: 2008#')
  })
})

describe('date and time filters', () => {
  const engine = new TemplateEngine({ dirs: [] })
  const render = (source: string, context: Record<string, unknown>): Promise<string> => engine.renderString(source, context)

  test('format Dates and ISO strings; other values give nothing', async () => {
    assert.equal(await render('{{ d | date("D d M Y") }}', { d: at(2008, 1, 9) }), 'Wed 09 Jan 2008')
    assert.equal(await render('{{ d | date }}', { d: '2008-01-09T10:00:00Z' }), 'Jan. 9, 2008')
    assert.equal(await render('{{ d | time }}', { d: at(2008, 1, 9, 16, 30) }), '4:30 p.m.')
    assert.equal(await render('{{ d | time("H:i") }}', { d: at(2008, 1, 9, 16, 30) }), '16:30')
    assert.equal(await render('[{{ d | date("Y") }}]', { d: 'not a date' }), '[]')
    assert.equal(await render('[{{ d | date("Y") }}]', { d: null }), '[]')
  })

  test('the engine time zone applies', async () => {
    const helsinki = new TemplateEngine({ dirs: [], timeZone: 'Europe/Helsinki' })
    assert.equal(await helsinki.renderString('{{ d | date("H:i") }}', { d: at(2008, 1, 9, 22, 15) }), '00:15')
  })
})

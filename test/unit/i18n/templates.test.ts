import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, describe, test } from 'node:test'
import { configure } from 'tango/core'
import { Request } from 'tango/http'
import {
  activateTimeZone, deactivateTimeZone, formatCurrency, formatDate, formatNumber, getCurrentTimeZone, localtime, override, overrideTimeZone,
  pluralFormsFor, resetTranslationCaches,
} from 'tango/i18n'
import { TemplateEngine } from 'tango/templates'

const work = mkdtempSync(join(tmpdir(), 'tango-i18n-tpl-'))
after(() => rmSync(work, { recursive: true, force: true }))

const folder = join(work, 'locale', 'ru', 'LC_MESSAGES')
mkdirSync(folder, { recursive: true })
writeFileSync(join(folder, 'tango.po'), [
  'msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', `"Plural-Forms: ${pluralFormsFor('ru')}\\n"`, '',
  'msgid "Hello"', 'msgstr "Привет"', '',
  'msgctxt "month"', 'msgid "May"', 'msgstr "Май"', '',
  'msgid "Hi %(name)s"', 'msgstr "Здравствуйте, %(name)s"', '',
  'msgid "one item"', 'msgid_plural "%(n)s items"', 'msgstr[0] "%(n)s товар"', 'msgstr[1] "%(n)s товара"', 'msgstr[2] "%(n)s товаров"', '',
  'msgid "Fish & chips"', 'msgstr "Рыба & картошка"', '',
  'msgid "100%% sure, %(who)s"', 'msgstr "%(who)s уверен на 100%%"', '',
].join('\n'))

const engine = (): TemplateEngine => new TemplateEngine({ dirs: [] })
const render = (source: string, context: Record<string, unknown> = {}, request: Request | null = null): Promise<string> =>
  engine().renderString(source, context, request)

afterEach(() => {
  configure({})
  resetTranslationCaches()
})

describe('i18n template tags', () => {
  const setup = (): void => {
    configure({ LOCALE_PATHS: [join(work, 'locale')] })
  }

  test('{% trans %} with context and as, escaped on output', async () => {
    setup()
    const source = '{% trans "Hello" %}|{% trans "May" context "month" %}|{% trans "Hello" as greeting %}[{{ greeting }}]|{% trans "Fish & chips" %}|{% trans "Hello" noop %}'
    assert.equal(await override('ru', () => render(source)), 'Привет|Май|[Привет]|Рыба &amp; картошка|Hello')
    assert.equal(await override('en', () => render(source)), 'Hello|May|[Hello]|Fish &amp; chips|Hello')
  })

  test('{% blocktrans %} fills variables, escaped, and counts with the language plural rule', async () => {
    setup()
    const hi = '{% blocktrans %}Hi {{ name }}{% endblocktrans %}'
    assert.equal(await override('ru', () => render(hi, { name: '<b>Ann</b>' })), 'Здравствуйте, &lt;b&gt;Ann&lt;/b&gt;')
    assert.equal(await render(hi, { name: 'Ann' }), 'Hi Ann')
    const count = '{% blocktrans count n=items.length %}one item{% plural %}{{ n }} items{% endblocktrans %}'
    const results = await override('ru', () => Promise.all([1, 2, 5, 21].map((k) => render(count, { items: Array(k).fill(0) }))))
    assert.deepEqual(results, ['1 товар', '2 товара', '5 товаров', '21 товар'])
    assert.deepEqual(await Promise.all([1, 3].map((k) => render(count, { items: Array(k).fill(0) }))), ['one item', '3 items'])
    const withVar = '{% blocktrans with who=user.name trimmed %}\n  100% sure,\n  {{ who }}\n{% endblocktrans %}'
    assert.equal(await override('ru', () => render(withVar, { user: { name: 'Олег' } })), 'Олег уверен на 100%')
    assert.equal(await render(withVar, { user: { name: 'Oleg' } }), '100% sure, Oleg')
  })

  test('{% blocktrans %} refuses expressions in its body', async () => {
    await assert.rejects(render('{% blocktrans %}Hi {{ user.name }}{% endblocktrans %}', { user: { name: 'x' } }), /only simple variables/)
  })

  test('_() and the language globals; the context processor adds LANGUAGE_CODE', async () => {
    setup()
    assert.equal(await override('ru', () => render('{{ _("Hello") }} {{ pgettext("month", "May") }} {{ getCurrentLanguage() }} {% get_current_language as lang %}{{ lang }}')), 'Привет Май ru ru')
    const request = new Request({ method: 'GET', url: '/', headers: { host: 'testserver' }, body: null, remoteAddress: '127.0.0.1' })
    assert.equal(await override('ru', () => render('{{ LANGUAGE_CODE }} {{ LANGUAGE_BIDI }} {{ TIME_ZONE }} {{ LANGUAGES | length }}', {}, request)), 'ru false UTC 2')
  })

  test('the date filter uses the active language and time zone', async () => {
    const moment = new Date(Date.UTC(2024, 2, 8, 21, 30))
    const source = '{{ d | date("DATE_FORMAT") }}|{{ d | date("l j F Y, H:i") }}|{{ d | date("D, j M") }}'
    assert.equal(await render(source, { d: moment }), 'March 8, 2024|Friday 8 March 2024, 21:30|Fri, 8 Mar')
    assert.equal(await override('ru', () => render(source, { d: moment })), '8 марта 2024 г.|Пятница 8 Март 2024, 21:30|Пт, 8 Март')
    assert.equal(await override('ru', () => overrideTimeZone('Europe/Moscow', () => render(source, { d: moment }))), '9 марта 2024 г.|Суббота 9 Март 2024, 00:30|Сб, 9 Март')
    configure({ USE_TZ: false })
    assert.equal(await overrideTimeZone('Europe/Moscow', () => render('{{ d | date("H:i") }}', { d: moment })), '21:30', 'USE_TZ off: the engine zone')
    configure({ USE_I18N: false })
    assert.equal(await override('ru', () => render('{{ d | date("F") }}', { d: moment })), 'March', 'USE_I18N off: English')
  })

  test('localize and localtime filters', async () => {
    const moment = new Date(Date.UTC(2024, 2, 8, 21, 30))
    assert.equal(await override('ru', () => render('{{ 1234567.5 | localize }}')), formatNumber(1234567.5, { language: 'ru' }))
    assert.equal(await override('en', () => render('{{ 1234567.5 | localize }}')), '1,234,567.5')
    assert.equal(await override('ru', () => render('{{ d | localize }}', { d: moment })), '8 марта 2024 г. 21:30')
    assert.equal(await overrideTimeZone('Asia/Tokyo', () => render('{{ d | localtime }}', { d: moment })), '2024-03-09T06:30:00+09:00')
    assert.equal(await render('{{ d | localtime("America/New_York") }}', { d: moment }), '2024-03-08T16:30:00-05:00')
  })
})

describe('formats and time zones', () => {
  test('formatNumber, formatCurrency and formatDate follow the active language', () => {
    const nbsp = /[\u00a0\u202f]/g
    assert.equal(override('en', () => formatNumber(1234.5)), '1,234.5')
    assert.equal(override('ru', () => formatNumber(1234.5)).replace(nbsp, ' '), '1 234,5')
    assert.equal(override('en', () => formatCurrency(1234.5, 'EUR')), '€1,234.50')
    assert.equal(override('ru', () => formatCurrency(1234.5, 'RUB')).replace(nbsp, ' '), '1 234,50 ₽')
    const moment = new Date(Date.UTC(2024, 2, 8, 10))
    assert.equal(override('en', () => formatDate(moment)), 'March 8, 2024')
    assert.equal(override('ru', () => formatDate(moment)), '8 марта 2024 г.')
    assert.equal(override('ru', () => formatDate(moment, { month: 'long', year: 'numeric' })), 'март 2024 г.')
  })

  test('activateTimeZone and localtime; the default is TIME_ZONE; unknown zones are refused', async () => {
    assert.equal(getCurrentTimeZone(), 'UTC')
    configure({ TIME_ZONE: 'Europe/Helsinki' })
    assert.equal(getCurrentTimeZone(), 'Europe/Helsinki')
    const summer = new Date(Date.UTC(2024, 6, 1, 12))
    assert.deepEqual({ ...localtime(summer) }, { year: 2024, month: 7, day: 1, hour: 15, minute: 0, second: 0, millisecond: 0, weekday: 1, offset: 180, timeZone: 'Europe/Helsinki', iso: '2024-07-01T15:00:00+03:00' })
    const seen = await Promise.all(['Asia/Tokyo', 'America/Los_Angeles'].map((zone) => overrideTimeZone('UTC', async () => {
      activateTimeZone(zone)
      await new Promise((done) => setTimeout(done, 5))
      return `${getCurrentTimeZone()} ${localtime(summer).hour}`
    })))
    assert.deepEqual(seen, ['Asia/Tokyo 21', 'America/Los_Angeles 5'])
    assert.equal(getCurrentTimeZone(), 'Europe/Helsinki')
    activateTimeZone('Asia/Kolkata')
    assert.equal(localtime(summer).iso, '2024-07-01T17:30:00+05:30')
    deactivateTimeZone()
    assert.equal(getCurrentTimeZone(), 'Europe/Helsinki')
    assert.throws(() => activateTimeZone('Mars/Olympus'), RangeError)
  })
})

import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, describe, test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { configure, defineApp } from 'tango/core'
import {
  CatalogError, activate, catalogFor, compileMessages, compilePluralExpression, deactivate, gettext, gettextLazy, getLanguage,
  ngettext, ngettextLazy, npgettext, override, parsePluralForms, pgettext, pgettextLazy, pluralFormsFor, resetTranslationCaches,
} from 'tango/i18n'
import { FORM_MESSAGES } from 'tango/forms'

const work = mkdtempSync(join(tmpdir(), 'tango-i18n-'))
after(() => rmSync(work, { recursive: true, force: true }))

/** Writes `<dir>/<locale>/LC_MESSAGES/tango.po` with the given entries (and a Russian plural header unless given). */
function writePo(dir: string, locale: string, body: string, pluralForms = pluralFormsFor(locale)): string {
  const folder = join(dir, locale, 'LC_MESSAGES')
  mkdirSync(folder, { recursive: true })
  const file = join(folder, 'tango.po')
  writeFileSync(file, `msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: ${pluralForms}\\n"\n\n${body}`)
  return file
}

afterEach(() => {
  configure({})
  resetTranslationCaches()
})

describe('gettext and friends with the shipped Russian catalog', () => {
  test('gettext translates under the active language and falls back to the source string', () => {
    assert.equal(override('ru', () => gettext('This field is required.')), 'Обязательное поле.')
    assert.equal(override('ru', () => gettext('Not in any catalog')), 'Not in any catalog')
    assert.equal(gettext('This field is required.'), 'This field is required.')
    assert.equal(override('ru-RU', () => gettext('Enter a number.')), 'Введите число.', 'ru-ru falls back to ru')
  })

  test('ngettext picks the Russian plural form for 1, 2, 5, 11, 21, 22, 25, 111', () => {
    const forms = override('ru', () => [1, 2, 5, 11, 21, 22, 25, 111].map((n) => ngettext('Please submit at least {num} form.', 'Please submit at least {num} forms.', n).replace('{num}', String(n))))
    assert.deepEqual(forms, [
      'Пожалуйста, отправьте хотя бы 1 форму.',
      'Пожалуйста, отправьте хотя бы 2 формы.',
      'Пожалуйста, отправьте хотя бы 5 форм.',
      'Пожалуйста, отправьте хотя бы 11 форм.',
      'Пожалуйста, отправьте хотя бы 21 форму.',
      'Пожалуйста, отправьте хотя бы 22 формы.',
      'Пожалуйста, отправьте хотя бы 25 форм.',
      'Пожалуйста, отправьте хотя бы 111 форм.',
    ])
    assert.equal(ngettext('{n} apple', '{n} apples', 1), '{n} apple')
    assert.equal(ngettext('{n} apple', '{n} apples', 2), '{n} apples')
  })

  test('the Russian plural rule itself', () => {
    const rule = parsePluralForms(pluralFormsFor('ru'))
    assert.equal(rule.nplurals, 3)
    assert.deepEqual([0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 112, 1001].map(rule.plural), [2, 0, 1, 1, 2, 2, 2, 2, 0, 1, 2, 0, 2, 2, 0])
  })

  test('pgettext and npgettext use msgctxt; the same msgid in another context is another message', () => {
    const dir = join(work, 'ctx')
    writePo(dir, 'ru', [
      'msgctxt "month"\nmsgid "May"\nmsgstr "Май"\n',
      'msgctxt "verb"\nmsgid "May"\nmsgstr "Можно"\n',
      'msgctxt "basket"\nmsgid "{n} item"\nmsgid_plural "{n} items"\nmsgstr[0] "{n} товар"\nmsgstr[1] "{n} товара"\nmsgstr[2] "{n} товаров"\n',
    ].join('\n'))
    configure({ LOCALE_PATHS: [dir] })
    override('ru', () => {
      assert.equal(pgettext('month', 'May'), 'Май')
      assert.equal(pgettext('verb', 'May'), 'Можно')
      assert.equal(gettext('May'), 'May', 'no context, no translation')
      assert.deepEqual([1, 3, 7].map((n) => npgettext('basket', '{n} item', '{n} items', n)), ['{n} товар', '{n} товара', '{n} товаров'])
    })
  })

  test('activate, deactivate and getLanguage follow Django (LANGUAGE_CODE when none is active)', () => {
    assert.equal(getLanguage(), 'en-us')
    activate('ru')
    try {
      assert.equal(getLanguage(), 'ru')
      assert.equal(gettext('Enter a number.'), 'Введите число.')
      assert.equal(override('en', () => getLanguage()), 'en')
      assert.equal(getLanguage(), 'ru', 'override restores the outer language')
    } finally {
      deactivate()
    }
    assert.equal(getLanguage(), 'en-us')
    configure({ USE_I18N: false })
    assert.equal(override('ru', () => gettext('Enter a number.')), 'Enter a number.', 'USE_I18N off: no translation')
  })
})

describe('lazy strings', () => {
  test('translate when used, not when made, in whatever language is active then', () => {
    const lazy = gettextLazy('This field is required.')
    assert.equal(String(lazy), 'This field is required.')
    assert.equal(override('ru', () => `${lazy}`), 'Обязательное поле.')
    assert.equal(override('ru', () => JSON.stringify({ message: lazy })), '{"message":"Обязательное поле."}')
    assert.equal(override('ru', () => String(FORM_MESSAGES.required)), 'Обязательное поле.')
    assert.equal(override('ru', () => String(ngettextLazy('Please submit at most {num} form.', 'Please submit at most {num} forms.', 5))), 'Пожалуйста, отправьте не более {num} форм.')
    assert.equal(String(pgettextLazy('month', 'May')), 'May')
  })

  test('two overlapping async requests keep their own language', async () => {
    const lazy = gettextLazy('Enter a valid date.')
    const seen: string[] = []
    const request = (language: string, delays: readonly number[]) => override(language, async () => {
      for (const ms of delays) {
        await sleep(ms)
        seen.push(`${language}:${String(lazy)}`)
      }
      return getLanguage()
    })
    // Interleaved: en resumes between ru's steps and the other way round.
    const [ru, en] = await Promise.all([request('ru', [5, 20, 5]), request('en', [10, 5, 20])])
    assert.equal(ru, 'ru')
    assert.equal(en, 'en')
    assert.deepEqual(seen.filter((s) => s.startsWith('ru:')), Array(3).fill('ru:Введите правильную дату.'))
    assert.deepEqual(seen.filter((s) => s.startsWith('en:')), Array(3).fill('en:Enter a valid date.'))
    assert.notDeepEqual(seen.slice(0, 3).map((s) => s.slice(0, 2)), ['ru', 'ru', 'ru'], 'the two really overlapped')
  })
})

describe('catalogs', () => {
  test('precedence: LOCALE_PATHS over apps (in INSTALLED_APPS order) over the framework', () => {
    const project = join(work, 'precedence', 'project-locale')
    const first = join(work, 'precedence', 'first')
    const second = join(work, 'precedence', 'second')
    writePo(project, 'ru', 'msgid "This field is required."\nmsgstr "Поле проекта."\n')
    writePo(join(first, 'locale'), 'ru', 'msgid "This field is required."\nmsgstr "Поле первого приложения."\n\nmsgid "Enter a number."\nmsgstr "Число первого приложения."\n\nmsgid "Only first"\nmsgstr "Только первое"\n')
    writePo(join(second, 'locale'), 'ru', 'msgid "Enter a number."\nmsgstr "Число второго приложения."\n\nmsgid "Enter a valid URL."\nmsgstr "URL второго приложения."\n')
    const apps = [defineApp({ label: 'first', dir: first }), defineApp({ label: 'second', dir: second })]
    configure({ INSTALLED_APPS: apps, LOCALE_PATHS: [project] })
    override('ru', () => {
      assert.equal(gettext('This field is required.'), 'Поле проекта.')
      assert.equal(gettext('Enter a number.'), 'Число первого приложения.')
      assert.equal(gettext('Enter a valid URL.'), 'URL второго приложения.')
      assert.equal(gettext('Only first'), 'Только первое')
      assert.equal(gettext('Enter a valid date.'), 'Введите правильную дату.', 'the framework catalog fills the rest')
    })
    assert.equal(catalogFor('ru').files[0], join(project, 'ru', 'LC_MESSAGES', 'tango.po'))
    configure({ INSTALLED_APPS: [...apps].reverse(), LOCALE_PATHS: [] })
    assert.equal(override('ru', () => gettext('Enter a number.')), 'Число второго приложения.')
  })

  test('a regional catalog (ru_RU) wins over the generic one for ru-ru only', () => {
    const dir = join(work, 'regional')
    writePo(dir, 'ru', 'msgid "Colour"\nmsgstr "Цвет"\n\nmsgid "Lorry"\nmsgstr "Грузовик"\n')
    writePo(dir, 'ru_RU', 'msgid "Colour"\nmsgstr "Цвет (RU)"\n')
    configure({ LOCALE_PATHS: [dir] })
    assert.equal(override('ru-ru', () => gettext('Colour')), 'Цвет (RU)')
    assert.equal(override('ru-ru', () => gettext('Lorry')), 'Грузовик')
    assert.equal(override('ru', () => gettext('Colour')), 'Цвет')
  })

  test('fuzzy and empty translations are ignored', () => {
    const dir = join(work, 'fuzzy')
    writePo(dir, 'ru', '#, fuzzy\nmsgid "Guess"\nmsgstr "Догадка"\n\nmsgid "Left empty"\nmsgstr ""\n')
    configure({ LOCALE_PATHS: [dir] })
    assert.equal(override('ru', () => gettext('Guess')), 'Guess')
    assert.equal(override('ru', () => gettext('Left empty')), 'Left empty')
  })

  test('a broken .po fails with an error naming the file and the line', () => {
    const dir = join(work, 'broken')
    const file = writePo(dir, 'ru', 'msgid "Fine"\nmsgstr "Хорошо"\n\nmsgid "Broken\nmsgstr "Сломано"\n')
    configure({ LOCALE_PATHS: [dir] })
    assert.throws(() => override('ru', () => gettext('Fine')), (error: unknown) => {
      assert.ok(error instanceof CatalogError)
      assert.equal(error.code, 'E_BAD_CATALOG')
      assert.equal(error.file, file)
      assert.equal(error.line, 9)
      assert.match(error.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:9: `))
      return true
    })
    const duplicate = join(work, 'duplicate')
    const dupFile = writePo(duplicate, 'ru', 'msgid "One"\nmsgstr "Один"\n\nmsgid "Two"\nmsgstr "Два"\n\nmsgid "One"\nmsgstr "Раз"\n')
    configure({ LOCALE_PATHS: [duplicate] })
    assert.throws(() => override('ru', () => gettext('One')), (error: unknown) => error instanceof CatalogError && error.file === dupFile && error.line === 6 && /Duplicate msgid/.test(error.message))
  })

  test('a bad Plural-Forms header is refused, and plural expressions are never run as code', () => {
    const dir = join(work, 'plural')
    writePo(dir, 'ru', 'msgid "x"\nmsgstr "y"\n', 'nplurals=2; plural=process.exit(1);')
    configure({ LOCALE_PATHS: [dir] })
    assert.throws(() => override('ru', () => gettext('x')), (error: unknown) => error instanceof CatalogError && error.line === 4 && /Plural-Forms/.test(error.message))
    assert.throws(() => compilePluralExpression('n; globalThis.x = 1'), /invalid|unexpected/)
    assert.equal(compilePluralExpression('n > 1 ? (n % 7) / 2 : !n')(9), 1)
    assert.equal(compilePluralExpression('n > 1 ? (n % 7) / 2 : !n')(0), 1)
  })

  test('compilemessages output is loaded in preference while it is not older than the .po', () => {
    const dir = join(work, 'compiled')
    const po = writePo(dir, 'ru', 'msgid "Hello"\nmsgstr "Привет"\n\n#, fuzzy\nmsgid "Maybe"\nmsgstr "Может быть"\n')
    const result = compileMessages([dir])
    assert.deepEqual(result.errors, [])
    const json = join(dir, 'ru', 'LC_MESSAGES', 'tango.json')
    assert.deepEqual(result.compiled, [json])
    // Prove the JSON is what gets read: change it, keep it newer than the .po.
    writeFileSync(json, JSON.stringify({ format: 'tango-catalog', version: 1, pluralForms: pluralFormsFor('ru'), messages: { Hello: ['Привет из JSON'] } }))
    const old = new Date(Date.now() - 60_000)
    utimesSync(po, old, old)
    configure({ LOCALE_PATHS: [dir] })
    assert.equal(override('ru', () => gettext('Hello')), 'Привет из JSON')
    // A .po edited after compiling wins again.
    const later = new Date(Date.now() + 60_000)
    utimesSync(po, later, later)
    resetTranslationCaches()
    assert.equal(override('ru', () => gettext('Hello')), 'Привет')
    writeFileSync(json, '{ not json')
    utimesSync(json, new Date(Date.now() + 120_000), new Date(Date.now() + 120_000))
    resetTranslationCaches()
    assert.throws(() => override('ru', () => gettext('Hello')), (error: unknown) => error instanceof CatalogError && error.file === json)
  })
})

// makemessages and compilemessages through the real CLI (`tango` → the project's manage.ts), as
// child processes in a fresh project made by startproject.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { po } from 'gettext-parser'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const TANGO = join(ROOT, 'cli', 'bin', 'tango.js')

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

function tango(args: readonly string[], cwd: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const name of ['DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'DATABASE_URL', 'PORT', 'TANGO_SETTINGS_MODULE']) delete env[name]
  return new Promise((done) => {
    execFile(process.execPath, [TANGO, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr })
    })
  })
}

let work: string
let project: string
const catalog = (): string => join(project, 'locale', 'ru', 'LC_MESSAGES', 'tango.po')

before(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-makemessages-')))
  const made = await tango(['startproject', 'shop'], work)
  assert.equal(made.code, 0, made.stderr)
  project = join(work, 'shop')
  mkdirSync(join(project, 'catalog', 'templates', 'catalog'), { recursive: true })
  writeFileSync(join(project, 'catalog', 'views.ts'), [
    "import { gettext as _, gettext, ngettext, pgettext, npgettext, gettextLazy, pgettextLazy } from 'tango/i18n'",
    "export const title = gettextLazy('Catalogue')",
    "export const month = pgettextLazy('month', 'May')",
    'export function describe(n: number, name: string): string[] {',
    "  return [_('Hello'), gettext(`Template literal`), ngettext('{n} product', '{n} products', n), pgettext('verb', 'May'),",
    "    npgettext('basket', '{n} item', '{n} items', n), gettext('Gone soon'), gettext(name) /* not a literal: skipped */]",
    '}',
    '',
  ].join('\n'))
  writeFileSync(join(project, 'catalog', 'templates', 'catalog', 'list.html'), [
    '<h1>{% trans "Catalogue" %}</h1>',
    '<p>{% trans "Sale" context "shop" %}</p>',
    '<p>{% blocktrans %}Hi {{ name }}, 100% off{% endblocktrans %}</p>',
    '<p>{% blocktrans count n=items.length %}one item{% plural %}{{ n }} items{% endblocktrans %}</p>',
    '<a title="{{ _(\'Back\') }}">{{ gettext("Home") }}</a>',
    '',
  ].join('\n'))
})

after(() => rmSync(work, { recursive: true, force: true }))

function entries(text: string): Map<string, { msgstr: string[]; plural: string | undefined; references: string; obsolete: boolean }> {
  const parsed = po.parse(text)
  const out = new Map<string, { msgstr: string[]; plural: string | undefined; references: string; obsolete: boolean }>()
  for (const [record, obsolete] of [[parsed.translations, false], [parsed.obsolete ?? {}, true]] as const) {
    for (const [context, list] of Object.entries(record)) {
      for (const [msgid, entry] of Object.entries(list)) {
        if (msgid !== '') out.set(context ? `${context}|${msgid}` : msgid, { msgstr: entry.msgstr, plural: entry.msgid_plural, references: entry.comments?.reference ?? '', obsolete })
      }
    }
  }
  return out
}

describe('makemessages and compilemessages (CLI)', { concurrency: false }, () => {
  test('makemessages -l ru extracts from .ts files and templates with references and the Russian Plural-Forms', async () => {
    const run = await tango(['makemessages', '-l', 'ru'], project)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /processing locale ru_?\w*: locale\/ru\/LC_MESSAGES\/tango\.po/)
    const text = readFileSync(catalog(), 'utf8')
    assert.match(text, /"Plural-Forms: nplurals=3; plural=\(n%10==1 && n%100!=11 \? 0 : n%10>=2 && "\n"n%10<=4 && \(n%100<10 \|\| n%100>=20\) \? 1 : 2\);\\n"/)
    assert.match(text, /"Language: ru\\n"/)
    const found = entries(text)
    assert.deepEqual([...found.keys()].sort(), [
      '%(n)s items', 'Back', 'Catalogue', 'Gone soon', 'Hello', 'Hi %(name)s, 100%% off', 'Home', 'Template literal', 'basket|{n} item',
      'month|May', 'one item', 'shop|Sale', 'verb|May', '{n} product',
    ].filter((k) => k !== '%(n)s items').sort())
    assert.equal(found.get('Catalogue')?.references, 'catalog/templates/catalog/list.html:1\ncatalog/views.ts:2')
    assert.equal(found.get('{n} product')?.plural, '{n} products')
    assert.deepEqual(found.get('{n} product')?.msgstr, ['', '', ''])
    assert.equal(found.get('one item')?.plural, '%(n)s items')
    assert.ok(!text.includes('node_modules'), 'node_modules is not scanned')
  })

  test('a second run keeps translations, marks vanished messages obsolete and adds new ones', async () => {
    const table = po.parse(readFileSync(catalog()))
    const set = (context: string, msgid: string, msgstr: string[]): void => {
      const entry = table.translations[context]?.[msgid]
      assert.ok(entry, `${context}|${msgid} is in the catalog`)
      entry.msgstr = msgstr
    }
    set('', 'Hello', ['Привет'])
    set('', 'Gone soon', ['Скоро исчезнет'])
    set('', '{n} product', ['{n} товар', '{n} товара', '{n} товаров'])
    set('', 'one item', ['%(n)s штука', '%(n)s штуки', '%(n)s штук'])
    writeFileSync(catalog(), po.compile(table))
    const views = join(project, 'catalog', 'views.ts')
    writeFileSync(views, readFileSync(views, 'utf8').replace("gettext('Gone soon')", "gettext('Brand new')"))
    const run = await tango(['makemessages', '--all'], project)
    assert.equal(run.code, 0, run.stderr)
    const text = readFileSync(catalog(), 'utf8')
    const found = entries(text)
    assert.deepEqual(found.get('Hello')?.msgstr, ['Привет'])
    assert.deepEqual(found.get('{n} product')?.msgstr, ['{n} товар', '{n} товара', '{n} товаров'])
    assert.deepEqual(found.get('Brand new')?.msgstr, [''])
    assert.equal(found.get('Gone soon')?.obsolete, true)
    assert.match(text, /#~ msgid "Gone soon"\n#~ msgstr "Скоро исчезнет"/)
  })

  test('compilemessages writes tango.json; a broken catalog fails naming the file and the line', async () => {
    const run = await tango(['compilemessages'], project)
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /processing file tango\.po in locale\/ru\/LC_MESSAGES/)
    const compiled = JSON.parse(readFileSync(join(project, 'locale', 'ru', 'LC_MESSAGES', 'tango.json'), 'utf8')) as { pluralForms: string; messages: Record<string, string[]> }
    assert.deepEqual(compiled.messages.Hello, ['Привет'])
    assert.deepEqual(compiled.messages['{n} product'], ['{n} товар', '{n} товара', '{n} товаров'])
    assert.equal(compiled.messages['Gone soon'], undefined, 'obsolete entries are not compiled')
    assert.equal(compiled.messages['Brand new'], undefined, 'untranslated entries are not compiled')
    assert.match(compiled.pluralForms, /nplurals=3/)

    const broken = join(project, 'locale', 'de', 'LC_MESSAGES')
    mkdirSync(broken, { recursive: true })
    writeFileSync(join(broken, 'tango.po'), 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr "Hallo\n')
    const failed = await tango(['compilemessages'], project)
    assert.equal(failed.code, 1)
    assert.ok(failed.stderr.includes(`${join(broken, 'tango.po')}:6: End-of-line within string`), failed.stderr)
    assert.match(failed.stderr, /compilemessages generated 1 error/)
    assert.equal(existsSync(join(broken, 'tango.json')), false)
  })

  test('makemessages without a language is a usage error', async () => {
    const run = await tango(['makemessages'], project)
    assert.equal(run.code, 2)
    assert.match(run.stderr, /-l/)
  })
})

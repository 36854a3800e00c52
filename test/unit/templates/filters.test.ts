// Expected outputs are the examples in Django's built-in filter reference, unless noted.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { TemplateEngine, markSafe } from '../../../framework/src/templates/index.ts'

const engine = new TemplateEngine({ dirs: [] })
const render = (source: string, context: Record<string, unknown> = {}): Promise<string> => engine.renderString(source, context)
const NBSP = '\u00a0'

describe('default, default_if_none, yesno', () => {
  test('default replaces any false value (Python truthiness), default_if_none only null', async () => {
    assert.equal(await render(`{{ v | default("nothing") }}`, { v: '' }), 'nothing')
    assert.equal(await render(`{{ v | default("nothing") }}`, { v: [] }), 'nothing')
    assert.equal(await render(`{{ v | default("nothing") }}`, { v: 0 }), 'nothing')
    assert.equal(await render(`{{ v | default("nothing") }}`, { v: 'x' }), 'x')
    assert.equal(await render(`{{ v | default_if_none("nothing") }}`, { v: null }), 'nothing')
    assert.equal(await render(`{{ v | default_if_none("nothing") }}`, { v: '' }), '')
  })

  test('yesno maps true, false and null', async () => {
    const yn = 'yeah,no,maybe'
    assert.equal(await render(`{{ v | yesno("${yn}") }}`, { v: true }), 'yeah')
    assert.equal(await render(`{{ v | yesno("${yn}") }}`, { v: false }), 'no')
    assert.equal(await render(`{{ v | yesno("${yn}") }}`, { v: null }), 'maybe')
    assert.equal(await render(`{{ v | yesno("yeah,no") }}`, { v: null }), 'no')
    assert.equal(await render(`{{ v | yesno }}`, { v: 1 }), 'yes')
  })
})

describe('pluralize', () => {
  test('plain, es and y,ies suffixes', async () => {
    assert.equal(await render(`You have {{ n }} message{{ n | pluralize }}.`, { n: 1 }), 'You have 1 message.')
    assert.equal(await render(`You have {{ n }} message{{ n | pluralize }}.`, { n: 2 }), 'You have 2 messages.')
    assert.equal(await render(`walrus{{ n | pluralize("es") }}`, { n: 0 }), 'walruses')
    assert.equal(await render(`cherr{{ n | pluralize("y,ies") }}`, { n: 1 }), 'cherry')
    assert.equal(await render(`cherr{{ n | pluralize("y,ies") }}`, { n: 2 }), 'cherries')
  })

  test('counts lists, numeric strings; junk gives nothing', async () => {
    assert.equal(await render(`{{ v | pluralize }}`, { v: ['a'] }), '')
    assert.equal(await render(`{{ v | pluralize }}`, { v: ['a', 'b'] }), 's')
    assert.equal(await render(`{{ v | pluralize }}`, { v: '1' }), '')
    assert.equal(await render(`{{ v | pluralize }}`, { v: 'abc' }), '')
    assert.equal(await render(`{{ v | pluralize("a,b,c") }}`, { v: 2 }), '')
  })
})

describe('text', () => {
  test('truncatewords and truncatechars', async () => {
    assert.equal(await render(`{{ v | truncatewords(2) }}`, { v: 'Joel is a slug' }), 'Joel is …')
    assert.equal(await render(`{{ v | truncatewords(5) }}`, { v: 'Joel  is a\nslug' }), 'Joel is a slug')
    assert.equal(await render(`{{ v | truncatechars(7) }}`, { v: 'Joel is a slug' }), 'Joel i…')
    assert.equal(await render(`{{ v | truncatechars(20) }}`, { v: 'Joel is a slug' }), 'Joel is a slug')
    assert.equal(await render(`{{ v | truncatewords(1) }}`, { v: '<b>x</b> y' }), '&lt;b&gt;x&lt;/b&gt; …')
  })

  test('linebreaks escapes its input, then marks the markup safe', async () => {
    assert.equal(await render(`{{ v | linebreaks }}`, { v: 'Joel\nis a slug' }), '<p>Joel<br>is a slug</p>')
    assert.equal(await render(`{{ v | linebreaks }}`, { v: 'a <b>\r\n\r\nc' }), '<p>a &lt;b&gt;</p>\n\n<p>c</p>')
    assert.equal(await render(`{{ v | linebreaks }}`, { v: markSafe('<i>a</i>\nb') }), '<p><i>a</i><br>b</p>')
  })

  test('linebreaksbr', async () => {
    assert.equal(await render(`{{ v | linebreaksbr }}`, { v: 'Joel\nis a <slug>' }), 'Joel<br>is a &lt;slug&gt;')
  })

  test('slugify', async () => {
    assert.equal(await render(`{{ v | slugify }}`, { v: ' Joel is a slug ' }), 'joel-is-a-slug')
    assert.equal(await render(`{{ v | slugify }}`, { v: 'Héllo, Wörld! -- _x_' }), 'hello-world-_x')
  })

  test('title and capfirst', async () => {
    assert.equal(await render(`{{ v | title }}`, { v: 'my FIRST post' }), 'My First Post')
    assert.equal(await render(`{{ v | title }}`, { v: "they're bill's friends from 1st grade" }), 'They&#39;re Bill&#39;s Friends From 1st Grade')
    assert.equal(await render(`{{ v | capfirst }}`, { v: 'django' }), 'Django')
  })

  test('urlencode quotes as Python, keeping / unless told otherwise', async () => {
    assert.equal(await render(`{{ v | urlencode }}`, { v: 'https://www.example.org/foo?a=b&c=d' }), 'https%3A//www.example.org/foo%3Fa%3Db%26c%3Dd')
    assert.equal(await render(`{{ v | urlencode("") }}`, { v: 'https://www.example.org/' }), 'https%3A%2F%2Fwww.example.org%2F')
    assert.equal(await render(`{{ v | urlencode }}`, { v: "a b!*'()~" }), 'a%20b%21%2A%27%28%29~')
  })

  test('json_script escapes < > & and returns safe markup', async () => {
    assert.equal(await render(`{{ v | json_script("hello-data") }}`, { v: { hello: 'world' } }), '<script id="hello-data" type="application/json">{"hello": "world"}</script>')
    assert.equal(await render(`{{ v | json_script }}`, { v: ['</script>', 'a&b'] }), '<script type="application/json">["\\u003C/script\\u003E", "a\\u0026b"]</script>')
  })
})

describe('numbers', () => {
  test('filesizeformat', async () => {
    assert.equal(await render(`{{ v | filesizeformat }}`, { v: 123456789 }), `117.7${NBSP}MB`)
    assert.equal(await render(`{{ v | filesizeformat }}`, { v: 1 }), `1${NBSP}byte`)
    assert.equal(await render(`{{ v | filesizeformat }}`, { v: 1023 }), `1023${NBSP}bytes`)
    assert.equal(await render(`{{ v | filesizeformat }}`, { v: 1024 }), `1.0${NBSP}KB`)
    assert.equal(await render(`{{ v | filesizeformat }}`, { v: -2048 }), `-2.0${NBSP}KB`)
    assert.equal(await render(`{{ v | filesizeformat }}`, { v: 'junk' }), `0${NBSP}bytes`)
  })

  test('floatformat follows Django’s table', async () => {
    const cases: [unknown, string, string][] = [
      [34.23234, '', '34.2'], [34.0, '', '34'], [34.26, '', '34.3'],
      [34.23234, '3', '34.232'], [34.0, '3', '34.000'], [34.26, '3', '34.260'],
      [34.23234, '0', '34'], [34.0, '0', '34'], [39.56, '0', '40'],
      [34.23234, '-3', '34.232'], [34.0, '-3', '34'], [34.26, '-3', '34.260'],
      [34232.34, '"2g"', '34,232.34'], [34232.06, '"g"', '34,232.1'], ['2.5', '0', '3'], [-0.01, '1', '0.0'], ['x', '', ''],
    ]
    for (const [value, arg, expected] of cases) {
      assert.equal(await render(arg === '' ? '{{ v | floatformat }}' : `{{ v | floatformat(${arg}) }}`, { v: value }), expected, `${String(value)}|floatformat:${arg}`)
    }
  })

  test('intcomma', async () => {
    assert.equal(await render(`{{ v | intcomma }}`, { v: 4500 }), '4,500')
    assert.equal(await render(`{{ v | intcomma }}`, { v: 4500.2 }), '4,500.2')
    assert.equal(await render(`{{ v | intcomma }}`, { v: 45000000 }), '45,000,000')
    assert.equal(await render(`{{ v | intcomma }}`, { v: -1234567 }), '-1,234,567')
    assert.equal(await render(`{{ v | intcomma }}`, { v: 450 }), '450')
  })
})

describe('length and join', () => {
  test('length of strings, lists and others', async () => {
    assert.equal(await render(`{{ v | length }}`, { v: ['a', 'b', 'c', 'd'] }), '4')
    assert.equal(await render(`{{ v | length }}`, { v: 'abcd' }), '4')
    assert.equal(await render(`{{ v | length }}`, { v: null }), '0')
  })

  test('join escapes items and separator unless safe', async () => {
    assert.equal(await render(`{{ v | join(" // ") }}`, { v: ['a', 'b', 'c'] }), 'a // b // c')
    assert.equal(await render(`{{ v | join("<br>") }}`, { v: ['<a>', markSafe('<b>')] }), '&lt;a&gt;&lt;br&gt;<b>')
    assert.equal(await render('{{ ["a","b"] | join(", ") }}'), 'a, b')
  })

  test("join(separator, attribute) joins each item's attribute, as nunjucks' built-in", async () => {
    assert.equal(await render(`{{ v | join(", ", "name") }}`, { v: [{ name: 'Ann' }, { name: '<Bo>' }, null] }), 'Ann, &lt;Bo&gt;, ')
  })
})

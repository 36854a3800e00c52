// The admin widgets' HTML: the attributes the scripts read, the selected values, escaping of labels
// and attribute values, and what the raw-id widgets read back from submitted data.
import assert from 'node:assert/strict'
import { before, describe, test } from 'node:test'
import { toDataSource } from 'tango/forms'
import type { FieldSpec } from 'tango/db'
import { path, setRootUrlconf } from 'tango/urls'
import { AdminSite } from 'tango/contrib/admin'
import {
  AdminDateTimeWidget, AdminDateWidget, AdminTimeWidget, AutocompleteSelect, AutocompleteSelectMultiple, FilteredSelectMultiple,
  ForeignKeyRawIdWidget, ManyToManyRawIdWidget, prepopulatedAttrs,
} from '../../../../framework/src/contrib/admin/widgets.ts'
import { Author, Book, Genre } from './fixtures/library/models.ts'

const site = new AdminSite('render_admin')
site.register(Author, { searchFields: ['name'] })
site.register(Book, { autocompleteFields: ['author'] })
site.register(Genre, {})

function field(name: string): FieldSpec {
  const found = Book._meta.fields.find((f) => f.name === name)
  assert.ok(found, name)
  return found
}

const authors = [
  { value: '', label: '---------' },
  { value: '1', label: 'Ada <b>"Lovelace"</b>' },
  { value: '2', label: 'Grace Hopper' },
  { value: '3', label: 'Barbara Liskov' },
]

describe('admin widgets render', () => {
  before(() => {
    setRootUrlconf([path('admin/', site.urls)])
  })

  test('AutocompleteSelect: only the selected option (escaped), the endpoint and source model attributes, an empty option when optional', () => {
    const html = new AutocompleteSelect(field('author'), site).render('author', 1, { id: 'id_author' }, { choices: authors })
    assert.match(html, /^<select name="author"/)
    assert.match(html, / class="admin-autocomplete"/)
    assert.match(html, / data-autocomplete-url="\/admin\/autocomplete\/"/)
    assert.match(html, / data-app-label="library"/)
    assert.match(html, / data-model-name="book"/)
    assert.match(html, / data-field-name="author"/)
    assert.match(html, / data-allow-clear="true"/)
    assert.match(html, / data-i18n-searching="Searching…"/)
    assert.match(html, / data-i18n-no-results="No results found"/)
    assert.match(html, /<option value=""><\/option>/)
    assert.match(html, /<option value="1" selected>Ada &lt;b&gt;&quot;Lovelace&quot;&lt;\/b&gt;<\/option>/)
    assert.ok(!html.includes('Grace Hopper'), 'unselected rows are not rendered')
    assert.ok(!html.includes('<b>'))
    assert.ok(!/\smultiple/.test(html))
  })

  test('AutocompleteSelect: required drops the empty option and allow-clear; extra attrs merge into class', () => {
    const widget = new AutocompleteSelect(field('author'), site, { class: 'wide', 'data-x': '"y"' })
    const html = widget.render('author', null, { id: 'id_author', required: true }, { choices: authors })
    assert.match(html, / class="wide admin-autocomplete"/)
    assert.match(html, / data-x="&quot;y&quot;"/)
    assert.match(html, / data-allow-clear="false"/)
    assert.match(html, / required/)
    assert.ok(!html.includes('<option'), 'nothing selected, nothing rendered')
  })

  test('AutocompleteSelectMultiple: <select multiple> with every selected value, read back as a list', () => {
    const widget = new AutocompleteSelectMultiple(field('genres'), site)
    const html = widget.render('genres', [2, '3'], { id: 'id_genres' }, { choices: authors })
    assert.match(html, / multiple/)
    assert.match(html, /<option value="2" selected>Grace Hopper<\/option>\n {2}<option value="3" selected>Barbara Liskov<\/option>/)
    assert.ok(!html.includes('value=""'))
    assert.ok(!html.includes('data-allow-clear'))
    assert.deepEqual(widget.valueFromData(toDataSource({ genres: ['2', '3'] }), toDataSource({}), 'genres'), ['2', '3'])
    assert.equal(widget.valueOmittedFromData(), false)
  })

  test('the autocomplete widget finds the model declaring the field in the registry', () => {
    assert.equal(new AutocompleteSelect(field('author'), site).sourceModel(), Book)
  })

  test('ForeignKeyRawIdWidget: a text input of the id, a lookup link to the related change list, the current label linking to its change page', () => {
    const html = new ForeignKeyRawIdWidget(field('author'), site).render('author', 1, { id: 'id_author' }, { choices: authors })
    assert.match(html, /<input type="text" name="author" value="1"[^>]* class="vForeignKeyRawIdAdminField"/)
    assert.match(html, /<a href="\/admin\/library\/author\/\?_to_field=id" class="related-lookup" id="lookup_id_author" title="Lookup"/)
    assert.match(html, /<strong><a href="\/admin\/library\/author\/1\/change\/">Ada &lt;b&gt;&quot;Lovelace&quot;&lt;\/b&gt;<\/a><\/strong>/)
    const empty = new ForeignKeyRawIdWidget(field('author'), site).render('author', null, { id: 'id_author' }, { choices: authors })
    assert.ok(!empty.includes('<strong>'))
    assert.ok(!/ value=/.test(empty.split('<a')[0] ?? ''))
  })

  test('raw-id widgets show no lookup link for a model the site does not register', () => {
    const other = new AdminSite('other_admin')
    const html = new ForeignKeyRawIdWidget(field('author'), other).render('author', 1, {}, { choices: authors })
    assert.ok(!html.includes('related-lookup'))
  })

  test('ManyToManyRawIdWidget: comma-separated ids, read back as a list', () => {
    const widget = new ManyToManyRawIdWidget(field('genres'), site)
    const html = widget.render('genres', [2, 3], { id: 'id_genres' }, { choices: [] })
    assert.match(html, /<input type="text" name="genres" value="2,3"[^>]* class="vManyToManyRawIdAdminField"/)
    assert.match(html, /href="\/admin\/library\/genre\/\?_to_field=id"/)
    assert.deepEqual(widget.valueFromData(toDataSource({ genres: '2, 3,,4' }), toDataSource({}), 'genres'), ['2', '3', '4'])
    assert.deepEqual(widget.valueFromData(toDataSource({ genres: '' }), toDataSource({}), 'genres'), [])
  })

  test('FilteredSelectMultiple: a working <select multiple> with the chooser\'s data attributes, labels escaped', () => {
    const html = new FilteredSelectMultiple('genres <&>', false).render('genres', ['2'], { id: 'id_genres' }, { choices: authors.slice(1) })
    assert.match(html, /^<select name="genres"/)
    assert.match(html, / multiple/)
    assert.match(html, / class="selectfilter"/)
    assert.match(html, / data-field-name="genres &lt;&amp;&gt;"/)
    assert.match(html, / data-is-stacked="0"/)
    assert.match(html, / data-i18n-available="Available genres &lt;&amp;&gt;"/)
    assert.match(html, / data-i18n-choose-all="Choose all"/)
    assert.match(html, /<option value="2" selected>Grace Hopper<\/option>/)
    assert.match(html, /<option value="1">Ada &lt;b&gt;/)
    assert.match(new FilteredSelectMultiple('genres', true).render('g', [], {}, {}), / class="selectfilterstacked"[^>]* data-is-stacked="1"/)
  })

  test('date and time widgets: native inputs with the value formats browsers send', () => {
    const when = new Date(Date.UTC(2024, 1, 29, 13, 5, 9))
    assert.match(new AdminDateWidget().render('d', when, {}, {}), /<input type="date" name="d" value="2024-02-29" class="vDateField"/)
    assert.match(new AdminDateWidget().render('d', '2024-02-29', {}, {}), /value="2024-02-29"/)
    assert.match(new AdminDateTimeWidget().render('t', when, {}, {}), /<input type="datetime-local" name="t" value="2024-02-29T13:05:09" class="vDateTimeField" step="1"/)
    assert.match(new AdminTimeWidget().render('t', '13:05:09', {}, {}), /<input type="time" name="t" value="13:05:09" class="vTimeField"/)
    assert.match(new AdminTimeWidget().render('t', when, {}, {}), /value="13:05:09"/)
  })

  test('prepopulatedAttrs names the source inputs for prepopulate.js', () => {
    assert.deepEqual(prepopulatedAttrs(['id_title', 'id_sub']), { 'data-prepopulated-from': 'id_title id_sub', 'data-allow-unicode': null })
    assert.equal(prepopulatedAttrs(['id_title'], true)['data-allow-unicode'], 'true')
  })
})

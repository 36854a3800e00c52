// Formsets: the management form (missing, tampered, capped by absoluteMax), untouched extra forms,
// min/max, delete and order boxes, rendering and escaping; model and inline formsets on real databases.
import { before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ImproperlyConfigured, TangoError } from '../../../framework/src/core/errors.ts'
import { defineModel, f, modelRegistry, ValidationError } from '../../../framework/src/db/index.ts'
import * as forms from '../../../framework/src/forms/index.ts'
import { forEachDatabase } from '../../helpers/databases.ts'

const ArticleForm = forms.defineForm({
  title: forms.CharField({ maxLength: 20 }),
  pubDate: forms.DateField({ required: false }),
})

/** Submitted data for a formset of ArticleForm: `rows` become `form-<i>-<field>`. */
function post(rows: readonly Readonly<Record<string, string>>[], management: Readonly<Record<string, string>> = {}, prefix = 'form'): Record<string, string> {
  const data: Record<string, string> = {
    [`${prefix}-TOTAL_FORMS`]: String(rows.length),
    [`${prefix}-INITIAL_FORMS`]: '0',
    ...management,
  }
  rows.forEach((row, i) => {
    for (const [name, value] of Object.entries(row)) data[`${prefix}-${i}-${name}`] = value
  })
  return data
}

describe('formsetFactory', () => {
  test('an unbound formset shows initial forms then extra ones, with a management form and an empty form', () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm, { extra: 2 })
    const formset = new ArticleFormSet({ initial: [{ title: 'Django <3' }] })
    assert.equal(formset.isBound, false)
    assert.equal(formset.initialFormCount(), 1)
    assert.equal(formset.totalFormCount(), 3)
    assert.deepEqual(formset.forms.map((form) => form.prefix), ['form-0', 'form-1', 'form-2'])
    assert.equal(formset.forms[0]?.get('title').value(), 'Django <3')
    const html = formset.asDiv().toString()
    assert.match(html, /<input type="hidden" name="form-TOTAL_FORMS" value="3" id="id_form-TOTAL_FORMS">/)
    assert.match(html, /<input type="hidden" name="form-INITIAL_FORMS" value="1" id="id_form-INITIAL_FORMS">/)
    assert.match(html, /<input type="hidden" name="form-MIN_NUM_FORMS" value="0" id="id_form-MIN_NUM_FORMS">/)
    assert.match(html, /<input type="hidden" name="form-MAX_NUM_FORMS" value="1000" id="id_form-MAX_NUM_FORMS">/)
    assert.match(html, /<input type="text" name="form-0-title" value="Django &lt;3" maxlength="20" id="id_form-0-title">/)
    assert.match(html, /name="form-2-title"/)
    assert.doesNotMatch(html, / required/, 'formset forms render no required attribute (extra forms may stay empty)')
    const empty = formset.emptyForm.asDiv().toString()
    assert.match(empty, /<input type="text" name="form-__prefix__-title" maxlength="20" id="id_form-__prefix__-title">/)
    assert.equal(formset.emptyForm.emptyPermitted, true)
  })

  test('maxNum caps the displayed forms unless the initial ones are more; minNum adds forms', () => {
    assert.equal(new (forms.formsetFactory(ArticleForm, { extra: 5, maxNum: 3 }))().totalFormCount(), 3)
    const initial = [{ title: 'a' }, { title: 'b' }, { title: 'c' }]
    assert.equal(new (forms.formsetFactory(ArticleForm, { extra: 1, maxNum: 2 }))({ initial }).totalFormCount(), 3)
    assert.equal(new (forms.formsetFactory(ArticleForm, { extra: 1, minNum: 2 }))().totalFormCount(), 3)
    assert.throws(() => forms.formsetFactory(ArticleForm, { maxNum: 10, absoluteMax: 5 }), /'absoluteMax' must be greater or equal to 'maxNum'\./)
  })

  test('a missing management form makes a bound formset invalid, naming the missing fields', async () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm)
    const formset = new ArticleFormSet({ data: { 'form-0-title': 'Hello' } })
    assert.equal(await formset.isValid(), false)
    assert.equal(formset.totalFormCount(), 0)
    assert.deepEqual(formset.nonFormErrors(), [
      'ManagementForm data is missing or has been tampered with. Missing fields: form-TOTAL_FORMS, form-INITIAL_FORMS. You may need to file a bug report if the issue persists.',
    ])
    assert.match(formset.asDiv().toString(), /<ul class="errorlist nonform"><li>ManagementForm data is missing/)
  })

  test('a tampered management form (not a number) is invalid too', async () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm)
    const formset = new ArticleFormSet({ data: post([{ title: 'Hello' }], { 'form-TOTAL_FORMS': '1; DROP TABLE' }) })
    assert.equal(await formset.isValid(), false)
    assert.match(formset.nonFormErrors()[0] ?? '', /tampered with\. Missing fields: form-TOTAL_FORMS\./)
  })

  test('errors and cleanedData need isValid() first', async () => {
    const formset = new (forms.formsetFactory(ArticleForm))({ data: post([{ title: 'x' }]) })
    assert.throws(() => formset.errors, (e: unknown) => e instanceof TangoError && e.code === 'E_FORM_NOT_VALIDATED')
    assert.equal(await formset.isValid(), true)
    assert.deepEqual(formset.cleanedData, [{ title: 'x', pubDate: null }])
  })

  test('untouched extra forms are not validated; a changed one is', async () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm, { extra: 3 })
    const formset = new ArticleFormSet({ data: post([{ title: 'Hello', pubDate: '2026-01-02' }, { title: '', pubDate: '' }, { title: '' }]) })
    assert.equal(await formset.isValid(), true, JSON.stringify(formset.errors))
    assert.deepEqual(formset.cleanedData, [{ title: 'Hello', pubDate: '2026-01-02' }, {}, {}])
    assert.deepEqual(formset.errors, [{}, {}, {}])
    assert.equal(formset.hasChanged(), true)

    const bad = new ArticleFormSet({ data: post([{ title: 'Hello' }, { title: '', pubDate: 'soon' }]) })
    assert.equal(await bad.isValid(), false)
    assert.deepEqual(bad.errors, [{}, { title: ['This field is required.'], pubDate: ['Enter a valid date.'] }])
    assert.equal(bad.totalErrorCount(), 2)
    assert.throws(() => bad.cleanedData, (e: unknown) => e instanceof TangoError && e.code === 'E_FORM_INVALID')
  })

  test('initial forms are validated even when unchanged', async () => {
    const formset = new (forms.formsetFactory(ArticleForm, { extra: 0 }))({
      initial: [{ title: 'Kept' }], data: post([{ title: '' }], { 'form-INITIAL_FORMS': '1' }),
    })
    assert.equal(await formset.isValid(), false)
    assert.deepEqual(formset.errors, [{ title: ['This field is required.'] }])
  })

  test('maxNum is enforced only with validateMax; minNum only with validateMin', async () => {
    const rows = [{ title: 'a' }, { title: 'b' }, { title: 'c' }]
    const lax = new (forms.formsetFactory(ArticleForm, { maxNum: 2 }))({ data: post(rows) })
    assert.equal(await lax.isValid(), true)
    const strict = new (forms.formsetFactory(ArticleForm, { maxNum: 2, validateMax: true }))({ data: post(rows) })
    assert.equal(await strict.isValid(), false)
    assert.deepEqual(strict.nonFormErrors(), ['Please submit at most 2 forms.'])
    const one = new (forms.formsetFactory(ArticleForm, { maxNum: 1, validateMax: true }))({ data: post(rows) })
    assert.equal(await one.isValid(), false)
    assert.deepEqual(one.nonFormErrors(), ['Please submit at most 1 form.'])

    const filled = [{ title: 'a' }, { title: '' }, { title: '' }]
    assert.equal(await new (forms.formsetFactory(ArticleForm, { minNum: 2, extra: 0 }))({ data: post(filled.slice(0, 1).concat([{ title: '' }])) }).isValid(), false,
      'forms within minNum are not allowed to stay empty')
    const fewer = new (forms.formsetFactory(ArticleForm, { minNum: 2, validateMin: true }))({ data: post(filled) })
    assert.equal(await fewer.isValid(), false)
    assert.deepEqual(fewer.nonFormErrors(), ['Please submit at least 2 forms.'])
    const enough = new (forms.formsetFactory(ArticleForm, { minNum: 2, validateMin: true }))({ data: post([{ title: 'a' }, { title: 'b' }, { title: '' }]) })
    assert.equal(await enough.isValid(), true, JSON.stringify(enough.nonFormErrors()))
  })

  test('TOTAL_FORMS is capped by absoluteMax: a client cannot make the server build a million forms', async () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm, { maxNum: 3, absoluteMax: 5 })
    const formset = new ArticleFormSet({ data: post([{ title: 'a' }], { 'form-TOTAL_FORMS': '1000000' }) })
    assert.equal(formset.totalFormCount(), 5)
    assert.equal(formset.forms.length, 5)
    assert.equal(await formset.isValid(), false)
    assert.deepEqual(formset.nonFormErrors(), ['Please submit at most 3 forms.'])
    assert.equal(forms.formsetFactory(ArticleForm).absoluteMax, 2000, "Django's default: maxNum + 1000")
  })

  test('canDelete: a form marked for deletion is left out of validation and listed in deletedForms', async () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm, { canDelete: true, extra: 0 })
    const unbound = new ArticleFormSet({ initial: [{ title: 'a' }] })
    assert.match(unbound.asDiv().toString(), /<label for="id_form-0-DELETE">Delete:<\/label>[\s\S]*<input type="checkbox" name="form-0-DELETE" id="id_form-0-DELETE">/)
    const data = post([{ title: 'Keep' }, { title: '', pubDate: 'not a date', DELETE: 'on' }, { title: 'New' }], { 'form-INITIAL_FORMS': '2' })
    const formset = new ArticleFormSet({ initial: [{ title: 'Keep' }, { title: 'Gone' }], data })
    assert.equal(await formset.isValid(), true, JSON.stringify(formset.errors))
    assert.deepEqual(formset.deletedForms.map((form) => form.prefix), ['form-1'])
    assert.equal(formset.errors.length, 2, 'as Django, errors leave out the deleted forms')
    // An untouched extra form is no deletion, even with can_delete_extra.
    const extra = new (forms.formsetFactory(ArticleForm, { canDelete: true, extra: 1 }))({ data: post([{ title: '' }]) })
    assert.equal(await extra.isValid(), true)
    assert.deepEqual(extra.deletedForms, [])
    assert.ok(!('DELETE' in new (forms.formsetFactory(ArticleForm, { canDelete: true, canDeleteExtra: false }))().forms[0]!.fields))
  })

  test('canOrder: orderedForms sorts by ORDER, empty orders last, without deleted forms', async () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm, { canOrder: true, canDelete: true, extra: 0 })
    assert.equal(new ArticleFormSet({ initial: [{ title: 'a' }] }).forms[0]?.get('ORDER').value(), 1)
    const formset = new ArticleFormSet({
      data: post([{ title: 'a', ORDER: '2' }, { title: 'b', ORDER: '' }, { title: 'c', ORDER: '1' }, { title: 'd', ORDER: '0', DELETE: 'on' }]),
    })
    assert.equal(await formset.isValid(), true)
    assert.deepEqual(formset.orderedForms.map((form) => form.cleanedData.title), ['c', 'a', 'b'])
    await assert.rejects(async () => new (forms.formsetFactory(ArticleForm))({ data: post([]) }).orderedForms, /canOrder/)
  })

  test('a subclass adds cross-form validation in clean()', async () => {
    class UniqueTitles extends forms.formsetFactory(ArticleForm, { extra: 0 }) {
      override clean(): void {
        const titles = this.forms.map((form) => form.cleanedData.title)
        if (new Set(titles).size !== titles.length) throw new ValidationError('Articles in a set must have distinct titles.')
      }
    }
    const formset = new UniqueTitles({ data: post([{ title: 'x' }, { title: 'x' }]) })
    assert.equal(await formset.isValid(), false)
    assert.deepEqual(formset.nonFormErrors(), ['Articles in a set must have distinct titles.'])
  })

  test('submitted values are escaped when an invalid formset is rendered again', async () => {
    const ArticleFormSet = forms.formsetFactory(ArticleForm)
    const formset = new ArticleFormSet({ data: post([{ title: '"><script>alert(1)</script>', pubDate: '<b>' }]), prefix: 'form' })
    assert.equal(await formset.isValid(), false)
    const html = formset.asDiv().toString()
    assert.doesNotMatch(html, /<script>|<b>/)
    assert.match(html, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/)
    assert.match(html, /value="&lt;b&gt;"/)
    assert.match(html, /<ul class="errorlist" id="id_form-0-title_error"><li>Ensure this value has at most 20 characters \(it has 27\)\.<\/li><\/ul>/)
  })

  test('a custom prefix names every input', async () => {
    const formset = new (forms.formsetFactory(ArticleForm))({ prefix: 'articles', data: post([{ title: 'p' }], {}, 'articles') })
    assert.equal(await formset.isValid(), true)
    assert.equal(formset.forms[0]?.get('title').htmlName, 'articles-0-title')
    assert.match(formset.asDiv().toString(), /name="articles-TOTAL_FORMS" value="1"/)
  })
})

describe('Form.hasChanged', () => {
  test('compares submitted values with initial ones through each field', () => {
    const Form = forms.defineForm({
      name: forms.CharField(), age: forms.IntegerField({ required: false }), ok: forms.BooleanField({ required: false }),
      when: forms.DateTimeField({ required: false }),
    })
    const initial = { name: 'Ann', age: 3, ok: false, when: new Date('2026-01-02T03:04:05Z') }
    const same = new Form({ initial, data: { name: 'Ann', age: '3', when: '2026-01-02 03:04:05' } })
    assert.deepEqual(same.changedData, [])
    assert.equal(same.hasChanged(), false)
    const changed = new Form({ initial, data: { name: 'Ann', age: 'x', ok: 'on', when: '2026-01-02 03:04:05' } })
    assert.deepEqual(changed.changedData, ['age', 'ok'])
    assert.equal(new Form().hasChanged(), false)
  })
})

// ------------------------------------------------------------------------ model formsets ---

const Author = defineModel('fs.Author', { name: f.char({ maxLength: 50 }) })
const Book = defineModel('fs.Book', {
  author: f.foreignKey('fs.Author', { onDelete: 'CASCADE', relatedName: 'books' }),
  title: f.char({ maxLength: 30 }),
  pages: f.integer({ default: 0 }),
})
const Review = defineModel('fs.Review', {
  book: f.foreignKey('fs.Book', { onDelete: 'CASCADE' }),
  writer: f.foreignKey('fs.Author', { onDelete: 'CASCADE', relatedName: 'written' }),
  editor: f.foreignKey('fs.Author', { onDelete: 'CASCADE', relatedName: 'edited' }),
  text: f.text(),
})

test('inlineFormsetFactory finds the foreign key, or says why it cannot', () => {
  assert.equal(forms.inlineFormsetFactory(Author, Book, { fields: ['title'] }).fk?.name, 'author')
  assert.throws(() => forms.inlineFormsetFactory(Author, Review, { fields: ['text'] }),
    (e: unknown) => e instanceof ImproperlyConfigured && /'fs.Review' has more than one ForeignKey to 'fs.Author'\. You must specify a 'fkName' attribute\./.test(e.message))
  assert.equal(forms.inlineFormsetFactory(Author, Review, { fields: ['text'], fkName: 'editor' }).fk?.name, 'editor')
  assert.throws(() => forms.inlineFormsetFactory(Book, Author, { fields: ['name'] }), /'fs.Author' has no ForeignKey to 'fs.Book'\./)
  assert.throws(() => forms.inlineFormsetFactory(Author, Review, { fields: ['text'], fkName: 'book' }), /is not a ForeignKey to 'fs.Author'/)
  assert.throws(() => forms.inlineFormsetFactory(Author, Book, {}), /without either the 'fields' attribute or the 'exclude' attribute/)
  const BookFormSet = forms.inlineFormsetFactory(Author, Book, { fields: '__all__' })
  assert.deepEqual(Object.keys(BookFormSet.form?.baseFields ?? {}), ['title', 'pages'], 'the foreign key is not an input')
  assert.equal(BookFormSet.extra, 3)
  assert.equal(BookFormSet.canDelete, true)
})

forEachDatabase('model formsets', (ctx) => {
  let ann: InstanceType<typeof Author>
  let bob: InstanceType<typeof Author>
  const BookFormSet = forms.inlineFormsetFactory(Author, Book, { fields: ['title', 'pages'], extra: 1 })

  before(async () => {
    const editor = ctx.connection().schemaEditor({ resolveModel: (label) => modelRegistry.getModel(label)._meta })
    for (const model of [Author, Book, Review]) await editor.createModel(model._meta)
    ann = await Author.objects.create({ name: 'Ann' })
    bob = await Author.objects.create({ name: 'Bob' })
    await Book.objects.create({ author: ann, title: 'First', pages: 10 })
    await Book.objects.create({ author: ann, title: 'Second', pages: 20 })
    await Book.objects.create({ author: bob, title: 'Bobs', pages: 5 })
  })

  test('an unbound inline formset shows the parent\'s children then extra forms, after prepare()', async () => {
    const formset = new BookFormSet({ instance: ann })
    assert.equal(formset.prefix, 'books')
    assert.throws(() => formset.forms, (e: unknown) => e instanceof TangoError && e.code === 'E_FORMSET_NOT_PREPARED')
    await formset.prepare()
    assert.equal(formset.initialFormCount(), 2)
    assert.equal(formset.totalFormCount(), 3)
    assert.deepEqual(formset.forms.map((form) => form.get('title').value()), ['First', 'Second', null])
    const html = formset.asDiv().toString()
    const first = formset.forms[0]?.instance.pk
    assert.match(html, /name="books-TOTAL_FORMS" value="3"/)
    assert.match(html, /name="books-INITIAL_FORMS" value="2"/)
    assert.match(html, new RegExp(`<input type="hidden" name="books-0-id" value="${String(first)}" id="id_books-0-id">`))
    assert.match(html, /<input type="hidden" name="books-2-id" id="id_books-2-id">/)
    assert.match(html, /name="books-0-DELETE"/)
    assert.doesNotMatch(html, /name="books-0-author"/)
    assert.match(formset.emptyForm.asDiv().toString(), /name="books-__prefix__-title"/)
  })

  test('save() updates, deletes and creates children, setting the foreign key', async () => {
    const books = await Book.objects.filter({ authorId: ann.pk as number }).orderBy('id')
    const [first, second] = books
    const data = {
      'books-TOTAL_FORMS': '4', 'books-INITIAL_FORMS': '2',
      'books-0-id': String(first?.pk), 'books-0-title': 'First, revised', 'books-0-pages': '11',
      'books-1-id': String(second?.pk), 'books-1-title': 'Second', 'books-1-pages': '20', 'books-1-DELETE': 'on',
      'books-2-id': '', 'books-2-title': 'Third', 'books-2-pages': '30',
      'books-3-id': '', 'books-3-title': '', 'books-3-pages': '0',
    }
    const formset = new BookFormSet({ instance: ann, data })
    assert.equal(await formset.isValid(), true, JSON.stringify([formset.errors, formset.nonFormErrors()]))
    const saved = await formset.save()
    assert.deepEqual(saved.map((book) => (book as InstanceType<typeof Book>).title), ['First, revised', 'Third'])
    assert.deepEqual(formset.deletedObjects.map((book) => (book as InstanceType<typeof Book>).title), ['Second'])
    assert.deepEqual(formset.changedObjects.map(([, fields]) => fields), [['title', 'pages']])
    assert.equal(formset.newObjects.length, 1)
    const now = await Book.objects.filter({ authorId: ann.pk as number }).orderBy('id')
    assert.deepEqual(now.map((book) => [book.title, book.pages, book.authorId]), [['First, revised', 11, ann.pk], ['Third', 30, ann.pk]])
    assert.equal(await Book.objects.filter({ authorId: bob.pk as number }).count(), 1, 'other parents\' children are untouched')
  })

  test('a pk outside the parent\'s children (tampered) is rejected and changes nothing', async () => {
    const bobs = await Book.objects.get({ title: 'Bobs' })
    const data = {
      'books-TOTAL_FORMS': '1', 'books-INITIAL_FORMS': '1',
      'books-0-id': String(bobs.pk), 'books-0-title': 'Stolen', 'books-0-pages': '1',
    }
    const formset = new BookFormSet({ instance: ann, data })
    assert.equal(await formset.isValid(), false)
    assert.deepEqual(formset.errors[0]?.id, ['Select a valid choice. That choice is not one of the available choices.'])
    assert.match(formset.asDiv().toString(), /\(Hidden field id\) Select a valid choice/)
    await assert.rejects(formset.save(), (e: unknown) => e instanceof TangoError && e.code === 'E_FORM_INVALID')
    assert.equal((await Book.objects.get({ id: bobs.pk as number })).title, 'Bobs')
  })

  test('a new parent has no initial forms; its children are saved once it is', async () => {
    const parent = new Author({ name: 'Cy' })
    const data = { 'books-TOTAL_FORMS': '1', 'books-INITIAL_FORMS': '0', 'books-0-title': 'Debut', 'books-0-pages': '99' }
    const formset = new BookFormSet({ instance: parent, data })
    assert.equal(await formset.isValid(), true, JSON.stringify(formset.errors))
    await assert.rejects(formset.save(), (e: unknown) => e instanceof TangoError && e.code === 'E_FORMSET_UNSAVED_PARENT')
    await parent.save()
    const [book] = await formset.save()
    assert.equal((book as InstanceType<typeof Book>).authorId, parent.pk)
  })

  test('modelFormsetFactory edits the rows of a queryset', async () => {
    const AuthorFormSet = forms.modelFormsetFactory(Author, { fields: ['name'], extra: 1 })
    const unbound = new AuthorFormSet({ queryset: Author.objects.filter({ name__in: ['Ann', 'Bob'] }) as unknown as forms.FormsetQuerySet })
    await unbound.prepare()
    assert.deepEqual(unbound.forms.map((form) => form.get('name').value()), ['Ann', 'Bob', null])
    assert.equal(unbound.prefix, 'form')
    const data = {
      'form-TOTAL_FORMS': '3', 'form-INITIAL_FORMS': '2',
      'form-0-id': String(ann.pk), 'form-0-name': 'Ann',
      'form-1-id': String(bob.pk), 'form-1-name': 'Robert',
      'form-2-id': '', 'form-2-name': 'Dee',
    }
    const formset = new AuthorFormSet({ data })
    assert.equal(await formset.isValid(), true, JSON.stringify(formset.errors))
    const saved = await formset.save()
    assert.deepEqual(saved.map((a) => (a as InstanceType<typeof Author>).name), ['Robert', 'Dee'], 'the unchanged row is not saved')
    assert.deepEqual((await Author.objects.orderBy('id')).map((a) => a.name), ['Ann', 'Robert', 'Cy', 'Dee'])
  })
})

// modelForm on real databases: fields derived from the ModelSpec, save() creating and updating
// (many-to-many included), model fullClean() and unique checks merged into the form's errors.
import { before, test } from 'node:test'
import assert from 'node:assert/strict'
import { ImproperlyConfigured } from '../../../framework/src/core/errors.ts'
import { defineModel, f, modelRegistry, textChoices } from '../../../framework/src/db/index.ts'
import * as forms from '../../../framework/src/forms/index.ts'
import { forEachDatabase } from '../../helpers/databases.ts'

const Status = textChoices({ DRAFT: ['d', 'Draft'], PUBLISHED: ['p', 'Published'] })
const Writer = defineModel('mf.Writer', { name: f.char({ maxLength: 50 }) })
const Label = defineModel('mf.Label', { name: f.char({ maxLength: 20 }) })
const Post = defineModel('mf.Post', {
  title: f.char({ maxLength: 20, unique: true, helpText: 'Be brief' }),
  slug: f.slug({ blank: true }),
  body: f.text({ blank: true }),
  status: f.char({ maxLength: 1, choices: Status.choices, default: Status.DRAFT }),
  featured: f.boolean({ default: false }),
  rating: f.positiveInteger({ null: true, blank: true }),
  writer: f.foreignKey('mf.Writer', { onDelete: 'CASCADE' }),
  labels: f.manyToMany('mf.Label', { blank: true }),
  created: f.dateTime({ autoNowAdd: true }),
})

const PostForm = forms.modelForm(Post, { fields: '__all__', labels: { body: 'Text' } })

test('form fields follow the model fields', () => {
  const fields = new PostForm().fields
  assert.deepEqual(Object.keys(fields), ['title', 'slug', 'body', 'status', 'featured', 'rating', 'writer', 'labels'])
  const title = fields.title as forms.CharFieldClass
  assert.ok(title instanceof forms.CharFieldClass)
  assert.equal(title.maxLength, 20)
  assert.equal(title.required, true)
  assert.equal(title.label, 'Title')
  assert.equal(fields.slug?.required, false)
  assert.ok(fields.body?.widget instanceof forms.Textarea)
  assert.equal(fields.body?.label, 'Text')
  assert.ok(fields.status instanceof forms.TypedChoiceFieldClass)
  assert.ok(fields.featured?.widget instanceof forms.CheckboxInput)
  assert.equal(fields.featured?.required, false)
  assert.ok(fields.writer instanceof forms.ModelChoiceFieldClass)
  assert.ok(fields.labels instanceof forms.ModelMultipleChoiceFieldClass)
  assert.equal(fields.labels?.required, false)
})

test('fields or exclude is required; non-editable fields cannot be named', () => {
  assert.throws(() => forms.modelForm(Post, {}), ImproperlyConfigured)
  assert.throws(() => forms.modelForm(Post, { fields: ['created'] }), /non-editable/)
  assert.throws(() => forms.modelForm(Post, { fields: ['nope'] }), /Unknown field/)
  assert.deepEqual(Object.keys(forms.modelForm(Post, { exclude: ['body', 'labels'] }).baseFields),
    ['title', 'slug', 'status', 'featured', 'rating', 'writer'])
})

forEachDatabase('modelForm', (ctx) => {
  let writer: InstanceType<typeof Writer>
  let labels: InstanceType<typeof Label>[] = []

  before(async () => {
    const editor = ctx.connection().schemaEditor({ resolveModel: (label) => modelRegistry.getModel(label)._meta })
    for (const model of [Writer, Label, Post]) await editor.createModel(model._meta)
    writer = await Writer.objects.create({ name: 'Ann <b>' })
    labels = [await Label.objects.create({ name: 'news' }), await Label.objects.create({ name: 'tech' })]
  })

  test('creates an instance with its many-to-many rows', async () => {
    const form = new PostForm({ data: { title: 'First', status: 'p', writer: String(writer.pk), labels: labels.map((l) => String(l.pk)) } })
    assert.equal(await form.isValid(), true, JSON.stringify(form.errors))
    const post = await form.save() as InstanceType<typeof Post>
    assert.equal(typeof post.pk, 'number')
    const saved = await Post.objects.get({ id: post.pk as number })
    assert.equal(saved.title, 'First')
    assert.equal(saved.status, 'p')
    assert.equal(saved.featured, false)
    assert.equal(saved.writerId, writer.pk)
    assert.deepEqual((await saved.labels.all()).map((l) => l.name).sort(), ['news', 'tech'])
  })

  test('unique checks and model validation become form errors; bad choices are form errors', async () => {
    const form = new PostForm({ data: { title: 'First', writer: '999999', rating: '-1', status: 'z' } })
    assert.equal(await form.isValid(), false)
    assert.deepEqual(form.errors.title, ['Post with this Title already exists.'])
    assert.deepEqual(form.errors.writer, ['Select a valid choice. That choice is not one of the available choices.'])
    assert.deepEqual(form.errors.rating, ['Ensure this value is greater than or equal to 0.'])
    assert.deepEqual(form.errors.status, ['Select a valid choice. z is not one of the available choices.'])
    await assert.rejects(form.save(), /The Post could not be created because the data didn't validate\./)
  })

  test('updates an instance: initial from it, m2m initial loaded by prepare(), save changes it', async () => {
    const post = await Post.objects.get({ title: 'First' })
    const unbound = new PostForm({ instance: post })
    await unbound.prepare()
    assert.equal(unbound.get('title').value(), 'First')
    assert.equal(unbound.get('writer').value(), writer.pk)
    assert.deepEqual(unbound.get('labels').value(), labels.map((l) => l.pk))
    const html = unbound.asDiv().toString()
    assert.match(html, new RegExp(`<option value="${String(writer.pk)}" selected>Writer object \\(${String(writer.pk)}\\)</option>`))
    assert.match(html, /aria-describedby="id_title_helptext"/)

    const form = new PostForm({ instance: post, data: { title: 'First', status: 'd', writer: String(writer.pk), labels: [String(labels[0]?.pk)], featured: 'on' } })
    assert.equal(await form.isValid(), true, JSON.stringify(form.errors))
    await form.save()
    const again = await Post.objects.get({ id: post.pk as number })
    assert.equal(again.featured, true)
    assert.equal(again.status, 'd')
    assert.deepEqual((await again.labels.all()).map((l) => l.name), ['news'])
    assert.equal(await Post.objects.count(), 1)
  })
})

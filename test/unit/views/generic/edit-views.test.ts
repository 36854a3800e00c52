// CreateView and UpdateView on a real SQLite file, through the handler and TestClient.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configure, ImproperlyConfigured } from '../../../../framework/src/core/index.ts'
import { connections, defineModel, f, modelRegistry } from '../../../../framework/src/db/index.ts'
import { modelForm } from '../../../../framework/src/forms/index.ts'
import { createHandler } from '../../../../framework/src/handler/index.ts'
import { resetEngine } from '../../../../framework/src/templates/index.ts'
import { TestClient } from '../../../../framework/src/test/index.ts'
import { path, URLResolver } from '../../../../framework/src/urls/index.ts'
import { CreateView, UpdateView } from '../../../../framework/src/views/index.ts'

const Note = defineModel('notes.Note', {
  title: f.char({ maxLength: 20, unique: true }),
  body: f.text({ blank: true }),
})

let dir = ''
let client: TestClient

function body(response: { content: string | Uint8Array }): string {
  return typeof response.content === 'string' ? response.content : Buffer.from(response.content).toString('utf8')
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tango-edit-'))
  mkdirSync(join(dir, 'templates', 'notes'), { recursive: true })
  writeFileSync(join(dir, 'templates', 'notes', 'note_form.html'), '{% if object %}editing {{ object.title }}|{% endif %}<form method="post">{{ form.asDiv() }}</form>')
  configure({
    DEBUG: false,
    BASE_DIR: dir,
    DATABASES: { default: { URL: `sqlite:///${join(dir, 'db.sqlite3')}` } },
    TEMPLATES: { DIRS: [join(dir, 'templates')], APP_DIRS: false },
  })
  resetEngine()
  await connections.reset()
  const editor = connections.get().schemaEditor({ resolveModel: (label) => modelRegistry.getModel(label)._meta })
  await editor.createModel(Note._meta)
  const resolver = new URLResolver([
    path('new/', CreateView.asView({ model: Note, fields: ['title', 'body'], successUrl: '/notes/{id}/' })),
    path('new-form/', CreateView.asView({ formClass: modelForm(Note, { fields: ['title', 'body'] }), successUrl: '/done/' })),
    path('no-fields/', CreateView.asView({ model: Note })),
    path('<int:pk>/edit/', UpdateView.asView({ model: Note, fields: ['title', 'body'], successUrl: '/notes/{id}/?t={title}' })),
  ])
  client = new TestClient(await createHandler({ resolver, middleware: [] }))
})

after(async () => {
  await connections.reset()
  rmSync(dir, { recursive: true, force: true })
  configure({})
  resetEngine()
})

describe('CreateView', () => {
  test('GET renders an empty form with <app>/<model>_form.html', async () => {
    const response = await client.get('/new/')
    assert.equal(response.status, 200)
    const html = body(response)
    assert.match(html, /<label for="id_title">Title:<\/label>/)
    assert.match(html, /<input type="text" name="title" maxlength="20" required id="id_title">/)
    assert.doesNotMatch(html, /editing/)
  })

  test('POST valid data saves and redirects to successUrl with the object fields', async () => {
    const response = await client.post('/new/', { title: 'Hello', body: 'World' })
    assert.equal(response.status, 302)
    const note = await Note.objects.get({ title: 'Hello' })
    assert.equal(response.headers.get('location'), `/notes/${String(note.pk)}/`)
    assert.equal(note.body, 'World')
  })

  test('POST invalid data re-renders with 200, the errors and the escaped value', async () => {
    const response = await client.post('/new/', { title: '<script>alert(1)</script>xxxxxxxxx' })
    assert.equal(response.status, 200)
    const html = body(response)
    assert.match(html, /Ensure this value has at most 20 characters \(it has 34\)\./)
    assert.match(html, /aria-invalid="true"/)
    assert.match(html, /value="&lt;script&gt;alert\(1\)&lt;\/script&gt;xxxxxxxxx"/)
    assert.doesNotMatch(html, /<script>/)
    const duplicate = await client.post('/new/', { title: 'Hello' })
    assert.equal(duplicate.status, 200)
    assert.match(body(duplicate), /Note with this Title already exists\./)
    assert.equal(await Note.objects.count(), 1)
  })

  test('formClass works instead of fields; neither is ImproperlyConfigured', async () => {
    const response = await client.post('/new-form/', { title: 'Other' })
    assert.equal(response.status, 302, body(response))
    assert.equal(response.headers.get('location'), '/done/')
    assert.equal((await client.get('/no-fields/')).status, 500)
    const view = new CreateView()
    view.model = Note
    assert.throws(() => view.getFormClass(), (error: unknown) => error instanceof ImproperlyConfigured
      && /Using ModelFormMixin \(base class of CreateView\) without the 'fields' attribute is prohibited\./.test(error.message))
  })
})

describe('UpdateView', () => {
  test('GET shows the object in the form; a missing one is a 404', async () => {
    const note = await Note.objects.get({ title: 'Hello' })
    const response = await client.get(`/${String(note.pk)}/edit/`)
    assert.equal(response.status, 200)
    assert.match(body(response), /^editing Hello\|/)
    assert.match(body(response), /value="Hello"/)
    assert.match(body(response), /<textarea name="body" cols="40" rows="10" id="id_body">\nWorld<\/textarea>/)
    assert.equal((await client.get('/99999/edit/')).status, 404)
  })

  test('POST updates in place and redirects', async () => {
    const note = await Note.objects.get({ title: 'Hello' })
    const response = await client.post(`/${String(note.pk)}/edit/`, { title: 'Hello2', body: '' })
    assert.equal(response.status, 302)
    assert.equal(response.headers.get('location'), `/notes/${String(note.pk)}/?t=Hello2`)
    await note.refreshFromDb()
    assert.equal(note.title, 'Hello2')
    assert.equal(note.body, '')
    assert.equal(await Note.objects.count(), 2)
  })

  test('keeping its own unique value is not a duplicate; taking another is', async () => {
    const note = await Note.objects.get({ title: 'Hello2' })
    assert.equal((await client.post(`/${String(note.pk)}/edit/`, { title: 'Hello2' })).status, 302)
    const clash = await client.post(`/${String(note.pk)}/edit/`, { title: 'Other' })
    assert.equal(clash.status, 200)
    assert.match(body(clash), /Note with this Title already exists\./)
  })
})

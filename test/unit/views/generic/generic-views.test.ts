// ListView, DetailView, DeleteView and getObjectOr404 on a real SQLite file, through the handler and TestClient.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configure, ImproperlyConfigured } from '../../../../framework/src/core/index.ts'
import { connections, defineModel, f, getListOr404, getObjectOr404, modelRegistry } from '../../../../framework/src/db/index.ts'
import { createHandler } from '../../../../framework/src/handler/index.ts'
import { Http404 } from '../../../../framework/src/http/index.ts'
import { resetEngine } from '../../../../framework/src/templates/index.ts'
import { TestClient } from '../../../../framework/src/test/index.ts'
import { path, URLResolver } from '../../../../framework/src/urls/index.ts'
import { DeleteView, DetailView, ListView, Paginator } from '../../../../framework/src/views/index.ts'

const Question = defineModel('polls.Question', {
  questionText: f.char({ maxLength: 200 }),
  slug: f.slug(),
  rank: f.integer({ default: 0 }),
}, { verboseName: 'question' })

const Choice = defineModel('polls.Choice', {
  question: f.foreignKey('polls.Question', { onDelete: 'CASCADE', relatedName: 'choices' }),
  choiceText: f.char({ maxLength: 200 }),
})

let dir = ''
let client: TestClient

class RankedList extends ListView {
  override ordering: string | readonly string[] | null = 'rank'
}

function body(response: { content: string | Uint8Array }): string {
  return typeof response.content === 'string' ? response.content : Buffer.from(response.content).toString('utf8')
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tango-generic-'))
  mkdirSync(join(dir, 'templates', 'polls'), { recursive: true })
  const t = (name: string, text: string): void => writeFileSync(join(dir, 'templates', 'polls', name), text)
  t('question_list.html', '{% for q in questionList %}[{{ q.questionText }}]{% endfor %}|{{ objectList | length }}|{% if isPaginated %}page {{ page.number }} of {{ page.numPages }} next={{ page.hasNext() }} range={% for n in page.pageRange %}{{ n }}{% endfor %}{% else %}all{% endif %}')
  t('question_detail.html', '{{ object.questionText }}={{ question.questionText }}|{{ view.slugField }}')
  t('question_confirm_delete.html', 'Delete {{ question.questionText }}?')
  t('custom.html', 'custom {{ items | length }}')
  configure({
    DEBUG: false,
    BASE_DIR: dir,
    DATABASES: { default: { URL: `sqlite:///${join(dir, 'db.sqlite3')}` } },
    TEMPLATES: { DIRS: [join(dir, 'templates')], APP_DIRS: false },
  })
  resetEngine()
  await connections.reset()
  const editor = connections.get().schemaEditor({ resolveModel: (label) => modelRegistry.getModel(label)._meta })
  await editor.createModel(Question._meta)
  await editor.createModel(Choice._meta)
  for (let i = 1; i <= 5; i++) await Question.objects.create({ questionText: `Q${i}`, slug: `q${i}`, rank: 10 - i })
  const resolver = new URLResolver([
    path('all/', ListView.asView({ model: Question, ordering: ['id'] })),
    path('ranked/', RankedList.asView({ model: Question })),
    path('paged/', ListView.asView({ model: Question, paginateBy: 2, ordering: 'id' })),
    path('paged/<int:page>/', ListView.asView({ model: Question, paginateBy: 2, ordering: 'id' })),
    path('orphans/', ListView.asView({ model: Question, paginateBy: 2, paginateOrphans: 1, ordering: 'id' })),
    path('custom/', ListView.asView({ queryset: Question.objects.filter({ rank__gte: 7 }), templateName: 'polls/custom.html', contextObjectName: 'items' })),
    path('strict/', ListView.asView({ queryset: Question.objects.filter({ rank: 999 }), allowEmpty: false })),
    path('q/<int:pk>/', DetailView.asView({ model: Question })),
    path('s/<slug:slug>/', DetailView.asView({ model: Question })),
    path('hidden/<int:pk>/', DetailView.asView({ queryset: Question.objects.filter({ rank__lt: 8 }) })),
    path('q/<int:pk>/delete/', DeleteView.asView({ model: Question, successUrl: '/all/?deleted={slug}' })),
  ])
  client = new TestClient(await createHandler({ resolver, middleware: [] }))
})

after(async () => {
  await connections.reset()
  rmSync(dir, { recursive: true, force: true })
  configure({})
  resetEngine()
})

describe('ListView', () => {
  test('renders <app>/<model>_list.html with every row in order', async () => {
    const response = await client.get('/all/')
    assert.equal(response.status, 200)
    assert.equal(body(response), '[Q1][Q2][Q3][Q4][Q5]|5|all')
  })

  test('ordering from a subclass field', async () => {
    assert.equal(body(await client.get('/ranked/')), '[Q5][Q4][Q3][Q2][Q1]|5|all')
  })

  test('paginates with ?page= and from a URL param; `last` is the last page', async () => {
    assert.equal(body(await client.get('/paged/')), '[Q1][Q2]|2|page 1 of 3 next=true range=123')
    assert.equal(body(await client.get('/paged/?page=2')), '[Q3][Q4]|2|page 2 of 3 next=true range=123')
    assert.equal(body(await client.get('/paged/?page=last')), '[Q5]|1|page 3 of 3 next=false range=123')
    assert.equal(body(await client.get('/paged/3/')), '[Q5]|1|page 3 of 3 next=false range=123')
  })

  test('orphans join the previous page', async () => {
    assert.equal(body(await client.get('/orphans/?page=2')), '[Q3][Q4][Q5]|3|page 2 of 2 next=false range=12')
  })

  test('an invalid page is a 404, as Django', async () => {
    assert.equal((await client.get('/paged/?page=9')).status, 404)
    assert.equal((await client.get('/paged/?page=abc')).status, 404)
    assert.equal((await client.get('/paged/?page=0')).status, 404)
  })

  test('queryset, templateName and contextObjectName', async () => {
    assert.equal(body(await client.get('/custom/')), 'custom 3')
  })

  test('allowEmpty: false makes an empty list a 404', async () => {
    assert.equal((await client.get('/strict/')).status, 404)
  })

  test('without model or queryset it is misconfigured', async () => {
    const view = new ListView()
    assert.throws(() => view.getQueryset(), ImproperlyConfigured)
  })
})

describe('DetailView', () => {
  test('finds by pk and renders object and <model>', async () => {
    const q = await Question.objects.get({ slug: 'q2' })
    const response = await client.get(`/q/${String(q.id)}/`)
    assert.equal(response.status, 200)
    assert.equal(body(response), 'Q2=Q2|slug')
  })

  test('finds by slug', async () => {
    assert.equal(body(await client.get('/s/q3/')), 'Q3=Q3|slug')
  })

  test('a missing row is a 404', async () => {
    assert.equal((await client.get('/q/9999/')).status, 404)
    assert.equal((await client.get('/s/nope/')).status, 404)
  })

  test('looks only inside its queryset', async () => {
    const q1 = await Question.objects.get({ slug: 'q1' })
    assert.equal((await client.get(`/hidden/${String(q1.id)}/`)).status, 404)
    const q5 = await Question.objects.get({ slug: 'q5' })
    assert.equal((await client.get(`/hidden/${String(q5.id)}/`)).status, 200)
  })
})

describe('getObjectOr404 and getListOr404', () => {
  test('return the instance or the rows', async () => {
    const q = await getObjectOr404(Question, { slug: 'q1' })
    assert.equal(q.questionText, 'Q1')
    const rows = await getListOr404(Question.objects.filter({ rank__gte: 8 }))
    assert.deepEqual(rows.map((r) => r.slug).sort(), ['q1', 'q2'])
  })

  test('throw Http404 with Django\'s message', async () => {
    await assert.rejects(getObjectOr404(Question, { slug: 'missing' }), (e: unknown) => e instanceof Http404 && e.message === 'No Question matches the given query.')
    await assert.rejects(getObjectOr404(Question.objects.filter({ rank: 999 }), {}), Http404)
    await assert.rejects(getListOr404(Question, { rank: 999 }), (e: unknown) => e instanceof Http404 && e.message === 'No Question matches the given query.')
  })
})

describe('Paginator on a QuerySet', () => {
  test('counts and slices in the database', async () => {
    const p = new Paginator(Question.objects.orderBy('id'), 2)
    assert.equal(await p.count(), 5)
    assert.equal(await p.numPages(), 3)
    const page = await p.page(2)
    assert.deepEqual(page.objectList.map((q) => q.questionText), ['Q3', 'Q4'])
    assert.equal(page.startIndex(), 3)
    assert.equal(page.endIndex(), 4)
  })
})

describe('DeleteView', () => {
  test('GET shows the confirmation page; POST deletes (cascading) and redirects', async () => {
    const q = await Question.objects.create({ questionText: 'Doomed', slug: 'doomed', rank: 0 })
    await Choice.objects.create({ question: q.id, choiceText: 'a' })
    const confirm = await client.get(`/q/${String(q.id)}/delete/`)
    assert.equal(confirm.status, 200)
    assert.equal(body(confirm), 'Delete Doomed?')
    assert.equal(await Question.objects.filter({ slug: 'doomed' }).count(), 1)
    const response = await client.post(`/q/${String(q.id)}/delete/`, {})
    assert.equal(response.status, 302)
    assert.equal(response.headers.get('location'), '/all/?deleted=doomed')
    assert.equal(await Question.objects.filter({ slug: 'doomed' }).count(), 0)
    assert.equal(await Choice.objects.count(), 0)
  })

  test('POST on a missing row is a 404', async () => {
    assert.equal((await client.post('/q/9999/delete/', {})).status, 404)
  })

  test('no successUrl is misconfigured', () => {
    const view = new DeleteView()
    assert.throws(() => view.getSuccessUrl(), /No URL to redirect to/)
  })
})

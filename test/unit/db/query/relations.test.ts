import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { getRelatedCache, type ModelInstance } from '../../../../framework/src/db/models/instance.ts'
import { captureQueries, Count, Max, Sum, Avg, Min } from '../../../../framework/src/db/query/index.ts'
import { Author, Choice, Question, Tag, createTables, seed } from './fixtures.ts'

forEachDatabase('relations and aggregates', () => {
  before(async () => {
    await createTables()
    await seed()
    const [t1, t2] = await Tag.objects.bulkCreate([{ label: 'news' }, { label: 'fun' }])
    const [q1, q2] = await Question.objects.orderBy('id').limit(2)
    await t1!.questions.add(q1!, q2!)
    await t2!.questions.add(q1!)
  })

  test('selectRelated joins and fills the FK cache: one query, no more on access', async () => {
    const { queries, result } = await captureQueries(async () => {
      const choices = await Choice.objects.selectRelated('question__author').orderBy('id')
      const texts = []
      for (const c of choices) texts.push((await c.question).questionText)
      return { choices, texts }
    })
    assert.equal(queries.length, 1)
    assert.match(queries[0]!.sql, /INNER JOIN "qt_question".*LEFT JOIN "qt_author"/)
    assert.deepEqual(result.texts, ["What's up?", "What's up?", 'What 50% off_sale?', 'how are you'])
    const q2 = getRelatedCache(result.choices[2] as unknown as ModelInstance, 'question') as ModelInstance
    assert.equal(getRelatedCache(q2, 'author'), null, 'a NULL FK caches null')
  })

  test('selectRelated() with no argument follows the non-null FKs', async () => {
    const { queries } = await captureQueries(async () => {
      const choices = await Choice.objects.selectRelated()
      for (const c of choices) await c.question
    })
    assert.equal(queries.length, 1)
  })

  test('prefetchRelated: one extra query per relation (reverse FK, M2M, reverse M2M)', async () => {
    const cached = (obj: unknown, name: string): string[] => (getRelatedCache(obj as ModelInstance, name) as Record<string, unknown>[]).map((o) => String(o['choiceText'] ?? o['label'])).sort()
    const { queries, result } = await captureQueries(async () => {
      const qs = await Question.objects.prefetchRelated('choices', 'tags').orderBy('id')
      return qs.map((q) => [cached(q, 'choices'), cached(q, 'tags')])
    })
    assert.equal(queries.length, 3)
    assert.deepEqual(result, [[['Not much', 'The sky'], ['fun', 'news']], [['Yes'], ['news']], [['Fine'], []]])
    const tags = await captureQueries(async () => {
      const list = await Tag.objects.prefetchRelated('questions__choices').orderBy('label')
      return list.map((t) => (getRelatedCache(t as unknown as ModelInstance, 'questions') as unknown[]).length)
    })
    assert.equal(tags.queries.length, 3)
    assert.deepEqual(tags.result, [1, 2])
  })

  test('a QuerySet with a result cache answers without a query', async () => {
    const rows = await Question.objects.all()
    const { queries, result } = await captureQueries(async () => {
      const qs = Question.objects.all().withResultCache(rows.slice(0, 2))
      return [(await qs).length, await qs.count(), await qs.exists()]
    })
    assert.deepEqual(result, [2, 2, true])
    assert.equal(queries.length, 0)
  })

  test('prefetchRelated on a forward FK', async () => {
    const { queries } = await captureQueries(async () => {
      const qs = await Question.objects.prefetchRelated('author')
      return Promise.all(qs.map(async (q) => (await q.author)?.name ?? null))
    })
    assert.equal(queries.length, 2)
  })

  test('aggregate over the whole QuerySet, and across relations', async () => {
    assert.deepEqual(await Choice.objects.aggregate({ total: Sum('votes'), n: Count('id'), top: Max('votes'), low: Min('votes') }), { total: 9, n: 4, top: 5, low: 0 })
    const avg = await Choice.objects.filter({ question__pubDate__year: 2024 }).aggregate({ avg: Avg('votes') })
    assert.equal(avg.avg, 1.5)
    assert.deepEqual(await Choice.objects.filter({ votes__gt: 100 }).aggregate({ total: Sum('votes'), n: Count('*') }), { total: null, n: 0 })
    assert.deepEqual(await Question.objects.aggregate({ votes: Sum('choices__votes') }), { votes: 9 })
    assert.deepEqual(await Choice.objects.orderBy('-votes').limit(2).aggregate({ total: Sum('votes') }), { total: 8 })
  })

  test('annotate counts related rows per row; usable in filter, orderBy and values', async () => {
    const qs = Question.objects.annotate({ n: Count('choices'), votes: Sum('choices__votes'), tagCount: Count('tags', { distinct: true }) }).orderBy('-n', 'id')
    const rows = await qs
    assert.deepEqual(rows.map((q) => [q.pk, (q as unknown as { n: number }).n, (q as unknown as { votes: number | null }).votes]), [[1, 2, 3], [2, 1, 5], [3, 1, 1]])
    assert.equal((await qs.filter({ n__gt: 1 } as never)).length, 1)
    assert.deepEqual(await qs.values('id', 'tagCount'), [{ id: 1, tagCount: 2 }, { id: 2, tagCount: 1 }, { id: 3, tagCount: 0 }])
    const authors = await Author.objects.annotate({ q: Count('questions') }).orderBy('name').valuesList('name', 'q')
    assert.deepEqual(authors, [['Ann', 2], ['bob', 0]])
  })
})

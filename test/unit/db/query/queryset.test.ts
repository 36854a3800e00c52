import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { sql } from 'kysely'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { MultipleObjectsReturned, ObjectDoesNotExist } from '../../../../framework/src/db/errors.ts'
import { captureQueries, Manager, QuerySet } from '../../../../framework/src/db/query/index.ts'
import { Author, Choice, Question, createTables, seed } from './fixtures.ts'

class QuestionQuerySet extends QuerySet<typeof Question> {
  recent(): this {
    return this.filter({ pubDate__year__gte: 2025 })
  }
}

forEachDatabase('QuerySet', () => {
  before(async () => {
    await createTables()
    await seed()
  })

  test('is lazy and immutable: chaining runs nothing and never changes the original', async () => {
    const { queries } = await captureQueries(() => {
      const base = Question.objects.all()
      const narrowed = base.filter({ pubDate__year: 2024 })
      assert.notEqual(base, narrowed)
      return undefined
    })
    assert.equal(queries.length, 0)
    const base = Question.objects.all()
    base.filter({ pubDate__year: 2024 })
    assert.equal((await base).length, 3)
  })

  test('awaits to instances, repeatedly, with one query each', async () => {
    const qs = Question.objects.filter({ pubDate__year: 2025 })
    const { queries } = await captureQueries(async () => [await qs, await qs])
    assert.equal(queries.length, 2)
    const rows = await qs
    assert.equal(rows[0]!.pubDate instanceof Date, true)
    assert.equal(typeof rows[0]!.pk, 'number')
    const first = await Question.objects.get({ pubDate__year: 2024 })
    assert.equal(first.pubDate.toISOString(), '2024-03-10T12:30:00.000Z')
    const ms = await Question.objects.create({ questionText: 'ms', pubDate: new Date('2026-11-21T01:02:03.456Z') })
    assert.equal((await Question.objects.get({ pk: ms.pk as number })).pubDate.toISOString(), '2026-11-21T01:02:03.456Z')
    await Question.objects.filter({ pk: ms.pk as number }).delete()
  })

  test('orderBy, Meta.ordering, reverse and random', async () => {
    assert.deepEqual((await Question.objects.all()).map((q) => q.pk), [1, 2, 3])
    assert.deepEqual((await Question.objects.orderBy('-pubDate')).map((q) => q.pk), [3, 2, 1])
    assert.deepEqual((await Question.objects.all().reverse()).map((q) => q.pk), [3, 2, 1])
    assert.deepEqual((await Choice.objects.orderBy('-question__pubDate', 'votes')).map((c) => c.choiceText), ['Fine', 'Yes', 'The sky', 'Not much'])
    assert.equal((await Question.objects.orderBy('?')).length, 3)
  })

  test('limit and offset slice', async () => {
    assert.deepEqual((await Question.objects.limit(2)).map((q) => q.pk), [1, 2])
    assert.deepEqual((await Question.objects.offset(1)).map((q) => q.pk), [2, 3])
    assert.deepEqual((await Question.objects.offset(1).limit(1)).map((q) => q.pk), [2])
  })

  test('get raises DoesNotExist and MultipleObjectsReturned', async () => {
    assert.equal((await Question.objects.get({ pk: 2 })).questionText, 'What 50% off_sale?')
    await assert.rejects(Question.objects.get({ pk: 99 }), (e: unknown) => e instanceof ObjectDoesNotExist && e instanceof Question.DoesNotExist && /Question matching query does not exist/.test(e.message))
    await assert.rejects(Question.objects.get({ pubDate__year: 2025 }), (e: unknown) => e instanceof MultipleObjectsReturned && /it returned 2!/.test(e.message))
  })

  test('first, last, latest, earliest, exists, count, none', async () => {
    assert.equal((await Question.objects.first())!.pk, 1)
    assert.equal((await Question.objects.last())!.pk, 3)
    assert.equal(await Question.objects.filter({ pk: 99 }).first(), null)
    assert.equal((await Question.objects.latest('pubDate')).pk, 3)
    assert.equal((await Question.objects.earliest('pubDate')).pk, 1)
    assert.equal(await Question.objects.filter({ pubDate__year: 2024 }).exists(), true)
    assert.equal(await Question.objects.filter({ pubDate__year: 2023 }).exists(), false)
    assert.equal(await Question.objects.count(), 3)
    assert.equal(await Question.objects.limit(2).count(), 2)
    const { queries, result } = await captureQueries(async () => [await Question.objects.none(), await Question.objects.none().count()])
    assert.deepEqual(result, [[], 0])
    assert.equal(queries.length, 0)
  })

  test('distinct, values and valuesList', async () => {
    assert.deepEqual(await Choice.objects.filter({ votes__gte: 3 }).orderBy('votes').values('choiceText', 'question__questionText'), [
      { choiceText: 'Not much', question__questionText: "What's up?" },
      { choiceText: 'Yes', question__questionText: 'What 50% off_sale?' },
    ])
    const all = await Author.objects.orderBy('name').values()
    assert.deepEqual(all[0], { id: 1, name: 'Ann', email: 'ann@example.com' })
    assert.deepEqual(await Choice.objects.orderBy('votes').valuesList('votes', 'questionId'), [[0, 1], [1, 3], [3, 1], [5, 2]])
    assert.deepEqual(await Choice.objects.orderBy('votes').valuesList('votes', { flat: true }), [0, 1, 3, 5])
    assert.deepEqual(await Choice.objects.orderBy('question').distinct().valuesList('question', { flat: true }), [1, 2, 3])
  })

  test('async iteration streams in chunks', async () => {
    const seen: number[] = []
    const { queries } = await captureQueries(async () => {
      for await (const c of Choice.objects.all().iterator({ chunkSize: 3 })) seen.push(c.pk as number)
    })
    assert.deepEqual(seen, [1, 2, 3, 4])
    assert.equal(queries.length, 2)
    const texts: string[] = []
    for await (const q of Question.objects.filter({ pubDate__year: 2025 })) texts.push(q.questionText)
    assert.equal(texts.length, 2)
  })

  test('inBulk maps ids to instances', async () => {
    const map = await Question.objects.inBulk([1, 3])
    assert.deepEqual([...map.keys()], [1, 3])
    assert.equal(map.get(3)!.questionText, 'how are you')
    assert.equal((await Question.objects.inBulk([])).size, 0)
  })

  test('raw binds parameters (? and kysely sql)', async () => {
    const rows = await Question.objects.raw('SELECT * FROM qt_question WHERE id > ? ORDER BY id', [1])
    assert.deepEqual(rows.map((q) => q.pk), [2, 3])
    assert.equal(rows[0]!.pubDate instanceof Date, true)
    const evil = "x' OR '1'='1"
    assert.equal((await Question.objects.raw('SELECT * FROM qt_question WHERE question_text = ?', [evil])).length, 0)
    const viaSql = await Question.objects.raw(sql`SELECT id, question_text, 7 AS extra FROM qt_question WHERE id = ${2}`)
    assert.equal(viaSql[0]!.questionText, 'What 50% off_sale?')
    assert.equal(Number((viaSql[0] as unknown as { extra: unknown }).extra), 7)
  })

  test('explain and sql show the query', async () => {
    const qs = Question.objects.filter({ pubDate__year: 2024 })
    assert.match(qs.sql().sql, /^SELECT .* FROM "qt_question" WHERE/)
    assert.ok((await qs.explain()).length > 0)
  })

  test('qb() is the kysely escape hatch on the model table', async () => {
    const rows = await Question.objects.qb().select('question_text').where('id', '=', 1).execute()
    assert.deepEqual(rows, [{ question_text: "What's up?" }])
  })

  test('custom QuerySet methods through Manager.fromQuerySet survive chaining', async () => {
    const QuestionManager = Manager.fromQuerySet(QuestionQuerySet)
    const manager = new QuestionManager(Question)
    assert.equal((await manager.recent()).length, 2)
    assert.equal((await manager.filter({ questionText__startswith: 'how' }).recent()).length, 1)
    assert.ok(manager.all() instanceof QuestionQuerySet)
  })

  test('a Manager subclass narrows the base QuerySet', async () => {
    class Only2024 extends Manager<typeof Question> {
      override getQuerySet(): QuerySet<typeof Question> {
        return super.getQuerySet().filter({ pubDate__year: 2024 })
      }
    }
    const m = new Only2024(Question)
    assert.equal(await m.count(), 1)
    assert.equal((await m.filter({ pubDate__month: 3 })).length, 1)
  })
})

// The compiled-query cache: QuerySets of one shape reuse SQL but always bind their own values.
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { Q } from '../../../../framework/src/db/query/index.ts'
import { Choice, Question, createTables, seed } from './fixtures.ts'

const texts = async (qs: PromiseLike<readonly { questionText: string }[]>): Promise<string[]> => (await qs).map((q) => q.questionText).sort()

forEachDatabase('compiled-query cache', () => {
  before(async () => {
    await createTables()
    await seed()
  })

  test('same shape, new values: same SQL text, own parameters and rows', async () => {
    const a = Choice.objects.filter({ votes__gte: 3 }).orderBy('-votes')
    const b = Choice.objects.filter({ votes__gte: 1 }).orderBy('-votes')
    assert.equal(a.sql().sql, b.sql().sql)
    assert.deepEqual(a.sql().params, [3])
    assert.deepEqual(b.sql().params, [1])
    assert.deepEqual((await a).map((c) => c.votes), [5, 3])
    assert.deepEqual((await b).map((c) => c.votes), [5, 3, 1])
  })

  test('values that change the SQL are part of the shape (null, isnull, in-list length, limit)', async () => {
    assert.deepEqual(await texts(Question.objects.filter({ author: null })), ['What 50% off_sale?'])
    assert.equal((await Question.objects.filter({ author__isnull: false })).length, 2)
    assert.equal((await Question.objects.filter({ author__isnull: true })).length, 1)
    const ids = (await Choice.objects.orderBy('id')).map((c) => c.id)
    assert.equal((await Choice.objects.filter({ id__in: ids.slice(0, 1) })).length, 1)
    assert.equal((await Choice.objects.filter(Q({ id__in: [ids[0], null, ids[1]] }))).length, 2)
    assert.equal((await Choice.objects.filter({ id__in: [] })).length, 0)
    assert.equal((await Choice.objects.orderBy('id').limit(2)).length, 2)
    assert.equal((await Choice.objects.orderBy('id').limit(3)).length, 3)
    assert.deepEqual(await texts(Question.objects.filter({ questionText__startswith: 'What' })), ['What 50% off_sale?', "What's up?"])
    assert.deepEqual(await texts(Question.objects.filter({ questionText__startswith: 'how' })), ['how are you'])
  })

  test('a multi-valued condition written before a plain one binds its parameters in text order', async () => {
    // EXISTS (... votes > ?) AND question_text = ?: the values must bind in that order on SQLite too.
    const q = Question.objects.filter(Q({ choices__votes__gt: 2, questionText: "What's up?" }))
    assert.deepEqual(await texts(q), ["What's up?"])
    assert.deepEqual(await texts(Question.objects.filter(Q({ choices__votes__gt: 4, questionText: "What's up?" }))), [])
  })

  test('an uncacheable shape (subquery value) still runs correctly twice', async () => {
    for (const votes of [4, 0]) {
      const qs = Question.objects.filter({ id__in: Choice.objects.filter({ votes__gt: votes }).valuesList('question') })
      assert.equal((await qs).length, votes === 4 ? 1 : 3)
    }
  })
})

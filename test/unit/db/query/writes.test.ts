import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { atomic } from '../../../../framework/src/db/transaction.ts'
import { captureQueries, F } from '../../../../framework/src/db/query/index.ts'
import { instanceDb, isAdding } from '../../../../framework/src/db/models/instance.ts'
import { Author, Choice, Question, createTables, seed } from './fixtures.ts'

forEachDatabase('writes', () => {
  before(async () => {
    await createTables()
    await seed()
  })

  test('create saves and returns an instance with its key', async () => {
    const a = await Author.objects.create({ name: 'Cy' })
    assert.equal(typeof a.pk, 'number')
    assert.equal((await Author.objects.get({ pk: a.pk as number })).name, 'Cy')
  })

  test('update returns the count and F() updates atomically', async () => {
    const before = (await Choice.objects.orderBy('id').valuesList('votes', { flat: true })) as number[]
    const n = await Choice.objects.filter({ question__pubDate__year: 2024 }).update({ votes: F('votes').add(10) })
    assert.equal(n, 2)
    const after = (await Choice.objects.orderBy('id').valuesList('votes', { flat: true })) as number[]
    assert.deepEqual(after, [before[0]! + 10, before[1]! + 10, before[2], before[3]])
    assert.equal(await Choice.objects.filter({ votes__gte: 10 }).update({ votes: F('votes').sub(10).mul(1) }), 2)
    assert.deepEqual(await Choice.objects.orderBy('id').valuesList('votes', { flat: true }), before)
    assert.equal(await Choice.objects.none().update({ votes: 0 }), 0)
    await assert.rejects(Choice.objects.limit(1).update({ votes: 0 }), /slice/)
  })

  test('bulkCreate: one INSERT per batch, defaults filled, keys returned', async () => {
    const q = await Question.objects.get({ pk: 1 })
    const { queries, result } = await captureQueries(() =>
      Choice.objects.bulkCreate(Array.from({ length: 5 }, (_, i) => ({ question: q, choiceText: `b${i}` })), { batchSize: 2 }),
    )
    assert.equal(queries.filter((s) => s.sql.startsWith('INSERT')).length, 3)
    assert.equal(result.length, 5)
    assert.ok(result.every((c) => typeof c.pk === 'number' && c.votes === 0 && c.questionId === 1))
    assert.deepEqual(result.map((c) => c.choiceText), ['b0', 'b1', 'b2', 'b3', 'b4'])
    assert.equal(await Choice.objects.filter({ choiceText__startswith: 'b' }).count(), 5)
  })

  test('bulkCreate refuses a plain object with a key that is not a field, writing nothing', async () => {
    const count = await Author.objects.count()
    await assert.rejects(
      Author.objects.bulkCreate([{ name: 'Ok' }, { name: 'Typo', nmae: 'x' } as never]),
      (error: Error) => error instanceof TypeError && /unexpected field 'nmae'/.test(error.message),
    )
    assert.equal(await Author.objects.count(), count)
  })

  test('bulkCreate accepts unsaved instances and sets their keys', async () => {
    const objs = [new Author({ name: 'Di' }), new Author({ name: 'Ed' })]
    const out = await Author.objects.bulkCreate(objs)
    assert.equal(out[0], objs[0])
    assert.ok(typeof objs[1]!.pk === 'number')
  })

  test('instances from bulkCreate are saved: a later save() updates their row', async () => {
    const objs = [new Author({ name: 'Gil' }), new Author({ name: 'Hal' })]
    await Author.objects.bulkCreate(objs)
    assert.ok(objs.every((a) => !isAdding(a) && instanceDb(a) === 'default'))
    const total = await Author.objects.count()
    objs[0]!.name = 'Gilbert'
    await objs[0]!.save()
    assert.equal(await Author.objects.count(), total)
    assert.equal((await Author.objects.get({ pk: objs[0]!.pk as number })).name, 'Gilbert')
  })

  test('bulkUpdate writes the given fields of many instances', async () => {
    const list = await Choice.objects.filter({ choiceText__startswith: 'b' }).orderBy('id')
    list.forEach((c, i) => (c.votes = 100 + i))
    const n = await Choice.objects.bulkUpdate(list, ['votes'], { batchSize: 2 })
    assert.equal(n, 5)
    assert.deepEqual(await Choice.objects.filter({ choiceText__startswith: 'b' }).orderBy('id').valuesList('votes', { flat: true }), [100, 101, 102, 103, 104])
  })

  test('getOrCreate and updateOrCreate', async () => {
    const [a, created] = await Author.objects.getOrCreate({ name: 'Fay' }, { email: 'fay@example.com' })
    assert.equal(created, true)
    assert.equal(a.email, 'fay@example.com')
    const [b, again] = await Author.objects.getOrCreate({ name: 'Fay' })
    assert.equal(again, false)
    assert.equal(b.pk, a.pk)
    const [c, made] = await Author.objects.updateOrCreate({ name: 'Fay' }, { email: 'new@example.com' })
    assert.equal(made, false)
    assert.equal((await Author.objects.get({ pk: c.pk as number })).email, 'new@example.com')
    const [, made2] = await Author.objects.updateOrCreate({ name: 'Gus' }, { email: 'g@example.com' })
    assert.equal(made2, true)
  })

  test('queries inside atomic() run in the transaction and roll back with it', async () => {
    await assert.rejects(atomic(async () => {
      await Author.objects.create({ name: 'Ghost' })
      assert.equal(await Author.objects.filter({ name: 'Ghost' }).count(), 1)
      throw new Error('boom')
    }), /boom/)
    assert.equal(await Author.objects.filter({ name: 'Ghost' }).count(), 0)
  })

  test('selectForUpdate runs inside a transaction on both databases', async () => {
    const rows = await atomic(async () => await Question.objects.filter({ pk: 1 }).selectForUpdate())
    assert.equal(rows.length, 1)
  })
})

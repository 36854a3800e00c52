import assert from 'node:assert/strict'
import { beforeEach, before, test } from 'node:test'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { ProtectedError, RestrictedError } from '../../../../framework/src/db/errors.ts'
import { postDelete, preDelete } from '../../../../framework/src/db/models/signals.ts'
import { db } from '../../../../framework/src/db/connection.ts'
import { Author, Choice, Pin, Question, Tag, Vote, createTables, seed } from './fixtures.ts'

async function reset(): Promise<void> {
  for (const t of ['qt_vote', 'qt_pin', 'qt_tag_questions', 'qt_tag', 'qt_choice', 'qt_question', 'qt_author']) await db().deleteFrom(t).execute()
  await seed()
}

forEachDatabase('deletion', () => {
  before(createTables)
  beforeEach(reset)

  test('CASCADE deletes the related rows and counts per model, as Django', async () => {
    const tag = await Tag.objects.create({ label: 't' })
    const q1 = await Question.objects.orderBy('id').first()
    await tag.questions.add(q1!)
    const result = await Question.objects.filter({ pubDate__year: 2024 }).delete()
    assert.deepEqual(result, { count: 4, perModel: { 'qt.Question': 1, 'qt.Choice': 2, 'qt.Tag_questions': 1 } })
    assert.equal(await Choice.objects.count(), 2)
    assert.equal(await Tag.objects.count(), 1)
  })

  test('SET_NULL keeps the referencing rows with NULL', async () => {
    const ann = await Author.objects.get({ name: 'Ann' })
    const result = await Author.objects.filter({ name: 'Ann' }).delete()
    assert.deepEqual(result, { count: 1, perModel: { 'qt.Author': 1 } })
    assert.equal(await Question.objects.filter({ author__isnull: true }).count(), 3)
    assert.equal(ann.pk !== null, true)
  })

  test('PROTECT refuses and deletes nothing', async () => {
    const q = await Question.objects.get({ pubDate__year: 2024 })
    await Pin.objects.create({ question: q })
    await assert.rejects(Question.objects.all().delete(), (e: unknown) => {
      assert.ok(e instanceof ProtectedError)
      assert.equal(e.protectedObjects.length, 1)
      assert.match(e.message, /referenced through protected foreign keys: 'Pin.question'/)
      return true
    })
    assert.equal(await Question.objects.count(), 3)
  })

  test('RESTRICT refuses unless the restricted rows go by cascade too', async () => {
    const q = await Question.objects.get({ pubDate__year: 2024 })
    const choice = await Choice.objects.filter({ question: q }).first()
    await Vote.objects.create({ choice: choice!, question: q })
    await assert.rejects(Choice.objects.filter({ pk: choice!.pk as number }).delete(), RestrictedError)
    // Deleting the question cascades to both the choice and the vote: allowed.
    const result = await Question.objects.filter({ pk: q.pk as number }).delete()
    assert.equal(result.perModel['qt.Vote'], 1)
    assert.equal(result.perModel['qt.Choice'], 2)
  })

  test('instance.delete goes through the Collector and signals fire around it', async () => {
    const events: string[] = []
    const pre = (args: { instance: unknown }): void => void events.push(`pre:${(args.instance as { constructor: { _meta: { name: string } } }).constructor._meta.name}`)
    const post = (args: { instance: unknown }): void => void events.push(`post:${(args.instance as { constructor: { _meta: { name: string } } }).constructor._meta.name}`)
    preDelete.connect(pre)
    postDelete.connect(post)
    try {
      const q = await Question.objects.get({ questionText__startswith: 'What 50' })
      const result = await q.delete()
      assert.deepEqual(result, { count: 2, perModel: { 'qt.Question': 1, 'qt.Choice': 1 } })
      assert.deepEqual(events.sort(), ['post:Choice', 'post:Question', 'pre:Choice', 'pre:Question'])
      assert.equal(q.pk, null)
    } finally {
      preDelete.disconnect(pre)
      postDelete.disconnect(post)
    }
  })
})

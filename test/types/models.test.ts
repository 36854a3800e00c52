// Type-level tests for tango/db models: `tsc --noEmit` checks them; the runtime test only makes the
// file count as a test.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { defineModel, f } from '../../framework/src/db/index.ts'
import type { CreateInput, Filter, OrderField, Row } from '../../framework/src/db/index.ts'

type Expect<T extends true> = T
type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false

const Question = defineModel('tpolls.Question', {
  questionText: f.char({ maxLength: 200 }),
  pubDate: f.dateTime(),
  published: f.date({ null: true }),
})
const Choice = defineModel('tpolls.Choice', {
  question: f.foreignKey('tpolls.Question', { onDelete: 'CASCADE', relatedName: 'choices' }),
  choiceText: f.char({ maxLength: 200 }),
  votes: f.integer({ default: 0 }),
  size: f.bigInteger({ null: true }),
})
declare module 'tango/db' {
  interface ModelRegistry {
    'tpolls.Question': typeof Question
    'tpolls.Choice': typeof Choice
  }
}

type C = Row<typeof Choice>
type _votes = Expect<Equal<C['votes'], number>>
type _size = Expect<Equal<C['size'], bigint | null>>
type _fkId = Expect<Equal<C['questionId'], number>>
type _id = Expect<Equal<C['id'], number>>
type _pub = Expect<Equal<Row<typeof Question>['published'], string | null>>
type _fk = Expect<Equal<Awaited<C['question']>['questionText'], string>>
type _input = Expect<Equal<keyof CreateInput<typeof Choice>, 'question' | 'choiceText' | 'votes' | 'size' | 'id' | 'questionId'>>

const ok: Filter<typeof Choice> = {
  votes__gte: 1, choiceText__icontains: 'x', question: 5, question__in: [1, 2], question__pubDate__year: 2024,
  question__questionText__startswith: 'W', id__in: [1], pk: 3, size__isnull: true, votes__range: [1, 2],
}
// @ts-expect-error unknown field
const bad1: Filter<typeof Choice> = { titel: 'x' }
// @ts-expect-error wrong value type
const bad2: Filter<typeof Choice> = { votes: 'many' }
// @ts-expect-error string lookup on a number
const bad3: Filter<typeof Choice> = { votes__icontains: '1' }
// @ts-expect-error unknown field across a relation
const bad4: Filter<typeof Choice> = { question__nope: 1 }
const reverse: Filter<typeof Question> = { choices__votes__gt: 1 }
const order: OrderField<typeof Choice>[] = ['-votes', 'question__pubDate', '-question__questionText']
// @ts-expect-error unknown order field
const badOrder: OrderField<typeof Choice> = 'nope'
// @ts-expect-error choiceText is required
const missing: CreateInput<typeof Choice> = { question: 1 }

test('model types compile', () => {
  assert.ok(Question && Choice && [ok, bad1, bad2, bad3, bad4, reverse, order, badOrder, missing].length)
})

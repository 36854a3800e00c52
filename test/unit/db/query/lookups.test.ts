import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { forEachDatabase } from '../../../helpers/databases.ts'
import { FieldError } from '../../../../framework/src/db/errors.ts'
import { F, Q } from '../../../../framework/src/db/query/index.ts'
import { escapeGlob, escapeLike } from '../../../../framework/src/db/query/lookups.ts'
import { tangoRegexp } from '../../../../framework/src/db/backends/sqlite/sqlite-functions.ts'
import { Author, Choice, Question, createTables, seed } from './fixtures.ts'

const same = (actual: string[], expected: string[]): void => assert.deepEqual(actual, [...expected].sort())
const texts = async (qs: PromiseLike<readonly { questionText: string }[]>): Promise<string[]> => (await qs).map((q) => q.questionText).sort()

test('LIKE and GLOB escaping', () => {
  assert.equal(escapeLike('50%_\\'), '50\\%\\_\\\\')
  assert.equal(escapeGlob('a*b?[c]'), 'a[*]b[?][[]c]')
})

test('tango_regexp, the SQLite regex function', () => {
  assert.equal(tangoRegexp('^a.c$', 'abc', ''), 1)
  assert.equal(tangoRegexp('^A', 'abc', ''), 0)
  assert.equal(tangoRegexp('^A', 'abc', 'i'), 1)
  assert.equal(tangoRegexp('x', null, ''), null)
})

forEachDatabase('lookups', () => {
  before(async () => {
    await createTables()
    await seed()
  })

  test('exact, iexact and null exact', async () => {
    same(await texts(Question.objects.filter({ questionText: 'how are you' })), ['how are you'])
    same(await texts(Question.objects.filter({ questionText__iexact: 'HOW ARE YOU' })), ['how are you'])
    same(await texts(Question.objects.filter({ author: null })), ['What 50% off_sale?'])
  })

  test('contains is case-sensitive, icontains is not, on both databases', async () => {
    same(await texts(Question.objects.filter({ questionText__contains: 'What' })), ["What's up?", 'What 50% off_sale?'])
    same(await texts(Question.objects.filter({ questionText__contains: 'what' })), [])
    same(await texts(Question.objects.filter({ questionText__icontains: 'WHAT' })), ["What's up?", 'What 50% off_sale?'])
  })

  test('wildcards in values are literal', async () => {
    same(await texts(Question.objects.filter({ questionText__contains: '50%' })), ['What 50% off_sale?'])
    same(await texts(Question.objects.filter({ questionText__icontains: '%' })), ['What 50% off_sale?'])
    same(await texts(Question.objects.filter({ questionText__icontains: 'f_s' })), ['What 50% off_sale?'])
    same(await texts(Question.objects.filter({ questionText__icontains: 'f_' })), ['What 50% off_sale?'])
    same(await texts(Question.objects.filter({ questionText__contains: '*' })), [])
  })

  test('startswith, istartswith, endswith, iendswith', async () => {
    same(await texts(Question.objects.filter({ questionText__startswith: 'how' })), ['how are you'])
    same(await texts(Question.objects.filter({ questionText__startswith: 'How' })), [])
    same(await texts(Question.objects.filter({ questionText__istartswith: 'HOW' })), ['how are you'])
    same(await texts(Question.objects.filter({ questionText__endswith: 'up?' })), ["What's up?"])
    same(await texts(Question.objects.filter({ questionText__iendswith: 'YOU' })), ['how are you'])
  })

  test('comparisons, in, range, isnull', async () => {
    const votes = async (filter: Record<string, unknown>): Promise<number[]> => (await Choice.objects.filter(filter).orderBy('votes')).map((c) => c.votes)
    assert.deepEqual(await votes({ votes__gt: 1 }), [3, 5])
    assert.deepEqual(await votes({ votes__gte: 1 }), [1, 3, 5])
    assert.deepEqual(await votes({ votes__lt: 1 }), [0])
    assert.deepEqual(await votes({ votes__lte: 1 }), [0, 1])
    assert.deepEqual(await votes({ votes__in: [0, 5, 99] }), [0, 5])
    assert.deepEqual(await votes({ votes__in: [] }), [])
    assert.deepEqual(await votes({ votes__range: [1, 3] }), [1, 3])
    assert.equal((await Question.objects.filter({ author__isnull: true })).length, 1)
    assert.equal((await Question.objects.filter({ author__isnull: false })).length, 2)
  })

  test('date parts on a dateTime, in UTC; week_day is 1 = Sunday', async () => {
    same(await texts(Question.objects.filter({ pubDate__year: 2024 })), ["What's up?"])
    same(await texts(Question.objects.filter({ pubDate__year__gte: 2025 })), ['What 50% off_sale?', 'how are you'])
    same(await texts(Question.objects.filter({ pubDate__month: 7 })), ['how are you'])
    same(await texts(Question.objects.filter({ pubDate__day: 5 })), ['What 50% off_sale?'])
    same(await texts(Question.objects.filter({ pubDate__hour: 23 })), ['how are you'])
    // 2024-03-10 was a Sunday, 2025-07-20 too; 2025-01-05 also a Sunday. Use a Monday check via exclude.
    assert.equal((await Question.objects.filter({ pubDate__week_day: 1 })).length, 3)
    assert.equal((await Question.objects.filter({ pubDate__week_day: 2 })).length, 0)
  })

  test('regex and iregex', async () => {
    same(await texts(Question.objects.filter({ questionText__regex: '^[Hh]ow' })), ['how are you'])
    same(await texts(Question.objects.filter({ questionText__regex: '^HOW' })), [])
    same(await texts(Question.objects.filter({ questionText__iregex: '^HOW' })), ['how are you'])
  })

  test('spans forward relations and compares FK by instance or id', async () => {
    const ann = await Author.objects.get({ name: 'Ann' })
    same(await texts(Question.objects.filter({ author: ann })), ["What's up?", 'how are you'])
    same(await texts(Question.objects.filter({ authorId: ann.pk as number })), ["What's up?", 'how are you'])
    same(await texts(Question.objects.filter({ author__name__iexact: 'ann', pubDate__year: 2025 })), ['how are you'])
    const choices = await Choice.objects.filter({ question__pubDate__year: 2024 }).orderBy('choiceText')
    assert.deepEqual(choices.map((c) => c.choiceText), ['Not much', 'The sky'])
    assert.equal((await Choice.objects.filter({ question__author__name: 'Ann' })).length, 3)
  })

  test('spans reverse FK and many-to-many with EXISTS (no duplicates)', async () => {
    same(await texts(Question.objects.filter({ choices__votes__gt: 0 })), ["What's up?", 'What 50% off_sale?', 'how are you'])
    same(await texts(Question.objects.filter({ choices__votes__gte: 3, choices__choiceText__startswith: 'Not' })), ["What's up?"])
    // One filter() call: both conditions on the same choice row.
    same(await texts(Question.objects.filter({ choices__votes: 0, choices__choiceText: 'Not much' })), [])
    same(await texts(Question.objects.exclude({ choices__votes__gt: 2 })), ['how are you'])
    assert.equal((await Author.objects.filter({ questions__choices__votes: 5 })).length, 0)
    assert.equal((await Author.objects.filter({ questions__choices__votes: 3 })).length, 1)
  })

  test('Q objects: or, and, not', async () => {
    same(await texts(Question.objects.filter(Q({ pubDate__year: 2024 }).or(Q({ questionText__startswith: 'how' })))), ["What's up?", 'how are you'])
    same(await texts(Question.objects.filter(Q.or(Q({ pubDate__year: 2024 }), Q({ pubDate__month: 1 })))), ["What's up?", 'What 50% off_sale?'])
    same(await texts(Question.objects.filter(Q({ pubDate__year: 2025 }).and(Q({ pubDate__month: 1 }).not()))), ['how are you'])
    same(await texts(Question.objects.filter(Q.not(Q({ pubDate__year: 2025 })))), ["What's up?"])
  })

  test('exclude keeps rows whose nullable column is NULL, as Django', async () => {
    const ann = await Author.objects.get({ name: 'Ann' })
    same(await texts(Question.objects.exclude({ author: ann })), ['What 50% off_sale?'])
    same(await texts(Question.objects.exclude({ author__name: 'Ann' })), ['What 50% off_sale?'])
  })

  test('F in filter values compares columns', async () => {
    assert.equal((await Choice.objects.filter({ votes__gt: F('question__id') })).length, 2)
    assert.equal((await Choice.objects.filter({ votes: F('votes') })).length, 4)
  })

  test('__in with a QuerySet becomes a subquery', async () => {
    const recent = Question.objects.filter({ pubDate__year: 2025 })
    assert.equal((await Choice.objects.filter({ question__in: recent })).length, 2)
    assert.equal((await Choice.objects.filter({ votes__in: Choice.objects.filter({ votes__gt: 2 }).valuesList('votes', { flat: true }) })).length, 2)
  })

  test('unknown fields and lookups raise FieldError with the choices', async () => {
    await assert.rejects(async () => Question.objects.filter({ titel: 'x' } as never), (e: unknown) => {
      assert.ok(e instanceof FieldError)
      assert.equal(e.code, 'E_FIELD_LOOKUP')
      assert.match(e.message, /Cannot resolve keyword 'titel' into field\. Choices are: author, choices, id, pins, pubDate, questionText, tags, voteRows/)
      return true
    })
    await assert.rejects(async () => Question.objects.filter({ questionText__near: 'x' } as never), /Unsupported lookup 'near' for CharField/)
    await assert.rejects(async () => Choice.objects.filter({ question__nope: 1 } as never), /Cannot resolve keyword 'nope' into field/)
  })
})

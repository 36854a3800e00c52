import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { f, textChoices, integerChoices } from '../../../../framework/src/db/fields/index.ts'
import { validateField } from '../../../../framework/src/db/fields/validation.ts'
import { defineModel } from '../../../../framework/src/db/models/define-model.ts'
import { modelRegistry } from '../../../../framework/src/db/models/registry.ts'
import { ModelInstance } from '../../../../framework/src/db/models/instance.ts'
import { snakeCase } from '../../../../framework/src/db/models/naming.ts'
import { ValidationError, ObjectDoesNotExist, FieldError, IntegrityError } from '../../../../framework/src/db/errors.ts'

const Status = textChoices({ DRAFT: ['d', 'Draft'], PUBLISHED: ['p', 'Published'] })
const Level = integerChoices({ LOW: [1, 'Low'], HIGH: [2, 'High'] })

const Question = defineModel('polls.Question', {
  questionText: f.char({ maxLength: 200 }),
  pubDate: f.dateTime({ verboseName: 'date published' }),
  status: f.char({ maxLength: 1, choices: Status.choices, default: Status.DRAFT }),
})
const Choice = defineModel('polls.Choice', {
  question: f.foreignKey('polls.Question', { onDelete: 'CASCADE', relatedName: 'choices' }),
  choiceText: f.char({ maxLength: 200 }),
  votes: f.integer({ default: 0 }),
})
const ArticleTag = defineModel('news.ArticleTag', {
  code: f.slug({ primaryKey: true }),
  parent: f.foreignKey('self', { onDelete: 'SET_NULL', null: true }),
  articles: f.manyToMany('news.Article'),
  level: f.smallInteger({ choices: Level.choices, null: true, dbColumn: 'lvl' }),
}, { ordering: ['code'], verboseNamePlural: 'tags' })

describe('field builders', () => {
  test('fill every key of the draft with Django defaults', () => {
    const draft = f.char({ maxLength: 20 }).draft
    assert.equal(draft.type, 'CharField')
    assert.equal(draft.maxLength, 20)
    assert.equal(draft.null, false)
    assert.equal(draft.blank, false)
    assert.equal(draft.hasDefault, false)
    assert.equal(draft.editable, true)
    assert.equal(Object.isFrozen(draft), true)
    assert.equal(f.email().draft.maxLength, 254)
    assert.equal(f.url().draft.maxLength, 200)
    assert.equal(f.slug().draft.maxLength, 50)
    assert.equal(f.slug().draft.dbIndex, true)
    assert.equal(f.binary().draft.editable, false)
  })

  test('defaults: values and functions', () => {
    const fn = (): string => 'x'
    assert.equal(f.text({ default: fn }).draft.default, fn)
    assert.equal(f.integer({ default: 0 }).draft.hasDefault, true)
    assert.equal(f.integer().draft.hasDefault, false)
  })

  test('autoNow makes a dateTime non-editable and blank', () => {
    const d = f.dateTime({ autoNow: true }).draft
    assert.equal(d.autoNow, true)
    assert.equal(d.editable, false)
    assert.equal(d.blank, true)
    assert.equal(f.date({ autoNowAdd: true }).draft.autoNowAdd, true)
  })

  test('relations carry their RelationSpec', () => {
    const fk = f.foreignKey('polls.Question', { onDelete: 'PROTECT', relatedName: 'choices' }).draft
    assert.deepEqual(fk.relation, { to: 'polls.Question', relatedName: 'choices', onDelete: 'PROTECT', through: null, dbTable: null })
    assert.equal(f.oneToOne('auth.User', { onDelete: 'CASCADE' }).draft.unique, true)
    const m2m = f.manyToMany('news.Tag', { through: 'news.Tagging' }).draft
    assert.equal(m2m.relation?.through, 'news.Tagging')
    assert.equal(m2m.relation?.onDelete, null)
  })

  test('decimal keeps digits and places', () => {
    const d = f.decimal({ maxDigits: 5, decimalPlaces: 2 }).draft
    assert.equal(d.maxDigits, 5)
    assert.equal(d.decimalPlaces, 2)
  })

  test('textChoices / integerChoices give a frozen enum-like object', () => {
    assert.equal(Status.DRAFT, 'd')
    assert.deepEqual(Status.choices, [{ value: 'd', label: 'Draft' }, { value: 'p', label: 'Published' }])
    assert.deepEqual(Status.values, ['d', 'p'])
    assert.equal(Status.labelOf('p'), 'Published')
    assert.equal(Level.HIGH, 2)
    assert.equal(Object.isFrozen(Status), true)
  })
})

describe('defineModel', () => {
  test('adds a BigAutoField id first and names columns in snake_case', () => {
    const meta = Question._meta
    assert.equal(meta.label, 'polls.Question')
    assert.equal(meta.appLabel, 'polls')
    assert.equal(meta.name, 'Question')
    assert.equal(meta.dbTable, 'polls_question')
    assert.equal(meta.pk, 'id')
    assert.deepEqual(meta.fields.map((x) => [x.name, x.column, x.type]), [
      ['id', 'id', 'BigAutoField'],
      ['questionText', 'question_text', 'CharField'],
      ['pubDate', 'pub_date', 'DateTimeField'],
      ['status', 'status', 'CharField'],
    ])
    assert.equal(meta.fields[0]?.primaryKey, true)
    assert.equal(meta.fields[2]?.verboseName, 'date published')
    assert.equal(meta.fields[1]?.verboseName, 'question text')
    assert.equal(meta.verboseName, 'question')
    assert.equal(meta.verboseNamePlural, 'questions')
    assert.equal(Object.isFrozen(meta), true)
    assert.equal('id' in Question.fields, true)
  })

  test('foreign keys get <name>_id columns; dbColumn overrides', () => {
    assert.equal(Choice._meta.fields.find((x) => x.name === 'question')?.column, 'question_id')
    assert.equal(ArticleTag._meta.fields.find((x) => x.name === 'level')?.column, 'lvl')
  })

  test('an explicit primary key replaces id and comes first', () => {
    const meta = ArticleTag._meta
    assert.equal(meta.pk, 'code')
    assert.equal(meta.fields[0]?.name, 'code')
    assert.equal(meta.fields.some((x) => x.name === 'id'), false)
    assert.equal(meta.dbTable, 'news_articletag')
    assert.deepEqual(meta.ordering, ['code'])
    assert.equal(meta.verboseName, 'article tag')
    assert.equal(meta.verboseNamePlural, 'tags')
  })

  test('many-to-many fields have no column and an automatic join table name', () => {
    const m2m = ArticleTag._meta.fields.find((x) => x.name === 'articles')
    assert.equal(m2m?.column, null)
    assert.equal(m2m?.relation?.dbTable, 'news_articletag_articles')
  })

  test('rejects malformed labels and two primary keys', () => {
    assert.throws(() => defineModel('NoApp', {}), /app\.Name/)
    assert.throws(() => defineModel('x.Y', { a: f.autoField(), b: f.integer({ primaryKey: true }) }), /more than one/)
  })

  test('abstract models are not registered; their fields spread into concrete ones', () => {
    const Timestamped = defineModel('core.Timestamped', {
      created: f.dateTime({ autoNowAdd: true }),
      modified: f.dateTime({ autoNow: true }),
    }, { abstract: true })
    assert.equal(modelRegistry.get('core.Timestamped'), undefined)
    assert.equal(Timestamped._meta.abstract, true)
    assert.equal(Timestamped._meta.fields.some((x) => x.name === 'id'), false)
    assert.throws(() => Timestamped.objects, /abstract/)
    const Post = defineModel('blog.Post', { ...Timestamped.fields, title: f.text() })
    assert.deepEqual(Post._meta.fields.map((x) => x.name), ['id', 'created', 'modified', 'title'])
  })

  test('each model has its own DoesNotExist subclass', () => {
    const error = new Question.DoesNotExist('Question matching query does not exist.')
    assert.ok(error instanceof ObjectDoesNotExist)
    assert.equal(error.code, 'E_DOES_NOT_EXIST')
    assert.equal(error.model, 'polls.Question')
    assert.equal(error instanceof Choice.DoesNotExist, false)
  })
})

describe('modelRegistry', () => {
  test('get, forApp and relation resolution', () => {
    assert.equal(modelRegistry.get('polls.Question'), Question)
    assert.deepEqual(modelRegistry.forApp('polls').map((m) => m.label), ['polls.Question', 'polls.Choice'])
    assert.equal(modelRegistry.resolveRelation('polls.Choice', 'Question'), Question)
    assert.equal(modelRegistry.resolveRelation('news.ArticleTag', 'self'), ArticleTag)
    assert.throws(() => modelRegistry.resolveRelation('polls.Choice', 'Nope'), /polls\.Nope/)
  })

  test('reverse relations with Django default names', () => {
    const rels = modelRegistry.reverseRelations('polls.Question')
    assert.deepEqual(rels.map((r) => [r.accessor, r.queryName, r.kind]), [['choices', 'choices', 'fk']])
    const self = modelRegistry.reverseRelations('news.ArticleTag')
    assert.deepEqual(self.map((r) => [r.accessor, r.queryName]), [['articleTagSet', 'articleTag']])
  })
})

describe('instances', () => {
  test('are instances of the generated class with fields as own properties', () => {
    const q = new Question({ questionText: 'What?', pubDate: new Date(0) })
    assert.ok(q instanceof Question)
    assert.ok(q instanceof ModelInstance)
    assert.equal(q.constructor.name, 'Question')
    assert.deepEqual(Object.keys(q), ['id', 'questionText', 'pubDate', 'status'])
    assert.equal(q.status, 'd', 'default filled')
    assert.equal(q.pk, null)
    assert.equal(String(q), 'Question object (null)')
  })

  test('foreign keys: by instance or by id', () => {
    const q = new Question({ id: 7, questionText: 'x', pubDate: new Date() })
    const c = new Choice({ question: q, choiceText: 'a' })
    assert.equal(c.questionId, 7)
    assert.equal(c.votes, 0)
    assert.deepEqual(Object.keys(c), ['id', 'questionId', 'choiceText', 'votes'])
    const c2 = new Choice({ questionId: 3, choiceText: 'b' })
    assert.equal(c2.questionId, 3)
  })

  test('setting the FK accessor sets the id', async () => {
    const q = new Question({ id: 9, questionText: 'x', pubDate: new Date() })
    const c = new Choice({ questionId: 1, choiceText: 'a' })
    ;(c as unknown as { question: unknown }).question = q
    assert.equal(c.questionId, 9)
    assert.equal(await c.question, q, 'cached, no query')
  })

  test('unknown fields are rejected', () => {
    assert.throws(() => new Question({ titel: 'x' } as never), /unexpected field 'titel'/)
  })

  test('fullClean maps fields to Django messages', async () => {
    const q = new Question({ questionText: 'x'.repeat(201), status: 'z' as never })
    await assert.rejects(q.fullClean({ validateUnique: false }), (error: unknown) => {
      assert.ok(error instanceof ValidationError)
      assert.equal(error.code, 'E_VALIDATION')
      assert.deepEqual(error.errors, {
        questionText: ['Ensure this value has at most 200 characters (it has 201).'],
        pubDate: ['This field cannot be null.'],
        status: ["Value 'z' is not a valid choice."],
      })
      return true
    })
    await assert.rejects(q.fullClean({ validateUnique: false, exclude: ['questionText', 'pubDate', 'status'] }).then(() => {
      throw new Error('passed')
    }), /passed/)
  })
})

describe('validateField', () => {
  const spec = (draft: { draft: object }, extra: object = {}) => ({ name: 'x', column: 'x', verboseName: 'x', ...draft.draft, ...extra }) as never
  test('blank and formats', () => {
    assert.deepEqual(validateField(spec(f.text()), ''), ['This field cannot be blank.'])
    assert.deepEqual(validateField(spec(f.text({ blank: true })), ''), [])
    assert.deepEqual(validateField(spec(f.email()), 'nope'), ['Enter a valid email address.'])
    assert.deepEqual(validateField(spec(f.email()), 'a.b@example.com'), [])
    assert.deepEqual(validateField(spec(f.url()), 'javascript:alert(1)'), ['Enter a valid URL.'])
    assert.deepEqual(validateField(spec(f.url()), 'https://example.com/x'), [])
    assert.deepEqual(validateField(spec(f.slug()), 'a b'), ['Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.'])
    assert.deepEqual(validateField(spec(f.uuid()), 'xyz'), ['“xyz” is not a valid UUID.'])
    assert.deepEqual(validateField(spec(f.positiveInteger()), -1), ['Ensure this value is greater than or equal to 0.'])
    assert.deepEqual(validateField(spec(f.smallInteger()), 40000), ['Ensure this value is less than or equal to 32767.'])
  })
  test('decimal digits', () => {
    const d = spec(f.decimal({ maxDigits: 5, decimalPlaces: 2 }))
    assert.deepEqual(validateField(d, '123.45'), [])
    assert.deepEqual(validateField(d, '1234.5'), ['Ensure that there are no more than 3 digits before the decimal point.'])
    assert.deepEqual(validateField(d, '1.234'), ['Ensure that there are no more than 2 decimal places.'])
    assert.deepEqual(validateField(d, '123456'), ['Ensure that there are no more than 5 digits in total.'])
  })
  test('custom validators contribute their messages', () => {
    const even = (v: unknown): void => {
      if (Number(v) % 2) throw new ValidationError('Must be even.')
    }
    assert.deepEqual(validateField(spec(f.integer({ validators: [even] })), 3), ['Must be even.'])
    assert.deepEqual(validateField(spec(f.integer({ validators: [even] })), 4), [])
  })
})

test('naming and errors', () => {
  assert.equal(snakeCase('pubDate'), 'pub_date')
  assert.equal(snakeCase('HTTPCode'), 'http_code')
  assert.equal(new FieldError('x').code, 'E_FIELD_LOOKUP')
  assert.equal(new IntegrityError('x').code, 'E_INTEGRITY')
})

describe('the str option (Django\'s __str__)', () => {
  const Book = defineModel('strtest.Book', { title: f.char({ maxLength: 100 }), pages: f.integer({ null: true }) }, { str: (b) => `${b.title} (${b.pages ?? '?'} pages)` })
  const Plain = defineModel('strtest.Plain', { name: f.char({ maxLength: 10 }) })

  test('String(instance) uses it, with typed field values; without it, Django\'s default', () => {
    assert.equal(String(new Book({ title: 'Dune', pages: 412 })), 'Dune (412 pages)')
    assert.equal(`${new Book({ title: 'Emma' })}`, 'Emma (? pages)')
    const plain = new Plain({ name: 'x' })
    plain.id = 7
    assert.equal(String(plain), 'Plain object (7)')
  })
})

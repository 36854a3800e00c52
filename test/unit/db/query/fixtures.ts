// Small models shared by the query tests, and a helper creating their tables on the current database.
import { f } from '../../../../framework/src/db/fields/index.ts'
import { defineModel } from '../../../../framework/src/db/models/define-model.ts'
import { modelRegistry } from '../../../../framework/src/db/models/registry.ts'
import { connections } from '../../../../framework/src/db/connection.ts'
import '../../../../framework/src/db/query/index.ts'

export const Author = defineModel('qt.Author', {
  name: f.char({ maxLength: 100 }),
  email: f.email({ null: true }),
})
export const Question = defineModel('qt.Question', {
  questionText: f.char({ maxLength: 200 }),
  pubDate: f.dateTime(),
  author: f.foreignKey('qt.Author', { onDelete: 'SET_NULL', null: true, relatedName: 'questions' }),
}, { ordering: ['id'] })
export const Choice = defineModel('qt.Choice', {
  question: f.foreignKey('qt.Question', { onDelete: 'CASCADE', relatedName: 'choices' }),
  choiceText: f.char({ maxLength: 200 }),
  votes: f.integer({ default: 0 }),
})
export const Tag = defineModel('qt.Tag', {
  label: f.char({ maxLength: 30 }),
  questions: f.manyToMany('qt.Question', { relatedName: 'tags' }),
})
/** Protects its question from deletion. */
export const Pin = defineModel('qt.Pin', {
  question: f.foreignKey('qt.Question', { onDelete: 'PROTECT', relatedName: 'pins' }),
})
/** Restricts its choice unless its question is deleted too (Django's RESTRICT example). */
export const Vote = defineModel('qt.Vote', {
  choice: f.foreignKey('qt.Choice', { onDelete: 'RESTRICT', relatedName: 'voteRows' }),
  question: f.foreignKey('qt.Question', { onDelete: 'CASCADE', relatedName: 'voteRows' }),
})

// Registered for the type checker too, so reverse relations and spans are typed in the tests.
declare module 'tango/db' {
  interface ModelRegistry {
    'qt.Author': typeof Author
    'qt.Question': typeof Question
    'qt.Choice': typeof Choice
    'qt.Tag': typeof Tag
    'qt.Pin': typeof Pin
    'qt.Vote': typeof Vote
  }
}

export const ALL = [Author, Question, Choice, Tag, Pin, Vote]

/** Creates the tables of {@link ALL} on the default connection. */
export async function createTables(): Promise<void> {
  const conn = connections.get('default')
  const editor = conn.schemaEditor({ resolveModel: (label) => modelRegistry.getModel(label)._meta })
  for (const m of ALL) await editor.createModel(m._meta)
}

/** Question, choices and a tag: 3 questions, 2024 and 2025, with choices of various votes. */
export async function seed(): Promise<void> {
  const ann = await Author.objects.create({ name: 'Ann', email: 'ann@example.com' })
  await Author.objects.create({ name: 'bob' })
  const q1 = await Question.objects.create({ questionText: "What's up?", pubDate: new Date('2024-03-10T12:30:00Z'), author: ann })
  const q2 = await Question.objects.create({ questionText: 'What 50% off_sale?', pubDate: new Date('2025-01-05T08:00:00Z') })
  const q3 = await Question.objects.create({ questionText: 'how are you', pubDate: new Date('2025-07-20T23:15:00Z'), author: ann })
  await Choice.objects.bulkCreate([
    { question: q1, choiceText: 'Not much', votes: 3 },
    { question: q1, choiceText: 'The sky', votes: 0 },
    { question: q2, choiceText: 'Yes', votes: 5 },
    { questionId: q3.pk as number, choiceText: 'Fine', votes: 1 },
  ])
}

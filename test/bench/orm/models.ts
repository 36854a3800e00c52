// The benchmark's two models, shared by the in-process ORM bench and the DB page servers.
import { defineModel, f } from 'tango/db'

export const Author = defineModel('bench.Author', {
  name: f.char({ maxLength: 100 }),
})

export const Article = defineModel('bench.Article', {
  title: f.char({ maxLength: 200 }),
  body: f.text(),
  published: f.dateTime(),
  views: f.integer({ default: 0 }),
  author: f.foreignKey('bench.Author', { onDelete: 'CASCADE', relatedName: 'articles' }),
})

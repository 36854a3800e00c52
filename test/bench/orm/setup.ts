// Creates the benchmark database: a fresh SQLite file with 10 authors and 200 articles.
import { configure, defineSettings } from 'tango/core'
import { atomic, connections, modelRegistry } from 'tango/db'
import { Article, Author } from './models.ts'

/** Points Tango at `file` (absolute path); `fresh` also creates the tables and rows. */
export async function setupDatabase(file: string, fresh: boolean): Promise<void> {
  configure(defineSettings({
    SECRET_KEY: 'bench-only-secret-key-bench-only-secret-key-bench-only-secret',
    ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
    DATABASES: { default: { URL: `sqlite:///${file}` } },
  }, {}))
  if (!fresh) return
  const connection = connections.get()
  const editor = connection.schemaEditor({ resolveModel: (label: string) => modelRegistry.getModel(label)._meta })
  await editor.createModel(Author._meta)
  await editor.createModel(Article._meta)
  await atomic(async () => {
    const authors = await Author.objects.bulkCreate(Array.from({ length: 10 }, (_, i) => new Author({ name: `Author ${i}` })))
    await Article.objects.bulkCreate(Array.from({ length: 200 }, (_, i) => new Article({
      title: `Article number ${i}`,
      body: `The body of article ${i}. `.repeat(10),
      published: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
      views: i,
      authorId: (authors[i % authors.length] as { id: number }).id,
    })))
  })
}

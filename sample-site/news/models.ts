/**
 * The news app's models: categories, authors, tags, articles and their comments. The migration in
 * `migrations/` is generated from these by `tango makemigrations news`; the demo rows live in
 * `fixtures/demo.json` (loaded by `tango loaddemo`).
 *
 * @module
 */
import { defineModel, f, textChoices } from 'tango/db'

/** An article's publication state (Django's `TextChoices`). Only published articles are listed. */
export const Status = textChoices({ DRAFT: ['draft', 'Draft'], PUBLISHED: ['published', 'Published'] })

/** A section of the site (`/category/<slug>/` lists its articles). */
export const Category = defineModel('news.Category', {
  name: f.char({ maxLength: 100 }),
  slug: f.slug({ unique: true }),
}, { ordering: ['name'], verboseNamePlural: 'categories', str: (c) => c.name })

/** Who wrote an article (a byline, not an account: authors need not log in). */
export const Author = defineModel('news.Author', {
  name: f.char({ maxLength: 100 }),
  email: f.email(),
}, { ordering: ['name'], str: (a) => a.name })

/** A keyword attached to articles (many-to-many). */
export const Tag = defineModel('news.Tag', {
  name: f.char({ maxLength: 50 }),
  slug: f.slug({ unique: true }),
}, { ordering: ['name'], str: (t) => t.name })

/**
 * A news article, shown at `/articles/<year of published>/<slug>/`. `slug` is unique across
 * years (simpler than Django's `unique_for_year`, which Tango does not have).
 */
export const Article = defineModel('news.Article', {
  title: f.char({ maxLength: 200 }),
  slug: f.slug({ unique: true }),
  // PROTECT: deleting a category that still has articles is refused (ProtectedError) rather than
  // silently deleting the articles.
  category: f.foreignKey('news.Category', { onDelete: 'PROTECT', relatedName: 'articles' }),
  author: f.foreignKey('news.Author', { onDelete: 'CASCADE', relatedName: 'articles' }),
  tags: f.manyToMany('news.Tag', { blank: true, relatedName: 'articles' }),
  body: f.text(),
  published: f.dateTime(),
  status: f.char({ maxLength: 10, choices: Status.choices, default: Status.DRAFT }),
  views: f.integer({ default: 0 }),
}, { ordering: ['-published'], str: (a) => a.title })

/** A reader's comment on an article; shown only once a moderator approves it. */
export const Comment = defineModel('news.Comment', {
  article: f.foreignKey('news.Article', { onDelete: 'CASCADE', relatedName: 'comments' }),
  name: f.char({ maxLength: 100 }),
  body: f.text(),
  created: f.dateTime({ autoNowAdd: true }),
  approved: f.boolean({ default: false }),
}, { ordering: ['created'], str: (c) => `${c.name}: ${c.body.length > 40 ? `${c.body.slice(0, 40)}…` : c.body}` })

// Relation targets for TypeScript: spans (`category__slug`), `await article.category`, `article.comments`.
declare module 'tango/db' {
  interface ModelRegistry {
    'news.Category': typeof Category
    'news.Author': typeof Author
    'news.Tag': typeof Tag
    'news.Article': typeof Article
    'news.Comment': typeof Comment
  }
}

/**
 * The articles sample-site shows. They live in code until the ORM issue lands and moves them into
 * a `news.Article` model on SQLite.
 */
export interface Article {
  readonly slug: string
  readonly year: number
  readonly title: string
  readonly published: Date
  readonly body: string
}

export const ARTICLES: readonly Article[] = [
  {
    slug: 'tango-is-here',
    year: 2026,
    title: 'Tango is here',
    published: new Date('2026-11-21T09:00:00Z'),
    body: 'A batteries-included web framework for TypeScript.\n\nModels, migrations, an admin and a prefork server, in one box.',
  },
  {
    slug: 'routing-without-regex-scans',
    year: 2026,
    title: 'Routing without regex scans',
    published: new Date('2026-11-20T15:30:00Z'),
    body: 'Tango resolves URLs through a segment trie, so a thousand routes cost about what ten do.',
  },
  {
    slug: 'hello-world',
    year: 2025,
    title: 'Hello, world',
    published: new Date('2025-06-01T08:00:00Z'),
    body: 'The first article.',
  },
]

/** The article with this year and slug, or `undefined`. */
export function findArticle(year: number, slug: string): Article | undefined {
  return ARTICLES.find((a) => a.year === year && a.slug === slug)
}

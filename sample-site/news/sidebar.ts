/**
 * The front page's sidebar: categories with their published article counts, the most read
 * articles, and the tags in use. Three queries, so the template renders it inside
 * `{% cache 300 "sidebar" %}` and asks for it with the `await` filter: on a cache hit none of them run.
 *
 * @module
 */
import { Article, Category, Status, Tag } from './models.ts'

/** What `news/_sidebar.html` shows. */
export interface Sidebar {
  readonly categories: readonly { readonly name: string; readonly slug: string; readonly count: number }[]
  readonly mostRead: readonly { readonly title: string; readonly slug: string; readonly year: number; readonly views: number }[]
  readonly tags: readonly { readonly name: string; readonly slug: string }[]
}

/** Loads the sidebar's data (see the module comment for when it runs). */
export async function sidebarData(): Promise<Sidebar> {
  const published = Article.objects.filter({ status: Status.PUBLISHED })
  const [categories, categoryIds, mostRead, tags] = await Promise.all([
    Category.objects.orderBy('name').all(),
    published.valuesList('categoryId', { flat: true }),
    published.orderBy('-views', '-published').limit(5).all(),
    Tag.objects.filter({ articles__status: Status.PUBLISHED }).distinct().all(),
  ])
  const counts = new Map<unknown, number>()
  for (const id of categoryIds) counts.set(id, (counts.get(id) ?? 0) + 1)
  return {
    categories: categories.map((c) => ({ name: c.name, slug: c.slug, count: counts.get(c.id) ?? 0 })).filter((c) => c.count > 0),
    mostRead: mostRead.map((a) => ({ title: a.title, slug: a.slug, year: a.published.getUTCFullYear(), views: a.views })),
    tags: tags.map((t) => ({ name: t.name, slug: t.slug })),
  }
}

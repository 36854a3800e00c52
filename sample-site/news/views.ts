/**
 * The news pages: the front page, an article, and a category's articles. Templates are
 * synchronous, so the views resolve the relations a template shows (category, author, tags,
 * comments) before rendering; `selectRelated` / `prefetchRelated` make that cost no extra query
 * per article.
 *
 * @module
 */
import type { Request } from 'tango/http'
import { F, type Row } from 'tango/db'
import { getObjectOr404, ListView, render, type ContextData, type ViewParams } from 'tango/views'
import { Article, Category, Status } from './models.ts'

type ArticleRow = Row<typeof Article>

/** Published articles with their category and author joined in (one query). */
function publishedArticles() {
  return Article.objects.filter({ status: Status.PUBLISHED }).selectRelated('category', 'author')
}

/** What the article lists show: the article, its URL parts and its (already loaded) category and author. */
export async function summarize(article: ArticleRow) {
  // selectRelated filled the relation cache, so these awaits run no query.
  return { article, year: article.published.getUTCFullYear(), category: await article.category, author: await article.author }
}

/** The front page: every published article, newest first (Meta ordering `-published`). */
export async function home(request: Request) {
  const articles = await Promise.all((await publishedArticles()).map(summarize))
  return render(request, 'news/home.html', { articles })
}

/**
 * One published article, by the year of its publication (UTC) and its slug, with its tags and
 * approved comments; counts the view. 404 when there is no such published article.
 */
export async function articleDetail(request: Request, params: { year: number; slug: string }) {
  const article = await getObjectOr404(publishedArticles().prefetchRelated('tags'), { slug: params.slug, published__year: params.year })
  const tags = await article.tags.all() // the prefetched list: no query
  const comments = await article.comments.all().filter({ approved: true })
  // F() makes the increment one UPDATE in the database, so concurrent readers never lose a count.
  await Article.objects.filter({ id: article.id }).update({ views: F('views').add(1) })
  return render(request, 'news/article.html', { ...(await summarize(article)), views: article.views + 1, tags, comments })
}

/** `/category/<slug>/`: the category's published articles, ten a page (`?page=2`); 404 for an unknown slug. */
export class CategoryArticles extends ListView<ArticleRow> {
  override paginateBy: number | null = 10
  override templateName = 'news/category.html'
  override contextObjectName = 'articles'
  category: Row<typeof Category> | null = null

  override getQueryset() {
    return publishedArticles().filter({ category__slug: String(this.params.slug) })
  }

  override async get(request: Request, params: ViewParams) {
    // First, so an unknown slug is a 404 rather than an empty list.
    this.category = await getObjectOr404(Category, { slug: params.slug })
    return super.get(request, params)
  }

  override async getContextData(params: ViewParams): Promise<ContextData> {
    const context = await super.getContextData(params)
    const rows = context.objectList as readonly ArticleRow[]
    return { ...context, category: this.category, articles: await Promise.all(rows.map(summarize)) }
  }
}

/**
 * The news pages: the front page, an article (where logged-in users comment), and a category's
 * articles. Templates are
 * synchronous, so the views resolve the relations a template shows (category, author, tags,
 * comments) before rendering; `selectRelated` / `prefetchRelated` make that cost no extra query
 * per article.
 *
 * @module
 */
import { cache } from 'tango/cache'
import { gettext } from 'tango/i18n'
import { isAuthenticated, redirectToLogin } from 'tango/contrib/auth'
import { success } from 'tango/contrib/messages'
import { F, type Row } from 'tango/db'
import { HttpResponseRedirect, type Request } from 'tango/http'
import { reverse } from 'tango/urls'
import { getObjectOr404, ListView, render, requireHttpMethods, type ContextData, type ViewParams } from 'tango/views'
import { CommentForm } from './forms.ts'
import { Article, Category, Comment, Status } from './models.ts'
import { sidebarData } from './sidebar.ts'

/** The cache key of a number that changes whenever an article changes (see `app.ts`); fragment keys include it. */
export const LIST_VERSION_KEY = 'news:list-version'

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

/**
 * The front page: every published article, newest first (Meta ordering `-published`), and the
 * sidebar. Both are template fragments in `{% cache %}`: the list keyed by {@link LIST_VERSION_KEY}
 * (so a saved article shows at once), the sidebar for five minutes. The queries are handed to the
 * template as functions it calls with `await` only on a cache miss, so a hit runs one cache read.
 */
export async function home(request: Request) {
  const listVersion = (await cache.get(LIST_VERSION_KEY)) ?? 0
  const loadArticles = async () => Promise.all((await publishedArticles()).map(summarize))
  return render(request, 'news/home.html', { listVersion, loadArticles, loadSidebar: sidebarData })
}

/**
 * One published article, by the year of its publication (UTC) and its slug, with its tags and
 * approved comments; a GET counts the view. 404 when there is no such published article.
 *
 * A POST adds a comment: anonymous users are sent to the login page (and back here after); a valid
 * comment is published at once under the user's name, with a flash message, and the browser is
 * redirected to the article (post/redirect/get); an invalid one re-renders the page with the errors.
 */
export const articleDetail = requireHttpMethods(['GET', 'HEAD', 'POST'])(async (request: Request, params: { year: number; slug: string }) => {
  const article = await getObjectOr404(publishedArticles().prefetchRelated('tags'), { slug: params.slug, published__year: params.year })
  const user = await request.user
  const here = reverse('news:detail', { year: params.year, slug: params.slug })
  let form = new CommentForm()
  if (request.method === 'POST') {
    if (!isAuthenticated(user)) return redirectToLogin(here)
    form = new CommentForm({ data: await request.form() })
    if (await form.isValid()) {
      await Comment.objects.create({ article, name: user.username, body: form.cleanedData.body, approved: true })
      success(request, gettext('Your comment is published.'))
      return new HttpResponseRedirect(`${here}#comments`)
    }
  } else {
    // F() makes the increment one UPDATE in the database, so concurrent readers never lose a count.
    await Article.objects.filter({ id: article.id }).update({ views: F('views').add(1) })
    article.views += 1
  }
  const tags = await article.tags.all() // the prefetched list: no query
  const comments = await article.comments.all().filter({ approved: true })
  const loginUrl = `${reverse('login')}?next=${encodeURIComponent(here)}`
  return render(request, 'news/article.html', { ...(await summarize(article)), views: article.views, tags, comments, form, here, loginUrl })
})

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

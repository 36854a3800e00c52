import { Http404, type Request } from 'tango/http'
import { render } from 'tango/views'
import { ARTICLES, findArticle } from './articles.ts'

/** The front page: every article, newest first. */
export async function home(request: Request) {
  const articles = [...ARTICLES].sort((a, b) => b.published.getTime() - a.published.getTime())
  return render(request, 'news/home.html', { articles })
}

/** One article, by year and slug. */
export async function articleDetail(request: Request, params: { year: number; slug: string }) {
  const article = findArticle(params.year, params.slug)
  if (article === undefined) throw new Http404(`No article ${params.year}/${params.slug}.`)
  return render(request, 'news/article.html', { article })
}

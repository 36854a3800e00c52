/**
 * The news app in the admin (the admin app imports each installed app's `admin.ts`): every model
 * registered, articles with a rich configuration — related columns, filters, search, a date
 * hierarchy, the slug filled from the title as you type, tags in a two-box chooser, comments edited
 * inline, and a "publish selected" action.
 *
 * @module
 */
import { action, display, ModelAdmin, site, TabularInline } from 'tango/contrib/admin'
import { gettextLazy, ngettext } from 'tango/i18n'
import type { Request } from 'tango/http'
import type { QuerySet, Row } from 'tango/db'
import { reverse } from 'tango/urls'
import { Article, Author, Category, Comment, Status, Tag } from './models.ts'

/** Comments under their article, three columns wide. */
class CommentInline extends TabularInline<typeof Comment> {
  static model = Comment
  override fields = ['name', 'body', 'approved']
  override extra = 1
}

const publish = action({ description: gettextLazy('Publish selected articles').toString(), permissions: ['change'] },
  async (admin: ModelAdmin<typeof Article>, request: Request, queryset: QuerySet<typeof Article>) => {
    const count = await queryset.filter({ status: Status.DRAFT }).update({ status: Status.PUBLISHED })
    admin.messageUser(request, ngettext('{n} article was published.', '{n} articles were published.', count).replace('{n}', String(count)))
  })

const categoryName = display({ description: 'category', ordering: 'category__name' }, (a: Row<typeof Article>) => a.category)

class ArticleAdmin extends ModelAdmin<typeof Article> {
  override listDisplay = ['title', categoryName, 'author', 'status', 'published', 'views']
  override listFilter = ['status', 'category', 'published', 'tags']
  override searchFields = ['title', 'body', 'author__name', '=slug']
  override dateHierarchy = 'published'
  override listSelectRelated = ['category', 'author']
  override listPerPage = 25
  override prepopulatedFields = { slug: ['title'] }
  override filterHorizontal = ['tags']
  override inlines = [CommentInline]
  override actions = [publish]
  override saveAs = true
  override fieldsets = [
    [null, { fields: ['title', 'slug', 'body'] }],
    ['Publication', { fields: [['category', 'author'], 'status', 'published', 'tags'] }],
    ['Statistics', { fields: ['views'], classes: ['collapse'] }],
  ] as const
  override readonlyFields = ['views']
  override viewOnSite = (a: Row<typeof Article>) => a.status === Status.PUBLISHED ? reverse('news:detail', { year: a.published.getUTCFullYear(), slug: a.slug }) : null
}

site.register(Article, ArticleAdmin)
site.register(Category, { listDisplay: ['name', 'slug'], searchFields: ['name'], prepopulatedFields: { slug: ['name'] } })
site.register(Author, { listDisplay: ['name', 'email'], searchFields: ['name', 'email'] })
site.register(Tag, { listDisplay: ['name', 'slug'], searchFields: ['name'], prepopulatedFields: { slug: ['name'] } })
site.register(Comment, {
  listDisplay: ['name', 'article', 'created', 'approved'],
  listFilter: ['approved', 'created'],
  searchFields: ['name', 'body', 'article__title'],
  listEditable: ['approved'],
  autocompleteFields: ['article'],
})

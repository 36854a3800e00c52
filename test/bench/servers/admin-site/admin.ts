// The bench's admin site: the library fixture's books with one foreign key in listDisplay, a
// search across the relation, two filters and 100 rows per page (test/bench/admin.ts).
import { AdminSite, ModelAdmin } from 'tango/contrib/admin'
import { Author, Book } from '../../../unit/contrib/admin/fixtures/library/models.ts'

export const site = new AdminSite('bench_admin')

class BookAdmin extends ModelAdmin<typeof Book> {
  override listDisplay = ['title', 'author', 'inPrint', 'publishedDate', 'format']
  override listFilter = ['inPrint', 'format']
  override searchFields = ['title', 'author__name']
  override listPerPage = 100
}
site.register(Book, BookAdmin)
site.register(Author, { searchFields: ['name'] })

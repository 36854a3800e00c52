/**
 * The change list's page links (Django's `pagination` template tag): the elided page range
 * (`1 2 … 7 8 9 10 11 … 49 50`), the current page as plain text, and "Show all" when every row
 * fits in `listMaxShowAll`.
 *
 * @module
 */
import { ALL_VAR, PAGE_VAR } from './change-list.ts'
import type { ChangeList } from './change-list.ts'

/** One entry of the page range: a page link, the current page, or an ellipsis. */
export interface PageLink {
  readonly kind: 'page' | 'current' | 'ellipsis'
  readonly number: number | null
  readonly url: string | null
}

/** What `admin/pagination.html` draws. */
export interface Pagination {
  readonly pages: PageLink[]
  /** Whether the rows span several pages and are paginated (not "show all"). */
  readonly paginated: boolean
  /** The "Show all" link, when offered. */
  readonly showAllUrl: string | null
}

/**
 * The page numbers around `current` (Django's `Paginator.get_elided_page_range`, 3 on each side and
 * 2 at each end), `null` standing for an ellipsis.
 */
export function elidedPageRange(current: number, numPages: number, onEachSide = 3, onEnds = 2): (number | null)[] {
  const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => a + i)
  if (numPages <= (onEachSide + onEnds) * 2) return range(1, numPages)
  const out: (number | null)[] = []
  if (current > 1 + onEachSide + onEnds + 1) out.push(...range(1, onEnds), null, ...range(current - onEachSide, current))
  else out.push(...range(1, current))
  if (current < numPages - onEachSide - onEnds - 1) out.push(...range(current + 1, current + onEachSide), null, ...range(numPages - onEnds + 1, numPages))
  else out.push(...range(current + 1, numPages))
  return out
}

/** The pagination of `cl`. */
export function paginationLinks(cl: ChangeList): Pagination {
  const paginated = cl.multiPage && !(cl.showAll && cl.canShowAll)
  const pages: PageLink[] = paginated
    ? elidedPageRange(cl.pageNum, cl.numPages).map((n) =>
      n === null ? { kind: 'ellipsis', number: null, url: null }
        : n === cl.pageNum ? { kind: 'current', number: n, url: null }
          : { kind: 'page', number: n, url: cl.getQueryString({ [PAGE_VAR]: n, [ALL_VAR]: null }) })
    : []
  const showAllUrl = cl.canShowAll && !cl.showAll && cl.multiPage ? cl.getQueryString({ [ALL_VAR]: '', [PAGE_VAR]: null }) : null
  return { pages, paginated, showAllUrl }
}

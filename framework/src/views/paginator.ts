/**
 * {@link Paginator} and {@link Page}: split a list or a QuerySet into pages (as Django's
 * `django.core.paginator`). Works on plain arrays with no database, and on anything QuerySet-shaped
 * ({@link PaginatableQuerySet}: `count()`, `offset()`, `limit()` and awaitable), which it reads with
 * one `COUNT` and one `LIMIT/OFFSET` query per page.
 *
 * Django's `count`, `num_pages` and `page_range` are cached properties that may hit the database; in
 * JavaScript those must be awaited, so they are async methods here for every source (arrays
 * included, so code does not care which it got). A {@link Page}, once made, is synchronous: it holds
 * its rows and the totals it was built from, ready for a template.
 *
 * @module
 */
import { TangoError } from '../core/errors.ts'
import { gettext, gettextLazy } from '../core/translation.ts'
import type { StringOrLazy } from '../core/translation.ts'

/**
 * A page number could not be used (as Django's `InvalidPage`). Code `E_INVALID_PAGE`; the
 * subclasses {@link PageNotAnInteger} and {@link EmptyPage} say why.
 */
export class InvalidPage extends TangoError {
  /** @param message - Django's message, e.g. "That page contains no results". */
  constructor(message: string, code = 'E_INVALID_PAGE', options?: ErrorOptions) {
    super(code, message, options)
  }
}

/** The page number is not an integer: "That page number is not an integer". Code `E_PAGE_NOT_AN_INTEGER`. */
export class PageNotAnInteger extends InvalidPage {
  constructor(message = gettext('That page number is not an integer'), options?: ErrorOptions) {
    super(message, 'E_PAGE_NOT_AN_INTEGER', options)
  }
}

/** The page number is below 1 or past the last page. Code `E_EMPTY_PAGE`. */
export class EmptyPage extends InvalidPage {
  constructor(message = gettext('That page contains no results'), options?: ErrorOptions) {
    super(message, 'E_EMPTY_PAGE', options)
  }
}

/**
 * The slice of a QuerySet a {@link Paginator} needs: a `COUNT`, `offset`/`limit` slicing and
 * awaiting the rows. Tango's `QuerySet` has this shape; so may any lazy collection.
 */
export interface PaginatableQuerySet<T> extends PromiseLike<readonly T[]> {
  count(): Promise<number>
  offset(n: number): PaginatableQuerySet<T>
  limit(n: number): PaginatableQuerySet<T>
}

/** What a {@link Paginator} pages through: an array or a QuerySet. */
export type ObjectList<T> = readonly T[] | PaginatableQuerySet<T>

/** Error messages a {@link Paginator} uses (as Django's `error_messages`); lazy strings translate when raised. */
export interface PaginatorErrorMessages {
  readonly invalidPage: StringOrLazy
  readonly minPage: StringOrLazy
  readonly noResults: StringOrLazy
}

/** Options of {@link Paginator}. */
export interface PaginatorOptions {
  /**
   * When the last page would hold this many items or fewer, they are added to the previous page
   * instead (default 0).
   */
  readonly orphans?: number
  /** Whether page 1 may be empty (default `true`); when `false`, an empty list has 0 pages. */
  readonly allowEmptyFirstPage?: boolean
  /** Override some of the messages of {@link PageNotAnInteger} and {@link EmptyPage}. */
  readonly errorMessages?: Partial<PaginatorErrorMessages>
}

const DEFAULT_MESSAGES: PaginatorErrorMessages = Object.freeze({
  invalidPage: gettextLazy('That page number is not an integer'),
  minPage: gettextLazy('That page number is less than 1'),
  noResults: gettextLazy('That page contains no results'),
})

/** What `getElidedPageRange` puts where pages are left out (Django's `Paginator.ELLIPSIS`, `…`). */
export const ELLIPSIS = '…'

/** A page number as the user may give it: a number, a numeric string (`?page=2`), or nothing. */
export type PageNumberInput = number | string | null | undefined

/**
 * Splits `objectList` into pages of `perPage` items (as Django's `Paginator`).
 *
 * @typeParam T - the item type (a model's row type for a QuerySet).
 * @example
 * ```ts
 * const p = new Paginator(['john', 'paul', 'george', 'ringo'], 2)
 * await p.count()        // 4
 * await p.numPages()     // 2
 * const page1 = await p.page(1)
 * page1.objectList       // ['john', 'paul']
 * page1.hasNext()        // true
 *
 * // A QuerySet: one COUNT query, then LIMIT 20 OFFSET 40 for page 3.
 * const page = await new Paginator(Article.objects.orderBy('-published'), 20).getPage(request.GET.get('page'))
 * ```
 */
export class Paginator<T> {
  /** The list or QuerySet paged through. */
  readonly objectList: ObjectList<T>
  /** Items per page (at least 1). */
  readonly perPage: number
  readonly orphans: number
  readonly allowEmptyFirstPage: boolean
  readonly errorMessages: PaginatorErrorMessages
  #count: Promise<number> | null = null

  /**
   * @param objectList - an array or a QuerySet (order it: an unordered QuerySet may page inconsistently).
   * @param perPage - items per page; a positive integer.
   * @param options - `orphans`, `allowEmptyFirstPage`, `errorMessages`.
   * @throws TypeError when `perPage` is not a positive integer or `orphans` a non-negative one.
   */
  constructor(objectList: ObjectList<T>, perPage: number, options: PaginatorOptions = {}) {
    if (!Number.isInteger(perPage) || perPage < 1) throw new TypeError(`Paginator perPage must be a positive integer, got ${String(perPage)}.`)
    const orphans = options.orphans ?? 0
    if (!Number.isInteger(orphans) || orphans < 0) throw new TypeError(`Paginator orphans must be a non-negative integer, got ${String(orphans)}.`)
    this.objectList = objectList
    this.perPage = perPage
    this.orphans = orphans
    this.allowEmptyFirstPage = options.allowEmptyFirstPage ?? true
    this.errorMessages = Object.freeze({ ...DEFAULT_MESSAGES, ...options.errorMessages })
  }

  /** The total number of items: the array's length or one `COUNT` query, made once and cached. */
  count(): Promise<number> {
    this.#count ??= isArray(this.objectList) ? Promise.resolve(this.objectList.length) : this.objectList.count()
    return this.#count
  }

  /** The number of pages (as Django's `num_pages`): at least 1 unless `allowEmptyFirstPage` is `false`. */
  async numPages(): Promise<number> {
    return pagesFor(await this.count(), this.perPage, this.orphans, this.allowEmptyFirstPage)
  }

  /** The page numbers, 1-based: `[1, 2, ..., numPages]` (as Django's `page_range`). */
  async pageRange(): Promise<number[]> {
    return Array.from({ length: await this.numPages() }, (_, i) => i + 1)
  }

  /**
   * Checks a page number (as Django's `validate_number`) and returns it as an integer.
   * @throws {@link PageNotAnInteger} for anything but an integer or an integer string.
   * @throws {@link EmptyPage} below 1 or past the last page.
   */
  async validateNumber(number: PageNumberInput): Promise<number> {
    const n = toInteger(number)
    if (n === null) throw new PageNotAnInteger(String(this.errorMessages.invalidPage))
    if (n < 1) throw new EmptyPage(String(this.errorMessages.minPage))
    if (n > (await this.numPages())) throw new EmptyPage(String(this.errorMessages.noResults))
    return n
  }

  /**
   * The page numbered `number` (1-based) with its items (as Django's `page`).
   * @throws {@link PageNotAnInteger} or {@link EmptyPage} for a bad number.
   */
  async page(number: PageNumberInput): Promise<Page<T>> {
    const n = await this.validateNumber(number)
    const count = await this.count()
    const bottom = (n - 1) * this.perPage
    let top = bottom + this.perPage
    // Django's orphans rule: the last few items join this page rather than making a tiny last one.
    if (top + this.orphans >= count) top = count
    const items = isArray(this.objectList)
      ? this.objectList.slice(bottom, top)
      : top > bottom ? [...(await this.objectList.offset(bottom).limit(top - bottom))] : []
    return new Page(items, n, { count, numPages: await this.numPages(), perPage: this.perPage })
  }

  /**
   * Like {@link Paginator.page} but never fails on the number (as Django's `get_page`): not an
   * integer gives page 1, out of range gives the last page. Use it for `?page=` from the user.
   */
  async getPage(number: PageNumberInput): Promise<Page<T>> {
    let n: number
    try {
      n = await this.validateNumber(number)
    } catch (error) {
      if (error instanceof PageNotAnInteger) n = 1
      else if (error instanceof EmptyPage) n = await this.numPages()
      else throw error
    }
    return this.page(n)
  }

  /**
   * Page numbers around `number` with the ends, gaps marked by {@link ELLIPSIS} (as Django's
   * `get_elided_page_range`): for page 10 of 50, `1 2 … 7 8 9 10 11 12 13 … 49 50`.
   *
   * @param number - the current page.
   * @param options - `onEachSide` pages either side of the current one (default 3), `onEnds` at each end (default 2).
   * @throws {@link PageNotAnInteger} or {@link EmptyPage} for a bad number, as {@link Paginator.page}.
   */
  async getElidedPageRange(number: PageNumberInput = 1, options: { readonly onEachSide?: number; readonly onEnds?: number } = {}): Promise<(number | typeof ELLIPSIS)[]> {
    const onEachSide = options.onEachSide ?? 3
    const onEnds = options.onEnds ?? 2
    const numPages = await this.numPages()
    const n = await this.validateNumber(number)
    const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i)
    if (numPages <= (onEachSide + onEnds) * 2) return range(1, numPages)
    const out: (number | typeof ELLIPSIS)[] = []
    if (n > 1 + onEachSide + onEnds + 1) out.push(...range(1, onEnds), ELLIPSIS, ...range(n - onEachSide, n))
    else out.push(...range(1, n))
    if (n < numPages - onEachSide - onEnds - 1) out.push(...range(n + 1, n + onEachSide), ELLIPSIS, ...range(numPages - onEnds + 1, numPages))
    else out.push(...range(n + 1, numPages))
    return out
  }
}

/**
 * One page of a {@link Paginator} (as Django's `Page`). Iterable; `length` is the number of items
 * on this page. Templates use `page.objectList`, `page.number`, `page.hasNext()`, ...
 */
export class Page<T> implements Iterable<T> {
  /** The items on this page. */
  readonly objectList: readonly T[]
  /** This page's 1-based number. */
  readonly number: number
  /** Total items across all pages (the paginator's count when the page was made). */
  readonly count: number
  /** Total pages (the paginator's page count when the page was made). */
  readonly numPages: number
  readonly perPage: number

  /** @internal Made by {@link Paginator.page}. */
  constructor(objectList: readonly T[], number: number, totals: { readonly count: number; readonly numPages: number; readonly perPage: number }) {
    this.objectList = Object.freeze([...objectList])
    this.number = number
    this.count = totals.count
    this.numPages = totals.numPages
    this.perPage = totals.perPage
  }

  /** Every page number, `[1, ..., numPages]`: the synchronous `paginator.pageRange()` for templates. */
  get pageRange(): number[] {
    return Array.from({ length: this.numPages }, (_, i) => i + 1)
  }

  /** Items on this page. */
  get length(): number {
    return this.objectList.length
  }

  [Symbol.iterator](): Iterator<T> {
    return this.objectList[Symbol.iterator]()
  }

  /** There is a page after this one. */
  hasNext(): boolean {
    return this.number < this.numPages
  }

  /** There is a page before this one. */
  hasPrevious(): boolean {
    return this.number > 1
  }

  /** There is another page either way. */
  hasOtherPages(): boolean {
    return this.hasNext() || this.hasPrevious()
  }

  /**
   * The next page's number.
   * @throws {@link EmptyPage} on the last page (as Django, whose `next_page_number` validates).
   */
  nextPageNumber(): number {
    if (!this.hasNext()) throw new EmptyPage(gettext('That page contains no results'))
    return this.number + 1
  }

  /**
   * The previous page's number.
   * @throws {@link EmptyPage} on the first page ("That page number is less than 1").
   */
  previousPageNumber(): number {
    if (!this.hasPrevious()) throw new EmptyPage(gettext('That page number is less than 1'))
    return this.number - 1
  }

  /** The 1-based index of this page's first item among all items; 0 when there are none. */
  startIndex(): number {
    if (this.count === 0) return 0
    return this.perPage * (this.number - 1) + 1
  }

  /** The 1-based index of this page's last item among all items (orphans included on the last page). */
  endIndex(): number {
    if (this.number === this.numPages) return this.count
    return this.number * this.perPage
  }

  /** `<Page 1 of 2>`, as Django's `repr`. */
  toString(): string {
    return `<Page ${this.number} of ${this.numPages}>`
  }
}

function isArray<T>(list: ObjectList<T>): list is readonly T[] {
  return Array.isArray(list)
}

function pagesFor(count: number, perPage: number, orphans: number, allowEmptyFirstPage: boolean): number {
  if (count === 0 && !allowEmptyFirstPage) return 0
  const hits = Math.max(1, count - orphans)
  return Math.ceil(hits / perPage)
}

/** Python's `int()` on what a paginator may receive: integers, integral floats, integer strings. */
function toInteger(value: PageNumberInput): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value, 10)
  return null
}

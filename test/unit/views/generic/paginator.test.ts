// The Paginator on plain arrays: every example of Django's pagination docs, then the edge cases.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { ELLIPSIS, EmptyPage, InvalidPage, PageNotAnInteger, Paginator } from '../../../../framework/src/views/index.ts'
import type { PaginatableQuerySet } from '../../../../framework/src/views/index.ts'

async function rejects<E extends Error>(promise: Promise<unknown>, kind: new (...args: never[]) => E, message: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`)
    assert.ok(error instanceof InvalidPage)
    assert.equal((error as Error).message, message)
    return true
  })
}

describe("Django's documented example", () => {
  const objects = ['john', 'paul', 'george', 'ringo']
  const p = new Paginator(objects, 2)

  test('count, numPages and pageRange', async () => {
    assert.equal(await p.count(), 4)
    assert.equal(await p.numPages(), 2)
    assert.deepEqual(await p.pageRange(), [1, 2])
  })

  test('page 1 and page 2 hold their items', async () => {
    const page1 = await p.page(1)
    assert.equal(String(page1), '<Page 1 of 2>')
    assert.deepEqual(page1.objectList, ['john', 'paul'])
    const page2 = await p.page(2)
    assert.deepEqual(page2.objectList, ['george', 'ringo'])
    assert.deepEqual([...page2], ['george', 'ringo'])
    assert.equal(page2.length, 2)
  })

  test('navigation on the last page', async () => {
    const page2 = await p.page(2)
    assert.equal(page2.hasNext(), false)
    assert.equal(page2.hasPrevious(), true)
    assert.equal(page2.hasOtherPages(), true)
    assert.throws(() => page2.nextPageNumber(), (e: unknown) => e instanceof EmptyPage && e.message === 'That page contains no results')
    assert.equal(page2.previousPageNumber(), 1)
    assert.equal(page2.startIndex(), 3)
    assert.equal(page2.endIndex(), 4)
  })

  test('out-of-range pages raise EmptyPage with Django\'s messages', async () => {
    await rejects(p.page(0), EmptyPage, 'That page number is less than 1')
    await rejects(p.page(3), EmptyPage, 'That page contains no results')
  })

  test('the first page cannot go back', async () => {
    const page1 = await p.page(1)
    assert.equal(page1.hasPrevious(), false)
    assert.equal(page1.nextPageNumber(), 2)
    assert.throws(() => page1.previousPageNumber(), EmptyPage)
    assert.equal(page1.startIndex(), 1)
    assert.equal(page1.endIndex(), 2)
  })
})

describe('page numbers', () => {
  const p = new Paginator(Array.from({ length: 25 }, (_, i) => i + 1), 10)

  test('integer strings are accepted, as query parameters give them', async () => {
    assert.equal((await p.page('2')).number, 2)
    assert.equal((await p.page(' 3 ')).number, 3)
    assert.equal((await p.page(2.0)).number, 2)
  })

  test('non-integers raise PageNotAnInteger', async () => {
    for (const bad of ['x', '1.5', '', null, undefined, 1.5, Number.NaN]) {
      await rejects(p.page(bad), PageNotAnInteger, 'That page number is not an integer')
    }
  })

  test('getPage gives page 1 for a non-integer and the last page when out of range', async () => {
    assert.equal((await p.getPage('abc')).number, 1)
    assert.equal((await p.getPage(null)).number, 1)
    assert.equal((await p.getPage(99)).number, 3)
    assert.equal((await p.getPage(-1)).number, 3)
    assert.equal((await p.getPage('2')).number, 2)
  })

  test('custom error messages', async () => {
    const custom = new Paginator([1, 2], 1, { errorMessages: { noResults: 'Nothing here' } })
    await rejects(custom.page(5), EmptyPage, 'Nothing here')
    await rejects(custom.page('x'), PageNotAnInteger, 'That page number is not an integer')
  })
})

describe('orphans and empty lists', () => {
  test('23 items, 10 a page, 3 orphans: two pages, the last with 13 (Django\'s example)', async () => {
    const p = new Paginator(Array.from({ length: 23 }, (_, i) => i), 10, { orphans: 3 })
    assert.equal(await p.numPages(), 2)
    assert.equal((await p.page(1)).length, 10)
    const last = await p.page(2)
    assert.equal(last.length, 13)
    assert.equal(last.startIndex(), 11)
    assert.equal(last.endIndex(), 23)
  })

  test('24 items with 3 orphans still make three pages', async () => {
    const p = new Paginator(Array.from({ length: 24 }, (_, i) => i), 10, { orphans: 3 })
    assert.equal(await p.numPages(), 3)
    assert.equal((await p.page(3)).length, 4)
  })

  test('an empty list has one empty first page by default', async () => {
    const p = new Paginator<string>([], 10)
    assert.equal(await p.numPages(), 1)
    const page = await p.page(1)
    assert.deepEqual(page.objectList, [])
    assert.equal(page.startIndex(), 0)
    assert.equal(page.endIndex(), 0)
    assert.equal(page.hasNext(), false)
  })

  test('allowEmptyFirstPage: false gives no pages for an empty list', async () => {
    const p = new Paginator<string>([], 10, { allowEmptyFirstPage: false })
    assert.equal(await p.numPages(), 0)
    assert.deepEqual(await p.pageRange(), [])
    await rejects(p.page(1), EmptyPage, 'That page contains no results')
  })

  test('perPage and orphans must be sensible integers', () => {
    assert.throws(() => new Paginator([1], 0), TypeError)
    assert.throws(() => new Paginator([1], 2.5), TypeError)
    assert.throws(() => new Paginator([1], 2, { orphans: -1 }), TypeError)
  })
})

describe('getElidedPageRange', () => {
  const p = new Paginator(Array.from({ length: 500 }, (_, i) => i), 10)

  test('elides both sides of a middle page', async () => {
    assert.deepEqual(await p.getElidedPageRange(10), [1, 2, ELLIPSIS, 7, 8, 9, 10, 11, 12, 13, ELLIPSIS, 49, 50])
  })

  test('no left gap near the start, no right gap near the end', async () => {
    assert.deepEqual(await p.getElidedPageRange(1), [1, 2, 3, 4, ELLIPSIS, 49, 50])
    assert.deepEqual(await p.getElidedPageRange(50), [1, 2, ELLIPSIS, 47, 48, 49, 50])
  })

  test('few pages are all listed', async () => {
    const small = new Paginator(Array.from({ length: 50 }, (_, i) => i), 10)
    assert.deepEqual(await small.getElidedPageRange(3), [1, 2, 3, 4, 5])
  })
})

/** A QuerySet stand-in recording the slices asked for (the real QuerySet is tested with the views). */
class FakeQuerySet implements PaginatableQuerySet<number> {
  readonly #rows: readonly number[]
  readonly #from: number
  readonly #size: number | null
  readonly log: string[]
  constructor(rows: readonly number[], log: string[], from = 0, size: number | null = null) {
    this.#rows = rows
    this.log = log
    this.#from = from
    this.#size = size
  }
  count(): Promise<number> {
    this.log.push('count')
    return Promise.resolve(this.#rows.length)
  }
  offset(n: number): FakeQuerySet {
    return new FakeQuerySet(this.#rows, this.log, n, this.#size)
  }
  limit(n: number): FakeQuerySet {
    return new FakeQuerySet(this.#rows, this.log, this.#from, n)
  }
  then<A = readonly number[], B = never>(onfulfilled?: ((value: readonly number[]) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    this.log.push(`select ${this.#from}+${String(this.#size)}`)
    const rows = this.#rows.slice(this.#from, this.#size === null ? undefined : this.#from + this.#size)
    return Promise.resolve(rows).then(onfulfilled, onrejected)
  }
}

describe('a QuerySet-shaped source', () => {
  test('counts once and fetches only the page with OFFSET/LIMIT', async () => {
    const log: string[] = []
    const p = new Paginator(new FakeQuerySet(Array.from({ length: 23 }, (_, i) => i), log), 10, { orphans: 3 })
    const page = await p.page(2)
    assert.deepEqual(page.objectList, [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22])
    await p.page(1)
    assert.deepEqual(log, ['count', 'select 10+13', 'select 0+10'])
  })
})

// The change list's pure parts: search field prefixes and term splitting, the `?o=` header links,
// the deterministic final ordering, and the elided page range.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { constructSearch, splitSearchTerms } from '../../../../framework/src/contrib/admin/changelist/search.ts'
import { deterministicOrdering, headerSort, parseOrderParam } from '../../../../framework/src/contrib/admin/changelist/ordering.ts'
import { elidedPageRange } from '../../../../framework/src/contrib/admin/changelist/pagination.ts'
import { Author, Book, Genre } from './fixtures/library/models.ts'

describe('change list search', () => {
  test('prefixes map to Django lookups, relations keep their path', () => {
    assert.equal(constructSearch('^title'), 'title__istartswith')
    assert.equal(constructSearch('=slug'), 'slug__iexact')
    assert.equal(constructSearch('@title'), 'title__icontains')
    assert.equal(constructSearch('title'), 'title__icontains')
    assert.equal(constructSearch('author__name'), 'author__name__icontains')
    assert.equal(constructSearch('author__name__exact'), 'author__name__exact')
  })

  test('terms split on whitespace, quoted phrases kept whole without quotes', () => {
    assert.deepEqual(splitSearchTerms('  dune   herbert '), ['dune', 'herbert'])
    assert.deepEqual(splitSearchTerms('"New York" pizza \'a b\''), ['New York', 'pizza', 'a b'])
    assert.deepEqual(splitSearchTerms('""'), [])
  })
})

describe('change list ordering', () => {
  test('parses ?o= keeping priority, skipping unknown, repeated and unsortable columns', () => {
    const cols = parseOrderParam('2.-1.x.2.9.3', 4, (i) => i !== 3)
    assert.deepEqual([...cols], [[2, 'asc'], [1, 'desc']])
  })

  test('header links: primary moves the column first, toggle flips it in place, remove drops it', () => {
    const cols = new Map([[2, 'asc'], [1, 'desc']] as const)
    const two = headerSort(2, cols)
    assert.deepEqual({ ...two }, { sorted: true, ascending: true, sortPriority: 1, primary: '-2.-1', remove: '-1', toggle: '-2.-1' })
    const one = headerSort(1, cols)
    assert.deepEqual({ ...one }, { sorted: true, ascending: false, sortPriority: 2, primary: '1.2', remove: '2', toggle: '2.1' })
    const three = headerSort(3, cols)
    assert.deepEqual({ ...three }, { sorted: false, ascending: false, sortPriority: 0, primary: '3.2.-1', remove: '2.-1', toggle: '2.-1' })
  })

  test('a final -pk unless the ordering is already total', () => {
    assert.deepEqual(deterministicOrdering(Book, ['title']), ['title', '-pk'])
    assert.deepEqual(deterministicOrdering(Book, ['-id']), ['-id'])
    assert.deepEqual(deterministicOrdering(Genre, ['name']), ['name'], 'a unique, non-null field is total')
    assert.deepEqual(deterministicOrdering(Book, ['author']), ['author', '-pk'], 'a foreign key orders by the related model')
    assert.deepEqual(deterministicOrdering(Author, ['?']), ['?'])
  })
})

describe('change list pagination', () => {
  test('elided page range: all pages when few, else ends and neighbours', () => {
    assert.deepEqual(elidedPageRange(1, 5), [1, 2, 3, 4, 5])
    assert.deepEqual(elidedPageRange(1, 50), [1, 2, 3, 4, null, 49, 50])
    assert.deepEqual(elidedPageRange(25, 50), [1, 2, null, 22, 23, 24, 25, 26, 27, 28, null, 49, 50])
    assert.deepEqual(elidedPageRange(50, 50), [1, 2, null, 47, 48, 49, 50])
  })
})

/**
 * The change list's search (Django's `ModelAdmin.get_search_results`): the term is split on
 * whitespace (quoted phrases kept whole), and every term must match at least one of the
 * `searchFields` (an AND of ORs). Field prefixes, as Django's:
 *
 * | prefix | lookup |
 * |---|---|
 * | `^name` | `istartswith` |
 * | `=name` | `iexact` |
 * | `@name` | full-text search in Django; `icontains` here (both databases) |
 * | `name` | `icontains` |
 *
 * Paths cross relations (`author__name`). A path through a many-to-many or reverse relation may
 * match one row several times in SQL with joins; Tango's ORM compiles those lookups to `EXISTS`
 * subqueries, so each row still comes back once, and `mayHaveDuplicates` only reports it.
 *
 * @module
 */
import { Q } from 'tango/db'
import type { AnyModel, QuerySet } from 'tango/db'
import { LOOKUP_SEP, lookupSpawnsDuplicates } from './fields.ts'

/** Django's lookups that may end a search field path as written (`'name__exact'`). */
const LOOKUPS = new Set([
  'exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'regex', 'iregex',
])

/**
 * The ORM lookup a search field stands for: `'^title'` → `'title__istartswith'`, `'=slug'` →
 * `'slug__iexact'`, `'@body'` → `'body__icontains'`, `'author__name'` → `'author__name__icontains'`.
 */
export function constructSearch(fieldName: string): string {
  if (fieldName.startsWith('^')) return `${fieldName.slice(1)}__istartswith`
  if (fieldName.startsWith('=')) return `${fieldName.slice(1)}__iexact`
  if (fieldName.startsWith('@')) return `${fieldName.slice(1)}__icontains`
  const last = fieldName.split(LOOKUP_SEP).at(-1) ?? ''
  return fieldName.includes(LOOKUP_SEP) && LOOKUPS.has(last) ? fieldName : `${fieldName}__icontains`
}

/**
 * Splits a search term as Django's `smart_split` + `unescape_string_literal`: on whitespace,
 * keeping `"quoted phrases"` and `'quoted phrases'` as one term without their quotes.
 * @example splitSearchTerms('"New York" pizza') // ['New York', 'pizza']
 */
export function splitSearchTerms(term: string): string[] {
  const out: string[] = []
  const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g
  for (const m of term.matchAll(re)) {
    const quoted = m[1] ?? m[2]
    const bit = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : m[3]!
    if (bit) out.push(bit)
  }
  return out
}

/** What {@link searchQueryset} returns. */
export interface SearchResults<M extends AnyModel> {
  readonly queryset: QuerySet<M>
  /** True when a searched path crosses a many-valued relation (Django's `may_have_duplicates`). */
  readonly mayHaveDuplicates: boolean
}

/**
 * Narrows `queryset` to the rows matching `term` over `searchFields` (see the module doc).
 * An empty term or no search fields returns the queryset unchanged.
 * @param model - the model searched (for relation checks).
 * @param queryset - the rows to search.
 * @param searchFields - Django's `search_fields` (with `^` `=` `@` prefixes).
 * @param term - the user's search text (`?q=`).
 * @throws FieldError (when the query runs) for an unknown field path.
 */
export function searchQueryset<M extends AnyModel>(model: AnyModel, queryset: QuerySet<M>, searchFields: readonly string[], term: string): SearchResults<M> {
  if (!searchFields.length || !term.trim()) return { queryset, mayHaveDuplicates: false }
  const lookups = searchFields.map(constructSearch)
  let qs = queryset
  for (const bit of splitSearchTerms(term)) {
    qs = qs.filter(Q.or(...lookups.map((lookup) => Q({ [lookup]: bit }))))
  }
  const mayHaveDuplicates = lookups.some((l) => lookupSpawnsDuplicates(model, l))
  return { queryset: qs, mayHaveDuplicates }
}

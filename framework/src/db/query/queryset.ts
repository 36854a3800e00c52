/**
 * `QuerySet<M>`: a lazy, immutable, chainable description of a query on model `M` (Django's
 * `QuerySet`). Nothing runs until it is awaited, iterated with `for await`, or a terminal method
 * (`get count exists aggregate update delete ...`) is called. Every chaining method returns a new
 * QuerySet (of the same subclass, so custom QuerySet methods survive chaining).
 *
 * @module
 */
import type { UntypedDatabase } from '../backends/base/types.ts'
import type { SelectQueryBuilder } from 'kysely'
import type { AnyModel, Filter, OrderField, Row } from '../models/types.ts'
import { ObjectDoesNotExist, MultipleObjectsReturned } from '../errors.ts'
import type { Aggregate } from './expressions.ts'
import { compileAggregate, compileColumnSubquery, compileCount, compileSelect, compileUpdate, compileValues, effectiveOrdering, type Compiled, type QueryState } from './compiler.ts'
import { runSql } from './execute.ts'
import { compileCached } from './compiled-cache.ts'
import { Q, QNode, type QConditions } from './q.ts'
import { connectionFor, kyselyFor } from './runtime.ts'
import { SqlContext, type Scope } from './scope.ts'
import type { ValuesRow } from './types.ts'
import { prefetchRelatedObjects } from './prefetch.ts'
import { bulkCreate, bulkUpdate, type BulkCreateOptions } from './bulk.ts'
import { Collector, type DeleteResult } from './deletion.ts'
import { getOrCreate, updateOrCreate, createObject } from './create.ts'

/** A `filter()` / `exclude()` argument: typed lookups or a `Q` tree. */
export type FilterArg<M extends AnyModel> = Filter<M> | QNode

/** Django caps `get()`'s fetch to report "more than 20". */
const MAX_GET_RESULTS = 21

function toQ(args: readonly (QConditions | QNode)[]): QNode {
  const nodes = args.map((a) => (a instanceof QNode ? a : Q(a)))
  return nodes.length === 1 ? nodes[0]! : new QNode('AND', nodes)
}

function emptyState(model: AnyModel): QueryState {
  return {
    model, using: null, where: [], ordering: null, distinct: false, limit: null, offset: 0, selectRelated: [],
    prefetch: [], annotations: {}, values: null, forUpdate: false, empty: false,
  }
}

/**
 * A query on model `M` yielding `R` (instances by default; plain objects after `values()`).
 * Await it for an array; `for await` streams it in chunks.
 *
 * @example
 * const latest = await Question.objects.filter({ pubDate__lte: new Date() }).orderBy('-pubDate').limit(5)
 */
export class QuerySet<in out M extends AnyModel, out R = Row<M>> implements PromiseLike<R[]>, AsyncIterable<R> {
  // `in out` (invariant, as tsc measured it anyway) is declared so tsc never measures it: measuring
  // walks Row<M> -> FK accessor -> Row<TargetOf<M, ...>> -> ... without end (TargetOf<M, 'self'> is M
  // again) and overflowed the stack in tsc 5.9 (`outofbandVarianceMarkerHandler`).
  readonly #model: M
  readonly #state: QueryState
  #compiled: Compiled<R> | null = null
  #resultCache: readonly R[] | null = null

  /**
   * @param model - the model queried.
   * @param state - @internal the query state (omit for "all rows").
   */
  constructor(model: M, state?: QueryState) {
    this.#model = model
    this.#state = state ?? emptyState(model)
  }

  /**
   * @internal A copy that yields `rows` without querying (Django's `_result_cache`): related
   * managers return it for relations loaded by `prefetchRelated`. Chaining from it queries again.
   */
  withResultCache(rows: readonly R[]): this {
    const copy = this.clone<R>({}) as this
    copy.#resultCache = rows
    return copy
  }

  /** The model queried. */
  get model(): M {
    return this.#model
  }

  /** @internal The plain query state. */
  get state(): QueryState {
    return this.#state
  }

  /** The database alias this QuerySet runs on (`null`: default, or the router's choice). */
  get db(): string {
    return this.#state.using ?? 'default'
  }

  /** @internal A copy with `patch` applied, of the same class (custom QuerySet methods survive). */
  protected clone<R2 = R>(patch: Partial<QueryState>): QuerySet<M, R2> {
    const Ctor = this.constructor as new (model: M, state: QueryState) => QuerySet<M, R2>
    return new Ctor(this.#model, Object.freeze({ ...this.#state, ...patch }))
  }

  /** A copy of this QuerySet (Django's `all()`). */
  all(): this {
    return this.clone<R>({}) as this
  }

  /**
   * Rows matching every lookup (ANDed), as Django's `filter()`: `{ votes__gte: 5 }`, spans
   * `{ question__pubDate__year: 2024 }`, reverse/many-to-many `{ choices__votes__gt: 0 }` (EXISTS),
   * or `Q` trees. Several arguments are ANDed.
   * @throws FieldError (when run) for an unknown field or lookup.
   */
  filter(...args: readonly FilterArg<M>[]): this {
    if (!args.length) return this.all()
    return this.clone<R>({ where: [...this.#state.where, toQ(args as readonly QConditions[])] }) as this
  }

  /** Rows not matching (Django's `exclude()`: `NOT (a AND b)`, keeping rows where a nullable column is NULL). */
  exclude(...args: readonly FilterArg<M>[]): this {
    if (!args.length) return this.all()
    return this.clone<R>({ where: [...this.#state.where, toQ(args as readonly QConditions[]).not()] }) as this
  }

  /** Orders by fields (`'-pubDate'` descending, `'question__pubDate'` across relations, `'?'` random). No argument: no ordering at all. */
  orderBy(...fields: readonly (OrderField<M> | string)[]): this {
    return this.clone<R>({ ordering: [...fields] }) as this
  }

  /** Reverses the ordering (Django's `reverse()`); unordered QuerySets order by `-pk`. */
  reverse(): this {
    const ordering = effectiveOrdering(this.#state)
    const list = ordering.length ? ordering : ['pk']
    return this.clone<R>({ ordering: list.map((o) => (o === '?' ? o : o.startsWith('-') ? o.slice(1) : `-${o}`)) }) as this
  }

  /** `SELECT DISTINCT`. */
  distinct(): this {
    return this.clone<R>({ distinct: true }) as this
  }

  /** At most `n` rows (Django's `qs[:n]`). */
  limit(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`limit() takes a non-negative integer, got ${n}`)
    return this.clone<R>({ limit: n }) as this
  }

  /** Skips `n` rows (Django's `qs[n:]`). */
  offset(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`offset() takes a non-negative integer, got ${n}`)
    return this.clone<R>({ offset: n }) as this
  }

  /** Follows forward foreign keys in the same query (JOIN), filling `await choice.question`'s cache. No argument: every non-null FK. */
  selectRelated(...paths: readonly string[]): this {
    const prev = this.#state.selectRelated
    return this.clone<R>({ selectRelated: paths.length ? [...(prev === true ? [] : prev), ...paths] : true }) as this
  }

  /** Loads reverse FK, many-to-many (or forward FK) relations with one extra query each, after the main query. */
  prefetchRelated(...names: readonly string[]): this {
    return this.clone<R>({ prefetch: [...this.#state.prefetch, ...names] }) as this
  }

  /** Adds an aggregate per row: `annotate({ n: Count('choices') })` sets `row.n`. Usable in filter/orderBy/values. */
  annotate(aggregates: Readonly<Record<string, Aggregate>>): this {
    return this.clone<R>({ annotations: { ...this.#state.annotations, ...aggregates } }) as this
  }

  /** Runs on the database `alias` (a `DATABASES` key). */
  using(alias: string): this {
    return this.clone<R>({ using: alias }) as this
  }

  /** A QuerySet that matches nothing (and runs no query when awaited). */
  none(): this {
    return this.clone<R>({ empty: true }) as this
  }

  /** `SELECT ... FOR UPDATE` on PostgreSQL; a no-op on SQLite, whose writers already lock the whole database. */
  selectForUpdate(): this {
    return this.clone<R>({ forUpdate: true }) as this
  }

  /** Plain objects keyed by the given paths (all concrete fields by attribute name when none). */
  values<K extends string>(...fields: readonly K[]): QuerySet<M, { [P in K]: unknown } & ValuesRow> {
    return this.clone({ values: { fields, kind: 'objects' } })
  }

  /** Arrays of the given paths' values; `{ flat: true }` with one field gives the values themselves. */
  valuesList(...args: readonly (string | { readonly flat?: boolean })[]): QuerySet<M, unknown> {
    const last = args[args.length - 1]
    const flat = typeof last === 'object' && last.flat === true
    const fields = args.filter((a): a is string => typeof a === 'string')
    if (flat && fields.length !== 1) throw new TypeError("'flat' is only valid with one field")
    return this.clone({ values: { fields, kind: flat ? 'flat' : 'list' } })
  }

  // ------------------------------------------------------------------------- evaluation ---

  #ctx(): SqlContext {
    const conn = connectionFor(this.#state.using)
    return new SqlContext(conn.vendor, conn.ops)
  }

  /** @internal The compiled SELECT (made once per QuerySet and reused). */
  compile(): Compiled<R> {
    if (!this.#compiled) {
      const ctx = this.#ctx()
      // Cached by shape: rebuilding the same query per request only binds its new values.
      this.#compiled = compileCached<R>(this.#state, ctx, this.#state.values ? compileValues : compileSelect)
    }
    return this.#compiled
  }

  /** @internal Writes this QuerySet as a one-column subquery (`x__in: qs`). */
  compileSubquery(scope: Scope): string {
    return compileColumnSubquery(this.#state, scope.ctx)
  }

  /** The SQL and parameters this QuerySet runs (Django's `str(qs.query)`, with parameters apart). */
  sql(): { sql: string; params: readonly unknown[] } {
    const { sql, params } = this.compile()
    return { sql, params }
  }

  async #fetch(): Promise<R[]> {
    if (this.#resultCache) return [...this.#resultCache]
    if (this.#state.empty) return []
    const c = this.compile()
    const { rows } = await runSql(this.#state.using, c.sql, c.params)
    const out = c.read(rows)
    if (this.#state.prefetch.length && !this.#state.values) {
      await prefetchRelatedObjects(this.#model, out as object[], this.#state.prefetch, this.#state.using)
    }
    return out
  }

  /** Awaiting a QuerySet runs it (`const rows = await qs`). Not a Promise: chaining stays lazy. */
  then<T1 = R[], T2 = never>(onfulfilled?: ((value: R[]) => T1 | PromiseLike<T1>) | null, onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null): Promise<T1 | T2> {
    return this.#fetch().then(onfulfilled, onrejected)
  }

  /**
   * Streams rows in chunks of `chunkSize` (default 2000) with LIMIT/OFFSET over a stable ordering
   * (the QuerySet's, plus the primary key), so memory stays bounded and the connection is free
   * between chunks (queries inside the loop body work, even on SQLite).
   */
  async *iterator(options: { readonly chunkSize?: number } = {}): AsyncGenerator<R, void, undefined> {
    const size = options.chunkSize ?? 2000
    if (!(size > 0)) throw new TypeError('chunkSize must be positive')
    const ordering = effectiveOrdering(this.#state)
    const stable = ordering.some((o) => o === 'pk' || o === '-pk' || o.replace(/^-/, '') === this.#model._meta.pk) ? ordering : [...ordering, 'pk']
    const base = this.clone<R>({ ordering: stable })
    const end = this.#state.limit === null ? Infinity : this.#state.offset + this.#state.limit
    for (let offset = this.#state.offset; offset < end; offset += size) {
      const chunk = await base.clone<R>({ offset, limit: Math.min(size, end - offset) })
      yield* chunk
      if (chunk.length < size) return
    }
  }

  /** `for await (const row of qs)`: {@link QuerySet.iterator} with the default chunk size. */
  [Symbol.asyncIterator](): AsyncIterator<R> {
    return this.iterator()
  }

  /**
   * The one row matching (Django's `get()`).
   * @throws `M.DoesNotExist` (an `ObjectDoesNotExist`) when none; `M.MultipleObjectsReturned` when several.
   */
  async get(...args: readonly FilterArg<M>[]): Promise<R> {
    const qs = this.filter(...args)
    // A sliced QuerySet keeps its slice and ordering (Django only limits what can still be filtered).
    const sliced = qs.#state.limit !== null || qs.#state.offset > 0
    const rows = await (sliced ? qs : qs.clone<R>({ limit: MAX_GET_RESULTS, ordering: [] }))
    const name = this.#model._meta.name
    if (rows.length === 1) return rows[0]!
    if (rows.length === 0) {
      const Err = this.#model.DoesNotExist ?? ObjectDoesNotExist
      throw new Err(`${name} matching query does not exist.`)
    }
    const Err = this.#model.MultipleObjectsReturned ?? MultipleObjectsReturned
    throw new Err(`get() returned more than one ${name} -- it returned ${rows.length === MAX_GET_RESULTS ? 'more than 20' : rows.length}!`)
  }

  /** The first row (ordered by pk when unordered), or `null`. */
  async first(): Promise<R | null> {
    const qs = effectiveOrdering(this.#state).length ? this : this.orderBy('pk')
    return (await qs.clone<R>({ limit: 1 }))[0] ?? null
  }

  /** The last row (the reversed ordering's first), or `null`. */
  async last(): Promise<R | null> {
    return (await this.reverse().clone<R>({ limit: 1 }))[0] ?? null
  }

  /** The row with the greatest `fields` (Django's `latest()`). @throws DoesNotExist when empty. */
  async latest(...fields: readonly string[]): Promise<R> {
    return this.orderBy(...fields.map((f) => (f.startsWith('-') ? f.slice(1) : `-${f}`))).limit(1).get()
  }

  /** The row with the smallest `fields` (Django's `earliest()`). @throws DoesNotExist when empty. */
  async earliest(...fields: readonly string[]): Promise<R> {
    return this.orderBy(...fields).limit(1).get()
  }

  /** Whether any row matches (`SELECT ... LIMIT 1`). */
  async exists(): Promise<boolean> {
    if (this.#resultCache) return this.#resultCache.length > 0
    if (this.#state.empty) return false
    const ctx = this.#ctx()
    const sql = compileColumnSubquery({ ...this.#state, values: null, limit: 1, ordering: [] }, ctx)
    return (await runSql(this.#state.using, sql, ctx.params)).rows.length > 0
  }

  /** The number of rows (`COUNT(*)`, over a subquery when sliced or distinct). */
  async count(): Promise<number> {
    if (this.#resultCache) return this.#resultCache.length
    if (this.#state.empty) return 0
    const ctx = this.#ctx()
    const sql = compileCount(this.#state, ctx)
    const { rows } = await runSql(this.#state.using, sql, ctx.params)
    return Number(rows[0]?.['n'] ?? 0)
  }

  /**
   * Aggregates over the whole QuerySet: `aggregate({ total: Sum('votes'), n: Count('id') })` →
   * `{ total: 12, n: 3 }` (`null` sums and averages over no rows, as SQL).
   */
  async aggregate<K extends string>(aggregates: Readonly<Record<K, Aggregate>>): Promise<Record<K, unknown>> {
    const ctx = this.#ctx()
    const c = compileAggregate(this.#state, ctx, aggregates)
    const { rows } = this.#state.empty ? { rows: [{}] } : await runSql(this.#state.using, c.sql, c.params)
    return c.read(rows)[0] as Record<K, unknown>
  }

  /**
   * Updates every matching row in one statement; values may be `F()` expressions
   * (`update({ votes: F('votes').add(1) })`). Sends no signals and calls no `save()` (as Django).
   * @returns the number of rows matched.
   */
  async update(values: Readonly<Record<string, unknown>>): Promise<number> {
    if (this.#state.limit !== null || this.#state.offset) throw new TypeError('Cannot update a query once a slice has been taken.')
    if (this.#state.empty) return 0
    const ctx = this.#ctx()
    const sql = compileUpdate(this.#state, ctx, values)
    return (await runSql(this.#state.using, sql, ctx.params)).affected
  }

  /**
   * Deletes every matching row, following each relation's `onDelete` (see `Collector`), sending
   * `preDelete`/`postDelete`, all in one transaction.
   * @returns `{ count, perModel: { 'app.Model': n } }`.
   * @throws ProtectedError / RestrictedError.
   */
  async delete(): Promise<DeleteResult> {
    if (this.#state.limit !== null || this.#state.offset) throw new TypeError('Cannot use limit/offset with delete().')
    const objs = (await this.clone<object>({ values: null, selectRelated: [], prefetch: [], ordering: [] })) as object[]
    const collector = new Collector(this.#state.using)
    await collector.collect(this.#model, objs)
    return collector.delete()
  }

  /** The rows whose `fieldName` (default the primary key) is in `ids`, as a Map by that value. */
  async inBulk(ids?: readonly unknown[], options: { readonly fieldName?: string } = {}): Promise<Map<unknown, R>> {
    const fieldName = options.fieldName ?? this.#model._meta.pk
    if (ids && ids.length === 0) return new Map()
    const qs = ids ? this.filter(Q({ [`${fieldName}__in`]: ids })) : this
    const rows = await qs
    return new Map(rows.map((r) => [(r as Record<string, unknown>)[fieldName === 'pk' ? this.#model._meta.pk : fieldName], r]))
  }

  /** The database's plan for this query (`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` on PostgreSQL), one line per row. */
  async explain(): Promise<string> {
    const c = this.compile()
    const vendor = connectionFor(this.#state.using).vendor
    const { rows } = await runSql(this.#state.using, `${vendor === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN'} ${c.sql}`, c.params)
    return rows.map((r) => (vendor === 'sqlite' ? String(r['detail']) : Object.values(r).join(' '))).join('\n')
  }

  // ----------------------------------------------------------------------------- writes ---

  /** Creates and saves an instance (`new M(values).save({ forceInsert: true })`). */
  async create(values: Readonly<Record<string, unknown>>): Promise<Row<M>> {
    return createObject(this.#model, values, this.#state.using)
  }

  /** `[instance, created]`: gets the row matching `lookup`, else creates it from `lookup` + `defaults` (Django's `get_or_create`). */
  async getOrCreate(lookup: Filter<M>, defaults: Readonly<Record<string, unknown>> = {}): Promise<[Row<M>, boolean]> {
    return getOrCreate(this as unknown as QuerySet<M, Row<M>>, lookup as QConditions, defaults)
  }

  /** `[instance, created]`: updates the row matching `lookup` with `defaults`, else creates it (Django's `update_or_create`). */
  async updateOrCreate(lookup: Filter<M>, defaults: Readonly<Record<string, unknown>> = {}): Promise<[Row<M>, boolean]> {
    return updateOrCreate(this as unknown as QuerySet<M, Row<M>>, lookup as QConditions, defaults)
  }

  /** Inserts many rows with one multi-row INSERT per batch (defaults filled in JavaScript); returns the instances with their keys. No signals, as Django. */
  async bulkCreate(objs: readonly (Readonly<Record<string, unknown>> | Row<M>)[], options: BulkCreateOptions = {}): Promise<Row<M>[]> {
    return bulkCreate(this.#model, objs as readonly object[], options, this.#state.using) as Promise<Row<M>[]>
  }

  /** Updates `fields` of many instances with one `CASE` UPDATE per batch; returns the number of rows updated. */
  async bulkUpdate(objs: readonly Row<M>[], fields: readonly string[], options: { readonly batchSize?: number } = {}): Promise<number> {
    return bulkUpdate(this.#model, objs as readonly object[], fields, options, this.#state.using)
  }

  /** The kysely builder on the model's table (the typed escape hatch; runs in the open transaction). */
  qb(): SelectQueryBuilder<UntypedDatabase, string, object> {
    return kyselyFor(this.#state.using).selectFrom(this.#model._meta.dbTable)
  }
}

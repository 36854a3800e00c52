/**
 * `Manager<M>`: what `M.objects` is (Django's `Manager`). It makes QuerySets (`getQuerySet()`)
 * and proxies their methods, so `Question.objects.filter(...)` is `Question.objects.all().filter(...)`.
 *
 * Custom managers, as in Django:
 * - subclass and override `getQuerySet()` to change the base set (`PublishedManager`);
 * - add methods to a QuerySet subclass and make a manager from it with
 *   {@link Manager.fromQuerySet} (Django's `Manager.from_queryset` / `QuerySet.as_manager`): the
 *   methods are then available on the manager and on every QuerySet chained from it.
 *
 * @example
 * class QuestionQuerySet extends QuerySet<typeof Question> {
 *   published() { return this.filter({ pubDate__lte: new Date() }) }
 * }
 * const QuestionManager = Manager.fromQuerySet(QuestionQuerySet)
 * const questions = new QuestionManager(Question)
 * await questions.published().orderBy('-pubDate')
 *
 * @module
 */
import type { RawBuilder } from 'kysely'
import type { AnyModel, Filter, OrderField, Row } from '../models/types.ts'
import type { Aggregate } from './expressions.ts'
import type { QueryState } from './compiler.ts'
import { QuerySet, type FilterArg } from './queryset.ts'
import type { BulkCreateOptions } from './bulk.ts'
import type { DeleteResult } from './deletion.ts'
import { RawQuerySet } from './raw.ts'

/** A QuerySet class (`QuerySet` or a subclass) as `fromQuerySet` takes it. */
export type QuerySetClass<M extends AnyModel, QS extends QuerySet<M>> = new (model: M, state?: QueryState) => QS

/** The methods a QuerySet subclass adds over `QuerySet`. */
export type ExtraMethods<QS> = Omit<QS, keyof QuerySet<AnyModel>>

/** The manager of model `M`, whose QuerySets are `QS`. */
export class Manager<in out M extends AnyModel, out QS extends QuerySet<M> = QuerySet<M>> {
  // `in out` (invariant, as tsc measured it anyway) is declared so tsc never measures it: measuring
  // walks Row<M> -> FK accessor -> Row<TargetOf<M, ...>> -> ... without end (TargetOf<M, 'self'> is M
  // again) and overflowed the stack in tsc 5.9 (`outofbandVarianceMarkerHandler`).
  /** The model managed. */
  readonly model: M

  /** @param model - the model (`defineModel` makes `M.objects = new Manager(M)`). */
  constructor(model: M) {
    this.model = model
  }

  /** The base QuerySet every other method starts from (Django's `get_queryset`); override to narrow it. */
  getQuerySet(): QS {
    return new QuerySet(this.model) as QS
  }

  /** Every row (a QuerySet). */
  all(): QS { return this.getQuerySet() }
  /** See {@link QuerySet.filter}. */
  filter(...args: readonly FilterArg<M>[]): QS { return this.getQuerySet().filter(...args) }
  /** See {@link QuerySet.exclude}. */
  exclude(...args: readonly FilterArg<M>[]): QS { return this.getQuerySet().exclude(...args) }
  /** See {@link QuerySet.orderBy}. */
  orderBy(...fields: readonly (OrderField<M> | string)[]): QS { return this.getQuerySet().orderBy(...fields) }
  /** See {@link QuerySet.distinct}. */
  distinct(): QS { return this.getQuerySet().distinct() }
  /** See {@link QuerySet.limit}. */
  limit(n: number): QS { return this.getQuerySet().limit(n) }
  /** See {@link QuerySet.offset}. */
  offset(n: number): QS { return this.getQuerySet().offset(n) }
  /** See {@link QuerySet.selectRelated}. */
  selectRelated(...paths: readonly string[]): QS { return this.getQuerySet().selectRelated(...paths) }
  /** See {@link QuerySet.prefetchRelated}. */
  prefetchRelated(...names: readonly string[]): QS { return this.getQuerySet().prefetchRelated(...names) }
  /** See {@link QuerySet.annotate}. */
  annotate(aggregates: Readonly<Record<string, Aggregate>>): QS { return this.getQuerySet().annotate(aggregates) }
  /** See {@link QuerySet.using}. */
  using(alias: string): QS { return this.getQuerySet().using(alias) }
  /** See {@link QuerySet.none}. */
  none(): QS { return this.getQuerySet().none() }
  /** See {@link QuerySet.selectForUpdate}. */
  selectForUpdate(): QS { return this.getQuerySet().selectForUpdate() }
  /** See {@link QuerySet.values}. */
  values<K extends string>(...fields: readonly K[]): QuerySet<M, { [P in K]: unknown } & Record<string, unknown>> { return this.getQuerySet().values(...fields) }
  /** See {@link QuerySet.valuesList}. */
  valuesList(...args: readonly (string | { readonly flat?: boolean })[]): QuerySet<M, unknown> { return this.getQuerySet().valuesList(...args) }
  /** See {@link QuerySet.get}. */
  get(...args: readonly FilterArg<M>[]): Promise<Row<M>> { return this.getQuerySet().get(...args) }
  /** See {@link QuerySet.first}. */
  first(): Promise<Row<M> | null> { return this.getQuerySet().first() }
  /** See {@link QuerySet.last}. */
  last(): Promise<Row<M> | null> { return this.getQuerySet().last() }
  /** See {@link QuerySet.latest}. */
  latest(...fields: readonly string[]): Promise<Row<M>> { return this.getQuerySet().latest(...fields) }
  /** See {@link QuerySet.earliest}. */
  earliest(...fields: readonly string[]): Promise<Row<M>> { return this.getQuerySet().earliest(...fields) }
  /** See {@link QuerySet.exists}. */
  exists(): Promise<boolean> { return this.getQuerySet().exists() }
  /** See {@link QuerySet.count}. */
  count(): Promise<number> { return this.getQuerySet().count() }
  /** See {@link QuerySet.aggregate}. */
  aggregate<K extends string>(aggregates: Readonly<Record<K, Aggregate>>): Promise<Record<K, unknown>> { return this.getQuerySet().aggregate(aggregates) }
  /** See {@link QuerySet.create}. */
  create(values: Readonly<Record<string, unknown>>): Promise<Row<M>> { return this.getQuerySet().create(values) }
  /** See {@link QuerySet.getOrCreate}. */
  getOrCreate(lookup: Filter<M>, defaults?: Readonly<Record<string, unknown>>): Promise<[Row<M>, boolean]> { return this.getQuerySet().getOrCreate(lookup, defaults) }
  /** See {@link QuerySet.updateOrCreate}. */
  updateOrCreate(lookup: Filter<M>, defaults?: Readonly<Record<string, unknown>>): Promise<[Row<M>, boolean]> { return this.getQuerySet().updateOrCreate(lookup, defaults) }
  /** See {@link QuerySet.bulkCreate}. */
  bulkCreate(objs: readonly (Readonly<Record<string, unknown>> | Row<M>)[], options?: BulkCreateOptions): Promise<Row<M>[]> { return this.getQuerySet().bulkCreate(objs, options) }
  /** See {@link QuerySet.bulkUpdate}. */
  bulkUpdate(objs: readonly Row<M>[], fields: readonly string[], options?: { readonly batchSize?: number }): Promise<number> { return this.getQuerySet().bulkUpdate(objs, fields, options) }
  /** See {@link QuerySet.update}. */
  update(values: Readonly<Record<string, unknown>>): Promise<number> { return this.getQuerySet().update(values) }
  /** Deletes every row of the base QuerySet; see {@link QuerySet.delete}. */
  delete(): Promise<DeleteResult> { return this.getQuerySet().delete() }
  /** See {@link QuerySet.inBulk}. */
  inBulk(ids?: readonly unknown[], options?: { readonly fieldName?: string }): Promise<Map<unknown, Row<M>>> { return this.getQuerySet().inBulk(ids, options) }
  /** See {@link QuerySet.qb}. */
  qb(): ReturnType<QuerySet<M>['qb']> { return this.getQuerySet().qb() }

  /**
   * Instances of `M` from raw SQL with bound parameters only: a kysely `sql` template, or text with
   * `?` placeholders (`$1` also on PostgreSQL) and `params`.
   * @example
   * await Question.objects.raw('SELECT * FROM polls_question WHERE id > ?', [10])
   * await Question.objects.raw(sql`SELECT * FROM polls_question WHERE id > ${10}`)
   */
  raw(query: string | RawBuilder<unknown>, params: readonly unknown[] = []): RawQuerySet<M> {
    return new RawQuerySet(this.model, query, params, null)
  }

  /**
   * A Manager class whose QuerySets are `qsClass` and which also exposes `qsClass`'s own methods
   * (Django's `Manager.from_queryset`).
   */
  static fromQuerySet<M extends AnyModel, QS extends QuerySet<M>>(qsClass: QuerySetClass<M, QS>): new (model: M) => Manager<M, QS> & ExtraMethods<QS> {
    class FromQuerySet extends Manager<M, QS> {
      override getQuerySet(): QS {
        return new qsClass(this.model)
      }
    }
    for (let proto = qsClass.prototype as object; proto && proto !== QuerySet.prototype; proto = Object.getPrototypeOf(proto) as object) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (name === 'constructor' || name in FromQuerySet.prototype) continue
        Object.defineProperty(FromQuerySet.prototype, name, {
          configurable: true,
          writable: true,
          value(this: FromQuerySet, ...args: unknown[]) {
            const qs = this.getQuerySet() as unknown as Record<string, (...a: unknown[]) => unknown>
            return qs[name]!(...args)
          },
        })
      }
    }
    return FromQuerySet as unknown as new (model: M) => Manager<M, QS> & ExtraMethods<QS>
  }
}

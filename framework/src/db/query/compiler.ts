/**
 * Turns a QuerySet's state into SQL text and bound parameters, and rows back into instances or
 * plain values. SQL is written directly (identifiers quoted, every value bound) and run through
 * kysely's `executeQuery(CompiledQuery.raw(...))`, so a QuerySet costs one string build per
 * shape and no query-builder tree.
 *
 * @internal
 * @module
 */
import type { FieldSpec } from '../spec.ts'
import { parseCanonicalDateTime } from '../backends/base/values.ts'
import { FieldError } from '../errors.ts'
import { isExpression, type Aggregate } from './expressions.ts'
import { attname, concreteFields, findHop, pkField } from './meta.ts'
import type { QNode } from './q.ts'
import { makeInstance, fillRelatedCache } from './runtime.ts'
import { quote, Scope, SqlContext, type AnnotationRef } from './scope.ts'
import type { ModelClass } from './types.ts'
import { compileExpression, compileWhere, relatedFrom, subKey } from './where.ts'

/** Everything a QuerySet is: plain, frozen data (each QuerySet method copies it). */
export interface QueryState {
  readonly model: ModelClass
  readonly using: string | null
  readonly where: readonly QNode[]
  /** `null`: the model's `Meta.ordering`. */
  readonly ordering: readonly string[] | null
  readonly distinct: boolean
  readonly limit: number | null
  readonly offset: number
  /** `true`: every non-null forward FK (Django's `select_related()` with no arguments). */
  readonly selectRelated: readonly string[] | true
  readonly prefetch: readonly string[]
  readonly annotations: Readonly<Record<string, Aggregate>>
  readonly values: { readonly fields: readonly string[]; readonly kind: 'objects' | 'list' | 'flat' } | null
  readonly forUpdate: boolean
  readonly empty: boolean
}

/** A converter from a driver value to a JavaScript value. */
type Reader = (value: unknown) => unknown

/** A compiled statement: text, parameters and how to read its rows. */
export interface Compiled<R> {
  readonly sql: string
  readonly params: readonly unknown[]
  readonly read: (rows: readonly Record<string, unknown>[]) => R[]
}

/**
 * Reads one column. Date-times take the backends' offset parser for Django's stored text
 * `YYYY-MM-DD HH:MM:SS[.ffffff]` first (several times cheaper than the general parser, and dates
 * dominate row decoding); anything else goes to `ops.fromDb`.
 */
function fieldReader(ctx: SqlContext, field: FieldSpec): Reader {
  const ops = ctx.ops
  if (field.type === 'DateTimeField') {
    return (v) => (typeof v === 'string' ? (parseCanonicalDateTime(v) ?? ops.fromDb(field, v)) : ops.fromDb(field, v))
  }
  // Text columns come back as strings from both drivers: nothing to convert.
  if (field.type === 'CharField' || field.type === 'TextField' || field.type === 'SlugField' || field.type === 'EmailField' || field.type === 'URLField') {
    return (v) => v ?? null
  }
  return (v) => ops.fromDb(field, v)
}

function aggregateReader(ctx: SqlContext, agg: Aggregate, field: FieldSpec | null): Reader {
  if (agg.fn === 'COUNT') return (v) => Number(v ?? 0)
  if (agg.fn === 'AVG') return (v) => (v === null || v === undefined ? null : Number(v))
  if (field && (agg.fn === 'MIN' || agg.fn === 'MAX')) return fieldReader(ctx, field)
  if (field?.type === 'DecimalField') return (v) => (v === null || v === undefined ? null : String(v))
  if (field?.type === 'BigIntegerField') return (v) => (v === null || v === undefined ? null : BigInt(v as string))
  return (v) => (v === null || v === undefined ? null : Number(v))
}

/** Builds the root scope with the state's annotations registered (and their readers). */
export function rootScope(state: QueryState, ctx: SqlContext): { scope: Scope; readers: Map<string, Reader> } {
  const annotations = new Map<string, AnnotationRef>()
  const readers = new Map<string, Reader>()
  const scope = new Scope(state.model, state.model._meta.dbTable, ctx, annotations)
  for (const [name, agg] of Object.entries(state.annotations)) {
    const { sql, field } = annotationSql(scope, agg)
    annotations.set(name, { sql })
    readers.set(name, aggregateReader(ctx, agg, field))
  }
  return { scope, readers }
}

/**
 * SQL of an `annotate()` aggregate: a correlated subquery over the first multi-valued relation
 * of its path (`Count('choices')` → `(SELECT COUNT(...) FROM choice WHERE question_id = q.id)`),
 * which keeps the outer query free of GROUP BY and its duplicates.
 */
function annotationSql(scope: Scope, agg: Aggregate): { sql: string; field: FieldSpec | null } {
  const distinct = agg.distinct ? 'DISTINCT ' : ''
  if (agg.path === '*') return { sql: '1', field: null }
  const ref = scope.resolve(agg.path.split('__'), 'exists')
  if (ref.kind === 'column') {
    if (ref.rest.length) throw new FieldError(`Cannot aggregate over '${agg.path}'`)
    return { sql: agg.fn === 'COUNT' ? `(CASE WHEN ${ref.sql} IS NULL THEN 0 ELSE 1 END)` : ref.sql, field: ref.field }
  }
  const sub = new Scope(ref.hop.target, scope.ctx.alias(), scope.ctx)
  const inner = sub.resolve(subKey(ref).split('__'), 'join')
  if (inner.kind !== 'column' || inner.rest.length) throw new FieldError(`Cannot aggregate over '${agg.path}'`)
  const { from, corr } = relatedFrom(ref, sub)
  return { sql: `(SELECT ${agg.fn}(${distinct}${inner.sql}) FROM ${from} WHERE ${corr})`, field: inner.field }
}

/** WHERE clause text (with leading space) or `''`. */
function whereClause(state: QueryState, scope: Scope): string {
  if (state.empty) return ' WHERE 1=0'
  if (!state.where.length) return ''
  const parts = state.where.map((q) => compileWhere(scope, q))
  return ` WHERE ${parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' AND ')}`
}

/** The effective ordering: explicit, else `Meta.ordering`. */
export function effectiveOrdering(state: QueryState): readonly string[] {
  return state.ordering ?? state.model._meta.ordering
}

function orderClause(state: QueryState, scope: Scope): string {
  const ordering = effectiveOrdering(state)
  if (!ordering.length) return ''
  const items = ordering.map((o) => {
    if (o === '?') return 'RANDOM()'
    const desc = o.startsWith('-')
    const path = desc || o.startsWith('+') ? o.slice(1) : o
    const ref = scope.resolve(path.split('__'), 'join')
    if (ref.kind !== 'column' || ref.rest.length) throw new FieldError(`Cannot order by '${o}'`)
    return `${ref.sql}${desc ? ' DESC' : ' ASC'}`
  })
  return ` ORDER BY ${items.join(', ')}`
}

function limitClause(state: QueryState, ctx: SqlContext): string {
  if (state.limit === null && !state.offset) return ''
  const limit = state.limit ?? (ctx.vendor === 'sqlite' ? -1 : null)
  return `${limit === null ? '' : ` LIMIT ${limit}`}${state.offset ? ` OFFSET ${state.offset}` : ''}`
}

interface Block {
  readonly model: ModelClass
  readonly keys: string[]
  readonly attnames: string[]
  readonly readers: Reader[]
  /** Index of the parent block and the FK field name on it; `-1` for the root. */
  readonly parent: number
  readonly fieldName: string
  readonly pkIndex: number
}

function addBlock(ctx: SqlContext, select: string[], model: ModelClass, alias: string, parent: number, fieldName: string): Block {
  const block: Block = { model, keys: [], attnames: [], readers: [], parent, fieldName, pkIndex: 0 }
  const pkName = model._meta.pk
  let pkIndex = 0
  for (const f of concreteFields(model._meta)) {
    const key = `c${select.length}`
    select.push(`${quote(alias)}.${quote(f.column!)} AS ${key}`)
    if (f.name === pkName) pkIndex = block.keys.length
    block.keys.push(key)
    block.attnames.push(attname(f))
    block.readers.push(fieldReader(ctx, f))
  }
  return { ...block, pkIndex }
}

/** The selectRelated paths to follow: explicit, or every non-null forward FK of the model. */
function relatedPaths(state: QueryState): readonly string[] {
  if (state.selectRelated !== true) return state.selectRelated
  return state.model._meta.fields.filter((f) => (f.type === 'ForeignKey' || f.type === 'OneToOneField') && !f.null).map((f) => f.name)
}

/** `SELECT` of model instances (with `selectRelated` joins and annotations). */
export function compileSelect<R>(state: QueryState, ctx: SqlContext): Compiled<R> {
  const { scope, readers: annReaders } = rootScope(state, ctx)
  const select: string[] = []
  const blocks: Block[] = [addBlock(ctx, select, state.model, scope.alias, -1, '')]
  const aliases = new Map<string, { alias: string; block: number; model: ModelClass; nullable: boolean }>([['', { alias: scope.alias, block: 0, model: state.model, nullable: false }]])
  for (const path of relatedPaths(state)) {
    const parts = path.split('__')
    let prefix = ''
    for (const name of parts) {
      const parentInfo = aliases.get(prefix)!
      const here = prefix ? `${prefix}__${name}` : name
      if (!aliases.has(here)) {
        const hop = findHop(parentInfo.model, name)
        if (!hop || hop.kind !== 'forward') throw new FieldError(`Invalid field name(s) given in selectRelated: '${name}'. Choices are: ${parentInfo.model._meta.fields.filter((f) => f.type === 'ForeignKey' || f.type === 'OneToOneField').map((f) => f.name).join(', ')}`)
        const nullable = parentInfo.nullable || hop.field.null
        // The same key as a filter's or ordering's join on this path, so `author__name` in a search
        // reuses this join (as Django reuses aliases). An INNER join here only ever stands for a
        // non-null chain of foreign keys, where INNER and LEFT return the same rows.
        const alias = scope.join(here, hop, parentInfo.alias, !nullable)
        blocks.push(addBlock(ctx, select, hop.target, alias, parentInfo.block, name))
        aliases.set(here, { alias, block: blocks.length - 1, model: hop.target, nullable })
      }
      prefix = here
    }
  }
  const annKeys: [string, string, Reader][] = []
  for (const name of Object.keys(state.annotations)) {
    const key = `c${select.length}`
    select.push(`${scope.annotations.get(name)!.sql} AS ${key}`)
    annKeys.push([name, key, annReaders.get(name)!])
  }
  const where = whereClause(state, scope)
  const order = orderClause(state, scope)
  const sql = `SELECT${state.distinct ? ' DISTINCT' : ''} ${select.join(', ')} FROM ${scope.from()}${where}${order}${limitClause(state, ctx)}${state.forUpdate && ctx.vendor === 'postgresql' ? ' FOR UPDATE' : ''}`
  const using = state.using
  const single = blocks.length === 1 && annKeys.length === 0 ? blocks[0]! : null
  const read = (rows: readonly Record<string, unknown>[]): R[] => {
    const out: R[] = new Array(rows.length)
    if (single) {
      // The common case, kept tight: one model, no joins, no annotations.
      const { keys, attnames, readers, model } = single
      const n = keys.length
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r]!
        const values: Record<string, unknown> = {}
        for (let i = 0; i < n; i++) values[attnames[i]!] = readers[i]!(row[keys[i]!])
        out[r] = makeInstance(model, values, using) as R
      }
      return out
    }
    const made: (object | null)[] = new Array(blocks.length)
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!
      for (let b = 0; b < blocks.length; b++) {
        const block = blocks[b]!
        if (b > 0 && (row[block.keys[block.pkIndex]!] === null || made[block.parent] === null)) {
          made[b] = null
        } else {
          const values: Record<string, unknown> = {}
          for (let i = 0; i < block.keys.length; i++) values[block.attnames[i]!] = block.readers[i]!(row[block.keys[i]!])
          made[b] = makeInstance(block.model, values, state.using)
        }
        if (b > 0 && made[block.parent]) fillRelatedCache(made[block.parent]!, block.fieldName, made[b])
      }
      const inst = made[0]! as Record<string, unknown>
      for (const [name, key, reader] of annKeys) inst[name] = reader(row[key])
      out[r] = inst as R
    }
    return out
  }
  return { sql, params: ctx.params, read }
}

/** `values()` / `valuesList()`: plain objects, arrays or single values keyed by the given paths. */
export function compileValues<R>(state: QueryState, ctx: SqlContext): Compiled<R> {
  const { scope, readers: annReaders } = rootScope(state, ctx)
  const spec = state.values!
  const names = spec.fields.length ? spec.fields : [...concreteFields(state.model._meta).map(attname), ...Object.keys(state.annotations)]
  const select: string[] = []
  const readers: Reader[] = []
  for (const name of names) {
    const ref = scope.resolve(name.split('__'), 'join')
    if (ref.kind !== 'column' || ref.rest.length) throw new FieldError(`Cannot resolve keyword '${name}' into field.`)
    select.push(`${ref.sql} AS c${select.length}`)
    const field = ref.field
    readers.push(field ? fieldReader(ctx, field) : (annReaders.get(name.split('__')[0]!) ?? ((v) => v)))
  }
  const where = whereClause(state, scope)
  const order = orderClause(state, scope)
  const sql = `SELECT${state.distinct ? ' DISTINCT' : ''} ${select.join(', ')} FROM ${scope.from()}${where}${order}${limitClause(state, ctx)}`
  const n = names.length
  const read = (rows: readonly Record<string, unknown>[]): R[] =>
    rows.map((row) => {
      if (spec.kind === 'flat') return readers[0]!(row['c0']) as R
      if (spec.kind === 'list') {
        const arr: unknown[] = new Array(n)
        for (let i = 0; i < n; i++) arr[i] = readers[i]!(row[`c${i}`])
        return arr as R
      }
      const obj: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) obj[names[i]!] = readers[i]!(row[`c${i}`])
      return obj as R
    })
  return { sql, params: ctx.params, read }
}

/** `SELECT <pk or one value column> ...` for `__in` subqueries and update/delete targets. */
export function compileColumnSubquery(state: QueryState, ctx: SqlContext): string {
  const { scope } = rootScope(state, ctx)
  const column = state.values?.fields[0] ?? state.model._meta.pk
  const ref = scope.resolve(column.split('__'), 'join')
  if (ref.kind !== 'column') throw new FieldError(`Cannot use '${column}' in a subquery`)
  const where = whereClause(state, scope)
  const order = state.limit !== null || state.offset ? orderClause(state, scope) : ''
  return `SELECT${state.distinct ? ' DISTINCT' : ''} ${ref.sql} FROM ${scope.from()}${where}${order}${limitClause(state, ctx)}`
}

/** `count()`: `COUNT(*)`, over a subquery when the QuerySet is sliced or distinct. */
export function compileCount(state: QueryState, ctx: SqlContext): string {
  const { scope } = rootScope(state, ctx)
  const where = whereClause(state, scope)
  if (state.limit === null && !state.offset && !state.distinct) return `SELECT COUNT(*) AS n FROM ${scope.from()}${where}`
  const cols = concreteFields(state.model._meta).map((f) => `${quote(scope.alias)}.${quote(f.column!)}`).join(', ')
  return `SELECT COUNT(*) AS n FROM (SELECT${state.distinct ? ' DISTINCT' : ''} ${cols} FROM ${scope.from()}${where}${orderClause(state, scope)}${limitClause(state, ctx)}) AS sub`
}

/** `aggregate()`: one row of aggregates. Paths may cross any relation (joined). */
export function compileAggregate(state: QueryState, ctx: SqlContext, aggs: Readonly<Record<string, Aggregate>>): Compiled<Record<string, unknown>> {
  const { scope } = rootScope(state, ctx)
  const names = Object.keys(aggs)
  const cols: string[] = []
  const readers: Reader[] = []
  names.forEach((name) => {
    const agg = aggs[name]!
    if (agg.path === '*') {
      cols.push('*')
      readers.push(aggregateReader(ctx, agg, null))
      return
    }
    const ref = scope.resolve(agg.path.split('__'), 'join')
    if (ref.kind !== 'column' || ref.rest.length) throw new FieldError(`Cannot aggregate over '${agg.path}'`)
    cols.push(ref.sql)
    readers.push(aggregateReader(ctx, agg, ref.field))
  })
  const where = whereClause(state, scope)
  const sliced = state.limit !== null || state.offset > 0 || state.distinct
  const fn = (i: number, col: string): string => {
    const agg = aggs[names[i]!]!
    return `${agg.fn}(${agg.distinct ? 'DISTINCT ' : ''}${col}) AS a${i}`
  }
  let sql: string
  if (!sliced) sql = `SELECT ${cols.map((c, i) => fn(i, c)).join(', ')} FROM ${scope.from()}${where}`
  else {
    const inner = cols.map((c, i) => `${c === '*' ? '1' : c} AS v${i}`).join(', ')
    sql = `SELECT ${cols.map((c, i) => fn(i, c === '*' ? '*' : `sub.v${i}`)).join(', ')} FROM (SELECT${state.distinct ? ' DISTINCT' : ''} ${inner} FROM ${scope.from()}${where}${orderClause(state, scope)}${limitClause(state, ctx)}) AS sub`
  }
  const read = (rows: readonly Record<string, unknown>[]): Record<string, unknown>[] => {
    const row = rows[0] ?? {}
    const out: Record<string, unknown> = {}
    names.forEach((name, i) => (out[name] = readers[i]!(row[`a${i}`])))
    return [out]
  }
  return { sql, params: ctx.params, read }
}

/**
 * `UPDATE ... SET ... WHERE ...`; when the filters need joins, `WHERE pk IN (SELECT ...)` (as
 * Django: joins cannot appear in an UPDATE on both vendors). `F()` values reference the row's own
 * columns only.
 */
export function compileUpdate(state: QueryState, ctx: SqlContext, values: Readonly<Record<string, unknown>>): string {
  const meta = state.model._meta
  const table = meta.dbTable
  const probe = new SqlContext(ctx.vendor, ctx.ops)
  const probeScope = rootScope(state, probe).scope
  whereClause(state, probeScope)
  const needsJoin = probeScope.joins.length > 0
  const setScope = new Scope(state.model, table, ctx)
  const assignments = Object.entries(values).map(([name, value]) => {
    const field = concreteFields(meta).find((f) => f.name === name || attname(f) === name)
    if (!field) throw new FieldError(`Cannot resolve keyword '${name}' into field. Choices are: ${concreteFields(meta).map((f) => f.name).join(', ')}`)
    let expr: string
    if (isExpression(value)) expr = compileExpression(setScope, value)
    else {
      let v = value
      if (field.relation && v !== null && typeof v === 'object') v = (v as Record<string, unknown>)[pkField(findHop(state.model, field.name)!.target._meta).name]
      expr = ctx.param(v === null || v === undefined ? null : ctx.ops.toDb(field, v))
    }
    return `${quote(field.column!)} = ${expr}`
  })
  if (!needsJoin) {
    const { scope } = rootScope(state, ctx)
    return `UPDATE ${quote(table)} SET ${assignments.join(', ')}${whereClause(state, scope)}`
  }
  const pk = pkField(meta).column!
  const { scope: inner } = rootScope(state, ctx)
  const innerWhere = whereClause(state, inner)
  return `UPDATE ${quote(table)} SET ${assignments.join(', ')} WHERE ${quote(pk)} IN (SELECT ${quote(inner.alias)}.${quote(pk)} FROM ${inner.from()}${innerWhere})`
}

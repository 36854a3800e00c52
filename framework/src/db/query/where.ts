/**
 * Compiles `Q` trees (filters) into a SQL condition within a {@link Scope}: lookups, transforms,
 * `F` values, `__in` subqueries, and `EXISTS` for multi-valued relations (reverse foreign keys and
 * many-to-many). Conditions on the same multi-valued relation inside one `filter()` call share one
 * `EXISTS`, so they must hold for the same related row (Django's rule for a single `filter()`).
 *
 * @internal
 * @module
 */
import { FieldError } from '../errors.ts'
import type { FieldSpec } from '../spec.ts'
import { isExpression, type Expression, type ExpressionOperand } from './expressions.ts'
import { LOOKUPS, TRANSFORMS, patternSql, regexSql, textPattern, transformSql } from './lookups.ts'
import { QNode, type QLeaf } from './q.ts'
import { quote, Scope, type ColumnRef, type MultiRef } from './scope.ts'

/** A QuerySet usable as a subquery value (`question__in: Question.objects.filter(...)`). */
export interface SubqueryValue {
  /** Writes `SELECT <one column> FROM ...` into the scope's context. */
  compileSubquery(scope: Scope): string
}

function isSubquery(value: unknown): value is SubqueryValue {
  return typeof value === 'object' && value !== null && typeof (value as { compileSubquery?: unknown }).compileSubquery === 'function'
}

/** A related instance given as a filter value becomes its primary key. */
function pkOf(value: unknown, field: FieldSpec | null): unknown {
  if (field && value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) && !Buffer.isBuffer(value)) {
    const rec = value as Record<string, unknown>
    if (field.name in rec) return rec[field.name]
    if ('pk' in rec) return rec['pk']
  }
  return value
}

/** Compiles an `F` or arithmetic expression; paths may follow forward relations. */
export function compileExpression(scope: Scope, expr: ExpressionOperand): string {
  if (!isExpression(expr)) return scope.ctx.param(typeof expr === 'bigint' ? expr.toString() : expr)
  const e: Expression = expr
  if (e.kind === 'F') {
    const ref = scope.resolve(e.name.split('__'), 'join')
    if (ref.kind !== 'column' || ref.rest.length) throw new FieldError(`Cannot resolve expression F('${e.name}')`)
    return ref.sql
  }
  return `(${compileExpression(scope, e.lhs)} ${e.op} ${compileExpression(scope, e.rhs)})`
}

/** Compiles a `Q` tree. `negated` is the parity of enclosing NOTs (for Django's null handling). */
export function compileWhere(scope: Scope, node: QNode, negated = false): string {
  const neg = negated !== node.negated
  const ordinals = scope.ctx.leafOrdinals
  const groups = new Map<string, { ref: MultiRef; leaves: QLeaf[] }>()
  // Resolve first (grouping multi-valued conditions), then write in text order: parameters must
  // be bound in the order their placeholders appear (SQLite's `?` are positional).
  const order: ({ node: QNode } | { key: string } | { ref: ColumnRef; leaf: QLeaf })[] = []
  for (const child of node.children) {
    if (child instanceof QNode) {
      order.push({ node: child })
      continue
    }
    const ref = scope.resolve(child[0].split('__'), 'exists')
    if (ref.kind === 'multi') {
      const sub = subKey(ref)
      const leaf: QLeaf = [sub, child[1]]
      const ord = ordinals.get(child)
      if (ord !== undefined) ordinals.set(leaf, ord)
      // Only AND groups share one EXISTS; under OR each condition stands alone.
      const key = node.connector === 'AND' ? ref.prefix : `${ref.prefix}#${order.length}`
      const group = groups.get(key)
      if (group) group.leaves.push(leaf)
      else {
        groups.set(key, { ref, leaves: [leaf] })
        order.push({ key })
      }
      continue
    }
    order.push({ ref, leaf: child })
  }
  const parts: string[] = []
  for (const item of order) {
    if ('node' in item) parts.push(compileWhere(scope, item.node, neg))
    else if ('key' in item) {
      const g = groups.get(item.key)!
      parts.push(compileExists(scope, g.ref, new QNode('AND', g.leaves)))
    } else parts.push(compileLeaf(scope, item.ref, item.leaf[1], neg, ordinals.get(item.leaf)))
  }
  let sql: string
  if (parts.length === 0) sql = node.connector === 'AND' ? '1=1' : '1=0'
  else if (parts.length === 1) sql = parts[0]!
  else sql = parts.map((p) => `(${p})`).join(` ${node.connector} `)
  return node.negated ? `NOT (${sql})` : sql
}

/** The key of a condition inside the related model: `votes__gt`, or `pk__in` for the relation itself. */
export function subKey(ref: MultiRef): string {
  const next = ref.rest[0]
  const target = ref.hop.target._meta
  if (next === undefined || ((LOOKUPS.has(next) || TRANSFORMS.has(next)) && !target.fields.some((f) => f.name === next))) {
    return ['pk', ...ref.rest].join('__')
  }
  return ref.rest.join('__')
}

/**
 * The FROM and correlation of a subquery over a multi-valued relation: `sub` is a scope on the
 * related model (its joins are included).
 */
export function relatedFrom(ref: MultiRef, sub: Scope): { from: string; corr: string } {
  const hop = ref.hop
  const parent = `${quote(ref.parentAlias)}.${quote(hop.parentCol)}`
  if (hop.via) {
    const j = sub.ctx.alias()
    const joins = sub.joins.length ? ` ${sub.joins.join(' ')}` : ''
    return {
      from: `${quote(hop.via.table)} AS ${quote(j)} INNER JOIN ${quote(hop.target._meta.dbTable)} AS ${quote(sub.alias)} ON ${quote(sub.alias)}.${quote(hop.targetCol)} = ${quote(j)}.${quote(hop.via.toCol)}${joins}`,
      corr: `${quote(j)}.${quote(hop.via.fromCol)} = ${parent}`,
    }
  }
  return { from: sub.from(), corr: `${quote(sub.alias)}.${quote(hop.targetCol)} = ${parent}` }
}

/** `EXISTS (SELECT 1 FROM related WHERE related.fk = parent.pk AND cond)`. */
function compileExists(scope: Scope, ref: MultiRef, cond: QNode): string {
  const sub = new Scope(ref.hop.target, scope.ctx.alias(), scope.ctx)
  const where = compileWhere(sub, cond)
  const { from, corr } = relatedFrom(ref, sub)
  return `EXISTS (SELECT 1 FROM ${from} WHERE ${corr} AND (${where}))`
}

const COMPARISONS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const

function convert(scope: Scope, field: FieldSpec | null, value: unknown): unknown {
  if (value === null || value === undefined || !field) return value ?? null
  return scope.ctx.ops.toDb(field, value)
}

/** One lookup on a resolved column. */
function compileLeaf(scope: Scope, ref: ColumnRef, rawValue: unknown, negated: boolean, ord: number | undefined): string {
  const { ctx } = scope
  let col = ref.sql
  let field: FieldSpec | null = ref.valueField ?? ref.field
  const rest = [...ref.rest]
  while (rest.length && TRANSFORMS.has(rest[0]!)) {
    const t = rest.shift()!
    col = transformSql(ctx.vendor, t, col, ref.field?.type === 'DateTimeField')
    field = null
  }
  const lookup = rest.shift() ?? 'exact'
  if (!LOOKUPS.has(lookup) || rest.length) {
    const kind = ref.field?.type ?? 'this expression'
    throw new FieldError(`Unsupported lookup '${[lookup, ...rest].join('__')}' for ${kind} or join on the field not permitted. Lookups are: ${[...LOOKUPS].join(', ')}; transforms: ${[...TRANSFORMS].join(', ')}.`)
  }
  const valueField = ref.valueField
  const value = pkOf(rawValue, valueField)
  const target = field
  const conv = (v: unknown): unknown => convert(scope, target, v)
  // Literal values bind through slots (`ord`), so the compiled-query cache can rebind them.
  const bindExpr = (v: unknown): string => (isExpression(v) ? compileExpression(scope, v) : ctx.param(conv(v)))
  const one = (extract: (v: unknown) => unknown): string => ctx.bindSlot(ord, rawValue, (r) => [extract(pkOf(r, valueField))])[0]!
  let sql: string
  switch (lookup) {
    case 'exact':
      sql = value === null || value === undefined ? `${col} IS NULL` : `${col} = ${isExpression(value) ? bindExpr(value) : one(conv)}`
      break
    case 'isnull':
      return value ? `${col} IS NULL` : `${col} IS NOT NULL`
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      sql = `${col} ${COMPARISONS[lookup]} ${isExpression(value) ? bindExpr(value) : one(conv)}`
      break
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2) throw new TypeError(`'range' needs [low, high], got ${String(value)}`)
      if (isExpression(value[0]) || isExpression(value[1])) sql = `${col} BETWEEN ${bindExpr(value[0])} AND ${bindExpr(value[1])}`
      else {
        const [lo, hi] = ctx.bindSlot(ord, rawValue, (r) => (pkOf(r, valueField) as readonly unknown[]).map(conv))
        sql = `${col} BETWEEN ${lo} AND ${hi}`
      }
      break
    }
    case 'in': {
      if (isSubquery(value)) {
        sql = `${col} IN (${value.compileSubquery(scope)})`
        break
      }
      if (!Array.isArray(value) && !(value instanceof Set)) throw new TypeError(`'in' needs an array, got ${String(value)}`)
      const items = (v: unknown): unknown[] => [...(v as Iterable<unknown>)].map((x) => pkOf(x, valueField)).filter((x) => x !== null && x !== undefined)
      const list = items(value)
      // An empty IN matches nothing (Django raises EmptyResultSet and returns no rows).
      if (list.length === 0) return negated ? '1=1' : '1=0'
      if (list.some(isExpression)) sql = `${col} IN (${list.map(bindExpr).join(', ')})`
      else sql = `${col} IN (${ctx.bindSlot(ord, rawValue, (r) => items(pkOf(r, valueField)).map(conv)).join(', ')})`
      break
    }
    case 'regex':
    case 'iregex':
      sql = regexSql(ctx.vendor, lookup, col, one((v) => String(v)))
      break
    default: {
      if (isExpression(value)) throw new FieldError(`F() expressions are not supported with '${lookup}'`)
      sql = patternSql(ctx.vendor, lookup, col, one((v) => textPattern(ctx.vendor, lookup, String(v))))
    }
  }
  // Django: exclude(x=1) keeps rows where x is NULL, which plain NOT (x = 1) would drop.
  if (negated && ref.nullable) sql = `(${sql} AND ${col} IS NOT NULL)`
  return sql
}

/**
 * The compiled-query cache: a SELECT's SQL text and row reader are kept per QuerySet *shape* (the
 * model, where-tree structure with its lookups but not its values, ordering, slicing,
 * selectRelated, annotations, values()), so a view that builds
 * `Article.objects.filter({ views__gte: n }).orderBy('-published').limit(20)` on every request
 * compiles once and afterwards only binds the new values (replaying the parameter slots the first
 * compile recorded).
 *
 * Values that change the SQL text itself are part of the shape: `null` (`IS NULL`), `isnull`'s
 * truthiness, the non-null count of an `in` list, `range` pairs. Shapes holding an `F()`
 * expression, a subquery or an object value (a model instance, JSON) are not cached, nor is any
 * statement that bound a parameter outside a slot (`SqlContext.cacheable`).
 *
 * @internal
 * @module
 */
import type { DatabaseOperations } from '../backends/base/types.ts'
import { isExpression } from './expressions.ts'
import type { Compiled, QueryState } from './compiler.ts'
import { QNode, type QLeaf } from './q.ts'
import type { ParamSlot, SqlContext } from './scope.ts'
import type { ModelClass } from './types.ts'

interface Entry {
  readonly sql: string
  readonly slots: readonly ParamSlot[]
  readonly read: Compiled<unknown>['read']
}

/** Shapes kept per model and connection: enough for every query a site's views build, bounded for ad hoc ones (pagination offsets). */
const MAX_SHAPES_PER_MODEL = 256

const cache = new WeakMap<DatabaseOperations, WeakMap<ModelClass, Map<string, Entry>>>()

/** Marks a value whose shape cannot be cached. */
const UNCACHEABLE = null

function valueShape(value: unknown): unknown {
  if (value === null || value === undefined) return 'n'
  switch (typeof value) {
    case 'string': case 'number': case 'bigint': case 'boolean':
      return value ? 'v' : 'z'
    case 'object':
      break
    default:
      return UNCACHEABLE
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return 'v'
  if (Array.isArray(value) || value instanceof Set) {
    const out: unknown[] = []
    for (const item of value as Iterable<unknown>) {
      const s = item === null || item === undefined ? 'n' : typeof item === 'object' && !(item instanceof Date) && !Buffer.isBuffer(item) ? UNCACHEABLE : valueShape(item)
      if (s === UNCACHEABLE) return UNCACHEABLE
      out.push(s)
    }
    return out
  }
  // Model instances (`pk` lookups), JSON objects, F() expressions and subqueries.
  return UNCACHEABLE
}

/** The where-tree as nested arrays of connectors, lookup keys and value shapes; `null` when uncacheable. */
function nodeShape(node: QNode, leaves: QLeaf[]): unknown[] | null {
  const out: unknown[] = [node.connector, node.negated]
  for (const child of node.children) {
    if (child instanceof QNode) {
      const s = nodeShape(child, leaves)
      if (s === null) return null
      out.push(s)
      continue
    }
    if (isExpression(child[1])) return null
    const s = valueShape(child[1])
    if (s === UNCACHEABLE) return null
    leaves.push(child)
    out.push([child[0], s])
  }
  return out
}

/** The cache key of a state and its leaves in slot order, or `null` when the state is not cacheable. */
function shapeOf(state: QueryState): { key: string; leaves: QLeaf[] } | null {
  const leaves: QLeaf[] = []
  const where: unknown[] = []
  for (const node of state.where) {
    const s = nodeShape(node, leaves)
    if (s === null) return null
    where.push(s)
  }
  const annotations = Object.entries(state.annotations).map(([name, a]) => [name, a.fn, a.path, a.distinct])
  const key = JSON.stringify([
    state.using, state.distinct, state.limit, state.offset, state.forUpdate, state.empty,
    state.ordering, state.selectRelated, state.values, annotations, where,
  ])
  return { key, leaves }
}

/**
 * Compiles `state` with `compile`, or reuses the SQL and reader compiled for the same shape on the
 * same connection operations, binding this state's values.
 * @returns the statement; its `params` are always this state's.
 */
export function compileCached<R>(state: QueryState, ctx: SqlContext, compile: (state: QueryState, ctx: SqlContext) => Compiled<R>): Compiled<R> {
  const shape = shapeOf(state)
  if (!shape) return compile(state, ctx)
  let byModel = cache.get(ctx.ops)
  if (!byModel) cache.set(ctx.ops, (byModel = new WeakMap()))
  let entries = byModel.get(state.model)
  if (!entries) byModel.set(state.model, (entries = new Map()))
  const hit = entries.get(shape.key)
  if (hit) {
    const params: unknown[] = []
    for (const slot of hit.slots) {
      for (const v of slot.extract(shape.leaves[slot.ord]![1])) params.push(v)
    }
    return { sql: hit.sql, params, read: hit.read as Compiled<R>['read'] }
  }
  shape.leaves.forEach((leaf, i) => ctx.leafOrdinals.set(leaf, i))
  const compiled = compile(state, ctx)
  if (ctx.cacheable) {
    // Oldest first out: Map iteration follows insertion order.
    if (entries.size >= MAX_SHAPES_PER_MODEL) entries.delete(entries.keys().next().value!)
    entries.set(shape.key, { sql: compiled.sql, slots: [...ctx.slots], read: compiled.read as Compiled<unknown>['read'] })
  }
  return compiled
}

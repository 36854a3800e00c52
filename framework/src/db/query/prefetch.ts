/**
 * `prefetchRelated`: after the main query, one query per relation loads the related rows of every
 * instance at once and stores them in each instance's relation cache (a list for reverse FK and
 * many-to-many, the instance for a forward FK), as Django's `prefetch_related_objects`.
 * Nested paths (`'choices__voters'`) prefetch level by level.
 *
 * @internal
 * @module
 */
import { FieldError } from '../errors.ts'
import type { ModelInstance } from '../models/instance.ts'
import { getRelatedCache } from '../models/instance.ts'
import { compileSelect } from './compiler.ts'
import { runSql } from './execute.ts'
import { attname, findHop, pkField, type Hop } from './meta.ts'
import { Q } from './q.ts'
import { connectionFor, fillRelatedCache } from './runtime.ts'
import { quote, SqlContext } from './scope.ts'
import type { ModelClass } from './types.ts'
import type { QueryState } from './compiler.ts'

function stateFor(model: ModelClass, using: string | null, where: QueryState['where']): QueryState {
  return {
    model, using, where, ordering: null, distinct: false, limit: null, offset: 0, selectRelated: [],
    prefetch: [], annotations: {}, values: null, forUpdate: false, empty: false,
  }
}

async function load(model: ModelClass, using: string | null, key: string, ids: readonly unknown[], extraCol?: { table: string; col: string; join: Hop }): Promise<{ objs: object[]; src: unknown[] }> {
  const conn = connectionFor(using)
  const ctx = new SqlContext(conn.vendor, conn.ops)
  const state = stateFor(model, using, [Q({ [`${key}__in`]: ids })])
  if (!extraCol) {
    const c = compileSelect<object>(state, ctx)
    const { rows } = await runSql(using, c.sql, c.params)
    return { objs: c.read(rows), src: [] }
  }
  // Many-to-many: select the target rows joined to the join table, plus the source key per row.
  const c = compileSelect<object>(stateFor(model, using, []), ctx)
  const hop = extraCol.join
  const via = hop.via!
  const j = ctx.alias()
  const list = ids.map((id) => ctx.param(id)).join(', ')
  const select = c.sql.replace(/ FROM .*$/s, '')
  const orderBy = c.sql.match(/ ORDER BY .*$/s)?.[0] ?? ''
  const sql = `${select}, ${quote(j)}.${quote(via.fromCol)} AS src FROM ${quote(via.table)} AS ${quote(j)} INNER JOIN ${quote(model._meta.dbTable)} ON ${quote(model._meta.dbTable)}.${quote(hop.targetCol)} = ${quote(j)}.${quote(via.toCol)} WHERE ${quote(j)}.${quote(via.fromCol)} IN (${list})${orderBy}`
  const { rows } = await runSql(using, sql, ctx.params)
  return { objs: c.read(rows), src: rows.map((r) => r['src']) }
}

/** Prefetches `names` (`__`-nested allowed) on `instances` of `model`. */
export async function prefetchRelatedObjects(model: ModelClass, instances: readonly object[], names: readonly string[], using: string | null): Promise<void> {
  for (const path of names) {
    const [first, ...rest] = path.split('__')
    const hop = findHop(model, first!)
    if (!hop) throw new FieldError(`Cannot find '${first}' on ${model._meta.name} object, '${path}' is an invalid parameter to prefetchRelated()`)
    const targets = await prefetchOne(model, instances, hop, using)
    if (rest.length && targets.length) await prefetchRelatedObjects(hop.target, targets, [rest.join('__')], using)
  }
}

async function prefetchOne(model: ModelClass, instances: readonly object[], hop: Hop, using: string | null): Promise<object[]> {
  const conn = connectionFor(using)
  const pk = pkField(model._meta)
  const byKey = new Map<unknown, object[]>()
  const norm = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v)
  const todo = instances.filter((i) => getRelatedCache(i as ModelInstance, hop.accessor) === undefined)
  if (hop.kind === 'forward') {
    const ids = [...new Set(todo.map((i) => (i as Record<string, unknown>)[attname(hop.field)]).filter((v) => v !== null && v !== undefined))]
    const { objs } = ids.length ? await load(hop.target, using, 'pk', ids) : { objs: [] }
    const targetPk = pkField(hop.target._meta).name
    const map = new Map(objs.map((o) => [norm((o as Record<string, unknown>)[targetPk]), o]))
    for (const inst of todo) fillRelatedCache(inst, hop.accessor, map.get(norm((inst as Record<string, unknown>)[attname(hop.field)])) ?? null)
    return objs
  }
  const ids = [...new Set(todo.map((i) => (i as Record<string, unknown>)[pk.name]))]
  let objs: object[] = []
  if (ids.length && hop.kind === 'reverse') {
    objs = (await load(hop.target, using, `${attname(hop.field)}`, ids)).objs
    for (const o of objs) {
      const key = norm((o as Record<string, unknown>)[attname(hop.field)])
      byKey.set(key, [...(byKey.get(key) ?? []), o])
    }
  } else if (ids.length) {
    const res = await load(hop.target, using, 'pk', ids, { table: hop.via!.table, col: hop.via!.fromCol, join: hop })
    objs = res.objs
    res.objs.forEach((o, i) => {
      const key = norm(conn.ops.fromDb(pk, res.src[i]))
      byKey.set(key, [...(byKey.get(key) ?? []), o])
    })
  }
  for (const inst of todo) {
    const list = byKey.get(norm((inst as Record<string, unknown>)[pk.name])) ?? []
    // A reverse one-to-one holds one instance (or null), like a forward relation.
    fillRelatedCache(inst, hop.accessor, hop.multi ? list : (list[0] ?? null))
  }
  return objs
}

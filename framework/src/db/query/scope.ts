/**
 * SQL building blocks shared by every statement: bound parameters, identifier quoting, and a
 * `Scope` (one FROM table with the joins its paths needed) that resolves `__` paths.
 *
 * @internal
 * @module
 */
import type { DatabaseOperations, Vendor } from '../backends/base/types.ts'
import type { FieldSpec } from '../spec.ts'
import { FieldError } from '../errors.ts'
import { concreteFields, fieldChoices, findHop, pkField, attname, type Hop } from './meta.ts'
import { LOOKUPS, TRANSFORMS } from './lookups.ts'
import type { ModelClass } from './types.ts'

/** Quotes an identifier for both vendors. */
export function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/**
 * How one filter value becomes bound parameters: `ord` is the leaf's index in the QuerySet's
 * where-tree (depth first), `extract` maps that leaf's raw value to its parameters. The compiled-
 * query cache replays slots to bind a new QuerySet's values into SQL compiled for the same shape.
 */
export interface ParamSlot {
  readonly ord: number
  readonly extract: (raw: unknown) => readonly unknown[]
}

/** Parameters and aliases of one statement being written. */
export class SqlContext {
  readonly vendor: Vendor
  readonly ops: DatabaseOperations
  readonly params: unknown[] = []
  /** Where-tree leaves (by identity) to their ordinal; filled by the compiled-query cache. */
  readonly leafOrdinals = new Map<unknown, number>()
  readonly slots: ParamSlot[] = []
  #alias = 0
  #direct = false

  constructor(vendor: Vendor, ops: DatabaseOperations) {
    this.vendor = vendor
    this.ops = ops
  }

  /** Whether every parameter came from a slot, so the SQL can be reused with other values. */
  get cacheable(): boolean {
    return !this.#direct
  }

  /** Binds a value; returns its placeholder (`?` or `$n`). Parameters must be added in text order. */
  param(value: unknown): string {
    // A value bound outside a slot cannot be replayed: the statement is not cached.
    this.#direct = true
    return this.#push(value)
  }

  /**
   * Binds the parameters `extract(raw)` gives for leaf `ord` (`undefined`: not a cached leaf,
   * bound directly); returns their placeholders, in order.
   */
  bindSlot(ord: number | undefined, raw: unknown, extract: (raw: unknown) => readonly unknown[]): string[] {
    const values = extract(raw)
    if (ord === undefined) this.#direct = true
    else this.slots.push({ ord, extract })
    return values.map((v) => this.#push(v))
  }

  #push(value: unknown): string {
    this.params.push(value)
    return this.vendor === 'postgresql' ? `$${this.params.length}` : '?'
  }

  /** A fresh table alias (`T1`, `T2`...). */
  alias(): string {
    return `T${++this.#alias}`
  }
}

/** A path resolved to a column (or annotation) plus the transforms/lookup that follow it. */
export interface ColumnRef {
  readonly kind: 'column'
  readonly sql: string
  /** The field the column holds (for value conversion); `null` for an annotation. */
  readonly field: FieldSpec | null
  /** For a relation column: the target primary key field (values are converted with it). */
  readonly valueField: FieldSpec | null
  /** `true` when the column came through a LEFT JOIN or is nullable. */
  readonly nullable: boolean
  readonly rest: readonly string[]
}

/** A path that crosses a multi-valued relation in a filter: compiled as `EXISTS (...)`. */
export interface MultiRef {
  readonly kind: 'multi'
  readonly hop: Hop
  readonly parentAlias: string
  /** The path up to and including the multi-valued relation (group key). */
  readonly prefix: string
  /** The rest of the path, to resolve inside the subquery. */
  readonly rest: readonly string[]
}

/** Annotation SQL visible to paths in a scope. */
export interface AnnotationRef {
  readonly sql: string
}

/** One FROM table and its joins. */
export class Scope {
  readonly model: ModelClass
  readonly alias: string
  readonly ctx: SqlContext
  readonly joins: string[] = []
  readonly annotations: ReadonlyMap<string, AnnotationRef>
  readonly #joinAliases = new Map<string, string>()

  constructor(model: ModelClass, alias: string, ctx: SqlContext, annotations: ReadonlyMap<string, AnnotationRef> = new Map()) {
    this.model = model
    this.alias = alias
    this.ctx = ctx
    this.annotations = annotations
  }

  /** `alias."column"`. */
  col(alias: string, column: string): string {
    return `${quote(alias)}.${quote(column)}`
  }

  /** LEFT (or INNER) JOINs `hop` from `parentAlias` once per path; returns the target alias. */
  join(path: string, hop: Hop, parentAlias: string, inner = false): string {
    const known = this.#joinAliases.get(path)
    if (known) return known
    const alias = this.ctx.alias()
    const kind = inner ? 'INNER JOIN' : 'LEFT JOIN'
    const table = quote(hop.target._meta.dbTable)
    if (hop.via) {
      const j = this.ctx.alias()
      this.joins.push(`${kind} ${quote(hop.via.table)} AS ${quote(j)} ON ${quote(j)}.${quote(hop.via.fromCol)} = ${quote(parentAlias)}.${quote(hop.parentCol)}`)
      this.joins.push(`${kind} ${table} AS ${quote(alias)} ON ${quote(alias)}.${quote(hop.targetCol)} = ${quote(j)}.${quote(hop.via.toCol)}`)
    } else {
      this.joins.push(`${kind} ${table} AS ${quote(alias)} ON ${quote(alias)}.${quote(hop.targetCol)} = ${quote(parentAlias)}.${quote(hop.parentCol)}`)
    }
    this.#joinAliases.set(path, alias)
    return alias
  }

  /** The FROM clause: table, alias and joins. */
  from(): string {
    const table = this.model._meta.dbTable
    const head = table === this.alias ? quote(table) : `${quote(table)} AS ${quote(this.alias)}`
    return this.joins.length ? `${head} ${this.joins.join(' ')}` : head
  }

  /**
   * Resolves a `__` path. `multi: 'exists'` stops at a multi-valued relation (filters compile it
   * as EXISTS); `'join'` joins it (values, ordering, aggregate).
   * @throws FieldError for an unknown name, with Django's "Choices are" list.
   */
  resolve(parts: readonly string[], multi: 'exists' | 'join'): ColumnRef | MultiRef {
    const first = parts[0] ?? ''
    const ann = this.annotations.get(first)
    if (ann) return { kind: 'column', sql: ann.sql, field: null, valueField: null, nullable: true, rest: parts.slice(1) }
    let model = this.model
    let alias = this.alias
    let joined = false
    let path = ''
    for (let i = 0; i < parts.length; i++) {
      let name = parts[i]!
      if (name === 'pk') name = model._meta.pk
      const rest = parts.slice(i + 1)
      const meta = model._meta
      const field = meta.fields.find((f) => f.name === name) ?? concreteFields(meta).find((f) => f.relation && attname(f) === name)
      if (field && field.type !== 'ManyToManyField' && (!field.relation || attname(field) === name)) {
        const valueField = field.relation ? pkField(findHop(model, field.name)!.target._meta) : null
        return { kind: 'column', sql: this.col(alias, field.column!), field, valueField, nullable: joined || field.null, rest }
      }
      const hop = findHop(model, name)
      if (!hop) {
        throw new FieldError(`Cannot resolve keyword '${name}' into field. Choices are: ${fieldChoices(model, i === 0 ? [...this.annotations.keys()] : []).join(', ')}`)
      }
      path = path ? `${path}__${name}` : name
      const next = rest[0]
      const targetMeta = hop.target._meta
      const nextIsLookup = next === undefined || ((LOOKUPS.has(next) || TRANSFORMS.has(next)) && !targetMeta.fields.some((f) => f.name === next))
      if (hop.kind === 'forward') {
        const nextIsPk = next !== undefined && (next === 'pk' || next === targetMeta.pk) && (rest.length === 1 || LOOKUPS.has(rest[1]!))
        if (nextIsLookup || nextIsPk) {
          // Comparing the FK column itself saves a join (Django does the same for `question__id`).
          return { kind: 'column', sql: this.col(alias, hop.parentCol), field: hop.field, valueField: pkField(targetMeta), nullable: joined || hop.field.null, rest: nextIsPk ? rest.slice(1) : rest }
        }
        alias = this.join(path, hop, alias)
        joined = true
        model = hop.target
        continue
      }
      if (hop.multi && multi === 'exists') return { kind: 'multi', hop, parentAlias: alias, prefix: path, rest }
      alias = this.join(path, hop, alias)
      joined = true
      model = hop.target
      if (nextIsLookup) {
        const pk = pkField(targetMeta)
        return { kind: 'column', sql: this.col(alias, pk.column!), field: pk, valueField: null, nullable: true, rest }
      }
    }
    // A path ending on a relation walked through (cannot happen: forward returns above).
    throw new FieldError(`Cannot resolve keyword '${parts.join('__')}' into field.`)
  }
}

/**
 * `Manager.raw()`: instances from hand-written SQL (Django's `RawQuerySet`). Values are always bound:
 * pass a kysely `sql` template, or a string with `?` (any database) or `$1` (PostgreSQL)
 * placeholders and a parameter array. Never splice values into the text.
 *
 * @module
 */
import type { RawBuilder } from 'kysely'
import type { AnyModel, Row } from '../models/types.ts'
import { runSql } from './execute.ts'
import { attname, concreteFields } from './meta.ts'
import { connectionFor, kyselyFor, makeInstance } from './runtime.ts'

/** `?` placeholders → `$n` for PostgreSQL, skipping quoted strings and identifiers. */
export function toDollarPlaceholders(text: string): string {
  let n = 0
  let out = ''
  let quote: string | null = null
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null
    } else if (ch === "'" || ch === '"') quote = ch
    else if (ch === '?') {
      out += `$${++n}`
      continue
    }
    out += ch
  }
  return out
}

/**
 * A raw query yielding instances of `M`. Columns named like a field's column fill that field
 * (converted with `fromDb`); other columns become extra attributes, as Django's annotations.
 * Awaitable and async-iterable; runs each time it is awaited.
 */
export class RawQuerySet<M extends AnyModel> implements PromiseLike<Row<M>[]>, AsyncIterable<Row<M>> {
  readonly #model: M
  readonly #query: string | RawBuilder<unknown>
  readonly #params: readonly unknown[]
  readonly #using: string | null

  /** @internal Made by `Manager.raw()`. */
  constructor(model: M, query: string | RawBuilder<unknown>, params: readonly unknown[], using: string | null) {
    this.#model = model
    this.#query = query
    this.#params = params
    this.#using = using
  }

  /** The same query on another database alias. */
  using(alias: string): RawQuerySet<M> {
    return new RawQuerySet(this.#model, this.#query, this.#params, alias)
  }

  async #fetch(): Promise<Row<M>[]> {
    const conn = connectionFor(this.#using)
    let text: string
    let params: readonly unknown[]
    if (typeof this.#query === 'string') {
      text = conn.vendor === 'postgresql' && this.#query.includes('?') ? toDollarPlaceholders(this.#query) : this.#query
      params = this.#params
    } else {
      const compiled = this.#query.compile(kyselyFor(this.#using))
      text = compiled.sql
      params = compiled.parameters
    }
    const { rows } = await runSql(this.#using, text, params)
    const byColumn = new Map(concreteFields(this.#model._meta).map((f) => [f.column!, f]))
    return rows.map((row) => {
      const values: Record<string, unknown> = {}
      const extra: Record<string, unknown> = {}
      for (const [col, v] of Object.entries(row)) {
        const f = byColumn.get(col)
        if (f) values[attname(f)] = conn.ops.fromDb(f, v)
        else extra[col] = v
      }
      return Object.assign(makeInstance(this.#model, values, this.#using), extra) as Row<M>
    })
  }

  /** Runs the query. */
  then<T1 = Row<M>[], T2 = never>(onfulfilled?: ((value: Row<M>[]) => T1 | PromiseLike<T1>) | null, onrejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null): Promise<T1 | T2> {
    return this.#fetch().then(onfulfilled, onrejected)
  }

  /** Iterates the rows (fetched at once: raw SQL cannot be chunked safely). */
  async *[Symbol.asyncIterator](): AsyncIterator<Row<M>> {
    yield* await this.#fetch()
  }
}

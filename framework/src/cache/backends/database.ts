/**
 * The `database` backend: entries in a table of the project's database (Django's `DatabaseCache`),
 * shared by every process using that database. Create the table with `manage.ts createcachetable`
 * (name in `LOCATION`). Works on SQLite and PostgreSQL through Tango's connections
 * (`OPTIONS.DATABASE`, default `default`), inside `atomic()` blocks too.
 *
 * Writes are upserts (`INSERT ... ON CONFLICT`); `add` only replaces an expired row; `incr` is a
 * compare-and-set loop, so it is atomic across processes. After each write, when the table holds
 * more than `MAX_ENTRIES` rows, expired rows go, then 1/`CULL_FREQUENCY` of the rest (the first keys
 * in key order), as Django's `_cull`.
 *
 * Unlike Django, `expires` is stored as epoch milliseconds (a `bigint`), the same on both databases.
 *
 * @module
 */
import { sql } from 'kysely'
import type { RawBuilder } from 'kysely'
import { ImproperlyConfigured } from '../../core/errors.ts'
import type { UntypedKysely } from '../../db/backends/base/types.ts'
import { DEFAULT_DB_ALIAS, db } from '../../db/connection.ts'
import { BaseCache, integerValue } from '../base.ts'
import type { CacheParams } from '../base.ts'
import { CacheMiss } from '../errors.ts'
import { dumps } from '../serialize.ts'

/** `expires` of entries kept forever: 9999-12-31T23:59:59.999Z (Django uses `datetime.max`). */
export const FOREVER = 253_402_300_799_999

/**
 * The statements that create a cache table (Django's `createcachetable` DDL), the same on SQLite
 * and PostgreSQL.
 * @param table - the table name (quoted here).
 */
export function cacheTableSql(table: string): string[] {
  const t = quote(table)
  return [
    `CREATE TABLE IF NOT EXISTS ${t} ("cache_key" varchar(255) NOT NULL PRIMARY KEY, "value" text NOT NULL, "expires" bigint NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS ${quote(`${table}_expires`)} ON ${t} ("expires")`,
  ]
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

interface Row {
  readonly cache_key: string
  readonly value: string
  readonly expires: number | string | bigint
}

/** A cache in a database table (Django's `DatabaseCache`). */
export class DatabaseCache extends BaseCache {
  /** The table name (`LOCATION`). */
  readonly table: string
  /** The database alias (`OPTIONS.DATABASE`, default `default`). */
  readonly database: string

  /** @throws ImproperlyConfigured when `LOCATION` (the table) is missing. */
  constructor(params: CacheParams) {
    super(params)
    const table = params.setting.LOCATION
    if (!table) throw new ImproperlyConfigured(`CACHES['${params.alias}'] uses the database backend: set LOCATION to the cache table's name.`)
    this.table = table
    const database = params.setting.OPTIONS?.DATABASE
    this.database = typeof database === 'string' ? database : DEFAULT_DB_ALIAS
  }

  get #db(): UntypedKysely {
    return db(this.database)
  }

  #t(): RawBuilder<unknown> {
    return sql.table(this.table)
  }

  async #run(query: RawBuilder<unknown>): Promise<number> {
    const result = await query.execute(this.#db)
    return Number(result.numAffectedRows ?? 0n)
  }

  async #rows(query: RawBuilder<unknown>): Promise<Row[]> {
    return (await query.execute(this.#db)).rows as Row[]
  }

  protected async rawGet(key: string): Promise<string | null> {
    return (await this.rawGetMany([key]))[0] ?? null
  }

  protected override async rawGetMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (keys.length === 0) return []
    const rows = await this.#rows(sql`SELECT "cache_key", "value", "expires" FROM ${this.#t()} WHERE "cache_key" IN (${sql.join(keys)})`)
    const now = Date.now()
    const found = new Map<string, string>()
    const expired: string[] = []
    for (const row of rows) {
      if (Number(row.expires) <= now) expired.push(row.cache_key)
      else found.set(row.cache_key, row.value)
    }
    if (expired.length > 0) await this.#run(sql`DELETE FROM ${this.#t()} WHERE "cache_key" IN (${sql.join(expired)}) AND "expires" <= ${now}`)
    return keys.map((k) => found.get(k) ?? null)
  }

  protected async rawSet(key: string, text: string, expires: number | null): Promise<void> {
    await this.#run(sql`INSERT INTO ${this.#t()} ("cache_key", "value", "expires") VALUES (${key}, ${text}, ${expires ?? FOREVER})
      ON CONFLICT ("cache_key") DO UPDATE SET "value" = excluded."value", "expires" = excluded."expires"`)
    await this.#cullIfFull()
  }

  protected override async rawSetMany(entries: readonly (readonly [string, string])[], expires: number | null): Promise<void> {
    if (entries.length === 0) return
    const values = sql.join(entries.map(([k, text]) => sql`(${k}, ${text}, ${expires ?? FOREVER})`))
    await this.#run(sql`INSERT INTO ${this.#t()} ("cache_key", "value", "expires") VALUES ${values}
      ON CONFLICT ("cache_key") DO UPDATE SET "value" = excluded."value", "expires" = excluded."expires"`)
    await this.#cullIfFull()
  }

  protected async rawAdd(key: string, text: string, expires: number | null): Promise<boolean> {
    const now = Date.now()
    const changed = await this.#run(sql`INSERT INTO ${this.#t()} ("cache_key", "value", "expires") VALUES (${key}, ${text}, ${expires ?? FOREVER})
      ON CONFLICT ("cache_key") DO UPDATE SET "value" = excluded."value", "expires" = excluded."expires" WHERE ${this.#t()}."expires" <= ${now}`)
    if (changed > 0) await this.#cullIfFull()
    return changed > 0
  }

  protected async rawDelete(key: string): Promise<boolean> {
    return (await this.#run(sql`DELETE FROM ${this.#t()} WHERE "cache_key" = ${key}`)) > 0
  }

  protected override async rawDeleteMany(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.#run(sql`DELETE FROM ${this.#t()} WHERE "cache_key" IN (${sql.join(keys)})`)
  }

  protected async rawTouch(key: string, expires: number | null): Promise<boolean> {
    return (await this.#run(sql`UPDATE ${this.#t()} SET "expires" = ${expires ?? FOREVER} WHERE "cache_key" = ${key} AND "expires" > ${Date.now()}`)) > 0
  }

  protected async rawHas(key: string): Promise<boolean> {
    return (await this.#rows(sql`SELECT "cache_key" FROM ${this.#t()} WHERE "cache_key" = ${key} AND "expires" > ${Date.now()}`)).length > 0
  }

  protected async rawIncr(key: string, delta: number): Promise<number> {
    // Compare-and-set: another process changing the value between the read and the write makes the
    // update match no row, and we read again.
    for (;;) {
      const text = await this.rawGet(key)
      if (text === null) throw new CacheMiss(key)
      const value = integerValue(text, key) + delta
      const changed = await this.#run(sql`UPDATE ${this.#t()} SET "value" = ${dumps(value)} WHERE "cache_key" = ${key} AND "value" = ${text} AND "expires" > ${Date.now()}`)
      if (changed > 0) return value
    }
  }

  async clear(): Promise<void> {
    await this.#run(sql`DELETE FROM ${this.#t()}`)
  }

  /** Deletes the expired rows (also done by culling); returns how many went. */
  async deleteExpired(): Promise<number> {
    return this.#run(sql`DELETE FROM ${this.#t()} WHERE "expires" <= ${Date.now()}`)
  }

  /** Number of rows in the table, expired ones included. */
  async count(): Promise<number> {
    const rows = await this.#rows(sql`SELECT COUNT(*) AS "n" FROM ${this.#t()}`) as unknown as { n: number | string | bigint }[]
    return Number(rows[0]?.n ?? 0)
  }

  async #cullIfFull(): Promise<void> {
    const count = await this.count()
    if (count <= this.maxEntries) return
    if (this.cullFrequency === 0) {
      await this.clear()
      return
    }
    const remaining = count - (await this.deleteExpired())
    if (remaining <= this.maxEntries) return
    const cullNum = Math.floor(remaining / this.cullFrequency)
    const [last] = await this.#rows(sql`SELECT "cache_key" FROM ${this.#t()} ORDER BY "cache_key" LIMIT 1 OFFSET ${cullNum}`)
    if (last !== undefined) await this.#run(sql`DELETE FROM ${this.#t()} WHERE "cache_key" < ${last.cache_key}`)
  }
}

/**
 * The `redis` backend (Django's `RedisCache`): entries in Redis, shared by every process and
 * machine using the server. `LOCATION` is the URL (`redis://host:6379/0`), else env `REDIS_URL`;
 * `OPTIONS.CLIENT_OPTIONS` goes to node-redis' `createClient`. The `redis` package is imported on
 * first use, so projects without a Redis cache never load it.
 *
 * Expiry is Redis's own (`PX`); `incr` is one atomic script (missing key: `E_CACHE_MISS`, as
 * Django's `ValueError`); `clear` deletes only the keys of this cache (`KEY_PREFIX:*`, by `SCAN`),
 * never the whole database (`FLUSHDB`, which Django's `clear` runs). Integers are stored as their
 * digits, so other programs can `INCR` them too.
 *
 * @module
 */
import { ImproperlyConfigured } from '../../core/errors.ts'
import { getLogger } from '../../core/logging.ts'
import { BaseCache } from '../base.ts'
import type { CacheParams } from '../base.ts'
import { CacheMiss, CacheValueError } from '../errors.ts'

/** The `SET` options we use (node-redis v5). */
interface SetOptions {
  readonly expiration?: { readonly type: 'PX'; readonly value: number }
  readonly condition?: 'NX'
}

/** The slice of a node-redis multi (pipeline) we use. */
interface RedisMulti {
  set(key: string, value: string, options?: SetOptions): RedisMulti
  exec(): Promise<unknown>
}

/** The slice of node-redis' client we use (kysely's habit: depend on what you call, not the package). */
export interface RedisClientSlice {
  connect(): Promise<unknown>
  close(): Promise<unknown>
  on(event: 'error', listener: (error: Error) => void): unknown
  get(key: string): Promise<string | null>
  mGet(keys: string[]): Promise<(string | null)[]>
  set(key: string, value: string, options?: SetOptions): Promise<string | null>
  unlink(keys: string | string[]): Promise<number>
  exists(key: string): Promise<number>
  pExpire(key: string, milliseconds: number): Promise<number>
  persist(key: string): Promise<number>
  eval(script: string, options: { readonly keys: string[]; readonly arguments: string[] }): Promise<unknown>
  scanIterator(options: { readonly MATCH: string; readonly COUNT: number }): AsyncIterable<string[]>
  multi(): RedisMulti
}

/** INCRBY only when the key exists, in one step (Django checks then increments; this cannot race). */
const INCR_SCRIPT = "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCRBY', KEYS[1], ARGV[1]) else return nil end"

/** Escapes Redis glob characters so a prefix matches itself only. */
function globEscape(text: string): string {
  return text.replace(/[\\*?[\]^-]/g, (c) => `\\${c}`)
}

function px(expires: number): { readonly type: 'PX'; readonly value: number } {
  return { type: 'PX', value: Math.max(1, Math.ceil(expires - Date.now())) }
}

/** A cache in Redis (Django's `RedisCache`). */
export class RedisCache extends BaseCache {
  /** The server's URL. */
  readonly url: string
  readonly #clientOptions: Readonly<Record<string, unknown>>
  #client: Promise<RedisClientSlice> | null = null

  /** @throws ImproperlyConfigured when neither `LOCATION` nor env `REDIS_URL` names a server. */
  constructor(params: CacheParams) {
    super(params)
    const url = params.setting.LOCATION || process.env.REDIS_URL
    if (!url) throw new ImproperlyConfigured(`CACHES['${params.alias}'] uses the redis backend: set LOCATION (or env REDIS_URL) to a redis:// URL.`)
    this.url = url
    const clientOptions = params.setting.OPTIONS?.CLIENT_OPTIONS
    this.#clientOptions = typeof clientOptions === 'object' && clientOptions !== null ? (clientOptions as Record<string, unknown>) : {}
  }

  /** The connected client, connecting on first use. */
  client(): Promise<RedisClientSlice> {
    return (this.#client ??= this.#connect())
  }

  async #connect(): Promise<RedisClientSlice> {
    const { createClient } = await import('redis')
    // The boundary cast: node-redis' client type is generic over modules and scripts; we call only
    // the commands RedisClientSlice lists, whose v5 signatures it copies.
    const client = createClient({ ...this.#clientOptions, url: this.url }) as unknown as RedisClientSlice
    client.on('error', (error) => getLogger('tango.cache').error({ err: error, cache: this.alias }, 'Redis connection error'))
    try {
      await client.connect()
    } catch (error) {
      this.#client = null
      throw error
    }
    return client
  }

  protected async rawGet(key: string): Promise<string | null> {
    return (await this.client()).get(key)
  }

  protected override async rawGetMany(keys: readonly string[]): Promise<(string | null)[]> {
    return keys.length === 0 ? [] : (await this.client()).mGet([...keys])
  }

  protected async rawSet(key: string, text: string, expires: number | null): Promise<void> {
    await (await this.client()).set(key, text, expires === null ? {} : { expiration: px(expires) })
  }

  protected override async rawSetMany(entries: readonly (readonly [string, string])[], expires: number | null): Promise<void> {
    if (entries.length === 0) return
    let multi = (await this.client()).multi()
    for (const [key, text] of entries) multi = multi.set(key, text, expires === null ? {} : { expiration: px(expires) })
    await multi.exec()
  }

  protected async rawAdd(key: string, text: string, expires: number | null): Promise<boolean> {
    const reply = await (await this.client()).set(key, text, expires === null ? { condition: 'NX' } : { condition: 'NX', expiration: px(expires) })
    return reply !== null
  }

  protected async rawDelete(key: string): Promise<boolean> {
    return (await (await this.client()).unlink(key)) > 0
  }

  protected override async rawDeleteMany(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await (await this.client()).unlink([...keys])
  }

  protected async rawTouch(key: string, expires: number | null): Promise<boolean> {
    const client = await this.client()
    if (expires !== null) return (await client.pExpire(key, px(expires).value)) === 1
    await client.persist(key)
    return (await client.exists(key)) === 1
  }

  protected async rawHas(key: string): Promise<boolean> {
    return (await (await this.client()).exists(key)) === 1
  }

  protected async rawIncr(key: string, delta: number): Promise<number> {
    let reply: unknown
    try {
      reply = await (await this.client()).eval(INCR_SCRIPT, { keys: [key], arguments: [String(delta)] })
    } catch (error) {
      if (error instanceof Error && /not an integer|out of range/.test(error.message)) {
        throw new CacheValueError(`The value of '${key}' is not an integer; incr/decr need one.`, { cause: error })
      }
      throw error
    }
    if (reply === null || reply === undefined) throw new CacheMiss(key)
    return Number(reply)
  }

  /** Deletes this cache's keys (`KEY_PREFIX:*`, found by `SCAN`); other data in the database stays. */
  async clear(): Promise<void> {
    const client = await this.client()
    for await (const keys of client.scanIterator({ MATCH: `${globEscape(this.keyPrefix)}:*`, COUNT: 500 })) {
      if (keys.length > 0) await client.unlink(keys)
    }
  }

  /** Closes the connection; the next call reconnects. */
  override async close(): Promise<void> {
    const pending = this.#client
    this.#client = null
    if (pending === null) return
    const client = await pending.catch(() => null)
    if (client !== null) await client.close()
  }
}

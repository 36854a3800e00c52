/**
 * The `locmem` backend: entries in this process's memory (Django's `LocMemCache`). Each server
 * process has its own; use `database`, `file` or `redis` to share between processes. Caches with the
 * same `LOCATION` share one store, as Django's, so rebuilding the cache after `configure()` keeps the
 * entries.
 *
 * Least recently used entries go first: when `OPTIONS.MAX_ENTRIES` (300) is reached,
 * 1/`CULL_FREQUENCY` (3) of them are dropped, oldest use first (`CULL_FREQUENCY: 0` clears all).
 *
 * @module
 */
import { BaseCache, integerValue } from '../base.ts'
import type { CacheParams } from '../base.ts'
import { CacheMiss } from '../errors.ts'
import { dumps } from '../serialize.ts'

interface Entry {
  readonly text: string
  readonly expires: number | null
}

/** Stores by LOCATION, shared by every LocMemCache naming it (Django's module-level `_caches`). */
const stores = new Map<string, Map<string, Entry>>()

/** A cache in process memory (Django's `LocMemCache`). */
export class LocMemCache extends BaseCache {
  readonly #store: Map<string, Entry>

  constructor(params: CacheParams) {
    super(params)
    const name = params.setting.LOCATION ?? ''
    let store = stores.get(name)
    if (store === undefined) stores.set(name, (store = new Map()))
    this.#store = store
  }

  /** Entries held now, expired ones included until they are read or culled. */
  get size(): number {
    return this.#store.size
  }

  #live(key: string): Entry | null {
    const entry = this.#store.get(key)
    if (entry === undefined) return null
    if (entry.expires !== null && entry.expires <= Date.now()) {
      this.#store.delete(key)
      return null
    }
    return entry
  }

  #put(key: string, entry: Entry): void {
    if (!this.#store.delete(key) && this.#store.size >= this.maxEntries) this.#cull()
    // Map keeps insertion order: re-inserting makes the key the most recently used.
    this.#store.set(key, entry)
  }

  #cull(): void {
    if (this.cullFrequency === 0) {
      this.#store.clear()
      return
    }
    let count = Math.floor(this.#store.size / this.cullFrequency)
    for (const key of this.#store.keys()) {
      if (count-- <= 0) break
      this.#store.delete(key)
    }
  }

  protected async rawGet(key: string): Promise<string | null> {
    const entry = this.#live(key)
    if (entry === null) return null
    this.#store.delete(key)
    this.#store.set(key, entry)
    return entry.text
  }

  protected async rawSet(key: string, text: string, expires: number | null): Promise<void> {
    this.#put(key, { text, expires })
  }

  protected async rawAdd(key: string, text: string, expires: number | null): Promise<boolean> {
    if (this.#live(key) !== null) return false
    this.#put(key, { text, expires })
    return true
  }

  protected async rawDelete(key: string): Promise<boolean> {
    return this.#live(key) !== null && this.#store.delete(key)
  }

  protected async rawTouch(key: string, expires: number | null): Promise<boolean> {
    const entry = this.#live(key)
    if (entry === null) return false
    this.#store.set(key, { text: entry.text, expires })
    return true
  }

  protected async rawHas(key: string): Promise<boolean> {
    return this.#live(key) !== null
  }

  protected async rawIncr(key: string, delta: number): Promise<number> {
    const entry = this.#live(key)
    if (entry === null) throw new CacheMiss(key)
    const value = integerValue(entry.text, key) + delta
    this.#put(key, { text: dumps(value), expires: entry.expires })
    return value
  }

  async clear(): Promise<void> {
    this.#store.clear()
  }
}

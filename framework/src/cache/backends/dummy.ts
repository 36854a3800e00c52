/**
 * The `dummy` backend: implements the API and stores nothing (Django's `DummyCache`), for
 * development with caching off. Keys are still validated and values still serialized, so code that
 * runs here runs on the real backends.
 *
 * @module
 */
import { BaseCache } from '../base.ts'
import { CacheMiss } from '../errors.ts'

/** A cache that stores nothing (Django's `DummyCache`): `get` misses, `add` says stored, `incr` misses. */
export class DummyCache extends BaseCache {
  protected async rawGet(_key: string): Promise<string | null> {
    return null
  }

  protected async rawSet(_key: string, _text: string, _expires: number | null): Promise<void> {}

  protected async rawAdd(_key: string, _text: string, _expires: number | null): Promise<boolean> {
    return true
  }

  protected async rawDelete(_key: string): Promise<boolean> {
    return false
  }

  protected async rawTouch(_key: string, _expires: number | null): Promise<boolean> {
    return false
  }

  protected async rawHas(_key: string): Promise<boolean> {
    return false
  }

  protected async rawIncr(key: string, _delta: number): Promise<number> {
    throw new CacheMiss(key)
  }

  async clear(): Promise<void> {}
}

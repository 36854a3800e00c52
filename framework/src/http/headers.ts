/**
 * Response headers: a case-insensitive map, kept in lower case so the node adapter writes them
 * without converting.
 *
 * @module
 */

/** Header name → value, names folded to lower case. Set-Cookie is kept apart, on the response's cookies. */
export class ResponseHeaders implements Iterable<[string, string]> {
  readonly #map = new Map<string, string>()

  /** @param init - initial headers; names in any case. */
  constructor(init?: Readonly<Record<string, string>>) {
    if (init) for (const name in init) this.#map.set(name.toLowerCase(), init[name] as string)
  }

  /** The value of `name`, or `undefined`. */
  get(name: string): string | undefined {
    return this.#map.get(name.toLowerCase())
  }

  /** Sets `name` to `value`, replacing any value. */
  set(name: string, value: string): this {
    this.#map.set(name.toLowerCase(), value)
    return this
  }

  /** Sets `name` only when it is not already set (as Django's `setdefault`). */
  setDefault(name: string, value: string): this {
    const key = name.toLowerCase()
    if (!this.#map.has(key)) this.#map.set(key, value)
    return this
  }

  /** Whether `name` is set. */
  has(name: string): boolean {
    return this.#map.has(name.toLowerCase())
  }

  /** Removes `name`. */
  delete(name: string): boolean {
    return this.#map.delete(name.toLowerCase())
  }

  /** Adds to a comma-separated list header such as `Vary`, skipping values already present (case-insensitive). */
  appendList(name: string, value: string): this {
    const key = name.toLowerCase()
    const current = this.#map.get(key)
    if (current === undefined || current === '') {
      this.#map.set(key, value)
      return this
    }
    const have = current.split(',').map((v) => v.trim().toLowerCase())
    if (!have.includes(value.toLowerCase()) && !have.includes('*')) this.#map.set(key, `${current}, ${value}`)
    return this
  }

  /** Number of headers. */
  get size(): number {
    return this.#map.size
  }

  /** `[name, value]` pairs, names in lower case. */
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries()
  }
}

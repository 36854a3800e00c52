/**
 * {@link QueryDict}: a multi-value map for query strings and form data (as Django's `QueryDict`).
 *
 * @module
 */

/**
 * Name → one or more values, in the order they were sent (as Django's `QueryDict`, which backs
 * `request.GET` and `request.POST`). Instances the framework hands out are immutable; {@link
 * QueryDict.copy} gives a mutable one.
 *
 * Iteration yields `[name, value]` for every value, like `URLSearchParams`, so
 * `new URLSearchParams([...dict])` and `Object.fromEntries(dict)` work.
 *
 * @typeParam V - the value type: `string` for fields, `UploadedFile` for `request.files()`.
 * @example
 * ```ts
 * const tags = request.query.getAll('tag')    // ['a', 'b'] for ?tag=a&tag=b
 * const page = request.query.get('page') ?? '1'
 * const next = request.query.copy(); next.set('page', '2'); `?${next.urlencode()}`
 * ```
 */
export class QueryDict<V = string> implements Iterable<[string, V]> {
  readonly #map = new Map<string, V[]>()
  #mutable: boolean

  /**
   * @param entries - `[name, value]` pairs, repeated names allowed.
   * @param options - `mutable: true` to allow `set`, `append` and `delete` (default immutable).
   */
  constructor(entries: Iterable<readonly [string, V]> = [], options: { mutable?: boolean } = {}) {
    for (const [name, value] of entries) {
      const list = this.#map.get(name)
      if (list) list.push(value)
      else this.#map.set(name, [value])
    }
    this.#mutable = options.mutable ?? false
  }

  /** The last value for `name` (Django's `__getitem__`/`get`), or `null` when absent. */
  get(name: string): V | null {
    const list = this.#map.get(name)
    return list === undefined ? null : (list[list.length - 1] as V)
  }

  /** Every value for `name`, in order (Django's `getlist`); empty when absent. */
  getAll(name: string): V[] {
    return [...(this.#map.get(name) ?? [])]
  }

  /** Alias of {@link QueryDict.getAll}, Django's name. */
  getlist(name: string): V[] {
    return this.getAll(name)
  }

  /** Whether `name` was sent at least once. */
  has(name: string): boolean {
    return this.#map.has(name)
  }

  /** Distinct names, in first-seen order. */
  keys(): IterableIterator<string> {
    return this.#map.keys()
  }

  /** The last value of each name (as Django's `values()`). */
  *values(): IterableIterator<V> {
    for (const list of this.#map.values()) yield list[list.length - 1] as V
  }

  /** Every `[name, value]` pair. */
  *entries(): IterableIterator<[string, V]> {
    for (const [name, list] of this.#map) for (const value of list) yield [name, value]
  }

  /** Every `[name, value]` pair (see {@link QueryDict.entries}). */
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries()
  }

  /** Number of distinct names. */
  get size(): number {
    return this.#map.size
  }

  /** Name → every value, a plain object (as Django's `dict(q.lists())`). */
  lists(): Record<string, V[]> {
    const out: Record<string, V[]> = {}
    for (const [name, list] of this.#map) out[name] = [...list]
    return out
  }

  /** Name → last value, a plain object (as Django's `dict()`). */
  dict(): Record<string, V> {
    const out: Record<string, V> = {}
    for (const [name, list] of this.#map) out[name] = list[list.length - 1] as V
    return out
  }

  /** A mutable copy (as Django's `copy()`). */
  copy(): QueryDict<V> {
    return new QueryDict(this.entries(), { mutable: true })
  }

  /**
   * Replaces every value of `name` with `value`.
   * @throws TypeError when immutable.
   */
  set(name: string, value: V): this {
    this.#assertMutable()
    this.#map.set(name, [value])
    return this
  }

  /**
   * Adds a value to `name` (as Django's `appendlist`).
   * @throws TypeError when immutable.
   */
  append(name: string, value: V): this {
    this.#assertMutable()
    const list = this.#map.get(name)
    if (list) list.push(value)
    else this.#map.set(name, [value])
    return this
  }

  /**
   * Removes `name` and all its values.
   * @throws TypeError when immutable.
   */
  delete(name: string): boolean {
    this.#assertMutable()
    return this.#map.delete(name)
  }

  /** `a=1&b=2&b=3`, form-encoded (as Django's `urlencode()`); values that are not strings are `String()`-ed. */
  urlencode(): string {
    const params = new URLSearchParams()
    for (const [name, value] of this.entries()) params.append(name, String(value))
    return params.toString()
  }

  /** Same as {@link QueryDict.urlencode}. */
  toString(): string {
    return this.urlencode()
  }

  #assertMutable(): void {
    if (!this.#mutable) throw new TypeError('This QueryDict instance is immutable; use copy() to get a mutable one.')
  }
}

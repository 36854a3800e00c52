/**
 * The submitted data a bound form reads: a `QueryDict` (from `request.form()` / `request.files()`)
 * or a plain object (`{ name: 'x', tags: ['1', '2'] }`), seen through one small interface.
 *
 * @module
 */
import { QueryDict } from '../../http/query-dict.ts'

/** What widgets read submitted values from (a `QueryDict`'s `get`/`getAll`/`has`). */
export interface FormDataSource {
  /** The last value sent for `name`, or `null`. */
  get(name: string): unknown
  /** Every value sent for `name`, in order. */
  getAll(name: string): unknown[]
  /** Whether `name` was sent. */
  has(name: string): boolean
}

/** Data a form may be bound to. */
export type FormDataInput = QueryDict<unknown> | QueryDict | Readonly<Record<string, unknown>>

/** @internal Wraps a `QueryDict` or a plain object as a {@link FormDataSource}. */
export function toDataSource(data: FormDataInput): FormDataSource {
  if (data instanceof QueryDict) return data as QueryDict<unknown>
  const object = data as Readonly<Record<string, unknown>>
  return {
    get: (name) => {
      const value = object[name]
      if (Array.isArray(value)) return value.length ? value[value.length - 1] : null
      return value === undefined ? null : value
    },
    getAll: (name) => {
      const value = object[name]
      return value === undefined ? [] : Array.isArray(value) ? [...value] : [value]
    },
    has: (name) => Object.hasOwn(object, name),
  }
}

/** @internal An empty data source (unbound forms). */
export const EMPTY_DATA: FormDataSource = { get: () => null, getAll: () => [], has: () => false }

/**
 * Type-level route parsing: the params type a view gets from its route string, worked out by
 * template literal types so `path('articles/<int:year>/', view)` checks `view` against
 * `{ year: number }`.
 *
 * @module
 */

/**
 * The value type each converter gives a view. Add your own converters by declaration merging:
 * ```ts
 * declare module 'tango/urls' { interface ConverterTypes { year4: number } }
 * ```
 * A converter not listed here gives `unknown`.
 */
export interface ConverterTypes {
  str: string
  int: number
  slug: string
  uuid: string
  path: string
}

/** The value type of converter `C` (`unknown` for one not in {@link ConverterTypes}). */
export type ConverterValue<C extends string> = C extends keyof ConverterTypes ? ConverterTypes[C] : unknown

/**
 * Flattens an intersection into one object type, for readable hovers and exact equality tests; no
 * params at all gives `Record<string, never>`.
 */
type Simplify<T> = [keyof T] extends [never] ? Record<string, never> : { [K in keyof T]: T[K] }

/** One `<...>` parameter's contribution: `<int:year>` gives `{ year: number }`, `<slug>` `{ slug: string }`. */
type ParamOf<Inner extends string> = Inner extends `${infer C}:${infer N}`
  ? { [K in N]: ConverterValue<C> }
  : { [K in Inner]: string }

type CollectRoute<R extends string> = R extends `${string}<${infer Inner}>${infer Rest}`
  ? ParamOf<Inner> & CollectRoute<Rest>
  : unknown

/**
 * The params of a `path()` route: `RouteParams<'articles/<int:year>/<slug:slug>/'>` is
 * `{ year: number; slug: string }`. A route typed only as `string` gives `never`, which accepts
 * any view (nothing can be checked then).
 */
export type RouteParams<R extends string> = string extends R ? never : Simplify<CollectRoute<R>>

/** A named group; `(?<=...)` and `(?<!...)` are lookbehinds, not groups. */
type GroupOf<N extends string> = N extends `=${string}` | `!${string}` ? unknown : { [K in N]: string }

type CollectRegex<R extends string> = R extends `${string}(?<${infer N}>${infer Rest}`
  ? GroupOf<N> & CollectRegex<Rest>
  : R extends `${string}(?P<${infer N}>${infer Rest}`
    ? GroupOf<N> & CollectRegex<Rest>
    : unknown

/**
 * The params of a `rePath()` regex: each named group, `(?<name>...)` or Python's `(?P<name>...)`,
 * as a string (a group that did not take part in the match is left out at run time, as Django does).
 */
export type RegexParams<R extends string> = string extends R ? never : Simplify<CollectRegex<R>>

/**
 * Flattening a URLconf: every route to a view, with the chain of prefixes in front of it, in
 * declaration order (the order Django tries them), plus the namespace scopes `reverse()` walks.
 *
 * @module
 * @internal
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import type { AnyView, URLEntry } from './patterns.ts'
import type { Pattern } from './route.ts'

/** One route to a view, with its include prefixes. @internal */
export interface FlatRoute {
  /** Position in declaration order, depth first: the lower wins when several match. */
  readonly index: number
  /** The patterns from the root include down to the route itself. */
  readonly pieces: readonly Pattern[]
  readonly view: AnyView
  readonly name: string | null
  /** The full pattern for display and `ResolverMatch.route`, e.g. `news/<int:year>/`. */
  readonly route: string
  /** Instance namespaces, outermost first. */
  readonly namespaces: readonly string[]
  /** Application namespaces, outermost first. */
  readonly appNames: readonly string[]
  /** `ns:name`, or `null` when unnamed. */
  readonly viewName: string | null
}

/** A namespace level: the names and nested namespaces `reverse()` can see from it. @internal */
export interface Scope {
  /** Instance namespace → its scope; the first declared wins, as in Django. */
  readonly namespaceDict: Map<string, Scope>
  /** Application namespace → its instance namespaces, in declaration order. */
  readonly appDict: Map<string, string[]>
  /** Route name → routes with it, in declaration order. */
  readonly names: Map<string, FlatRoute[]>
  /** The namespace path of this scope (empty for the root), for messages. */
  readonly path: readonly string[]
}

function newScope(path: readonly string[]): Scope {
  return { namespaceDict: new Map(), appDict: new Map(), names: new Map(), path }
}

/** Joins pattern sources the way Django prints them: an inner regex's leading `^` is dropped. */
export function displayRoute(pieces: readonly Pattern[]): string {
  let out = ''
  for (const p of pieces) out += p.kind === 'regex' && out !== '' ? p.source.replace(/^\^/, '') : p.source
  return out
}

/**
 * Flattens a URLconf.
 * @returns the routes in declaration order and the root namespace scope.
 * @internal
 */
export function flatten(urlpatterns: readonly URLEntry[]): { routes: FlatRoute[]; root: Scope } {
  const routes: FlatRoute[] = []
  const root = newScope([])
  const walk = (entries: readonly URLEntry[], prefix: readonly Pattern[], namespaces: readonly string[], appNames: readonly string[], scope: Scope): void => {
    for (const entry of entries) {
      if (entry.pattern.kind === 'locale' && prefix.length > 0) {
        throw new ImproperlyConfigured('i18nPatterns() is only allowed in the root URLconf, not inside include() (as Django).')
      }
      const pieces = [...prefix, entry.pattern]
      if (entry.kind === 'URLPattern') {
        const viewName = entry.name === null ? null : [...namespaces, entry.name].join(':')
        const route: FlatRoute = {
          index: routes.length, pieces, view: entry.view, name: entry.name, route: displayRoute(pieces),
          namespaces, appNames, viewName,
        }
        routes.push(route)
        if (entry.name !== null) {
          const list = scope.names.get(entry.name)
          if (list) list.push(route)
          else scope.names.set(entry.name, [route])
        }
        continue
      }
      if (entry.namespace === null) {
        walk(entry.urlpatterns, pieces, namespaces, appNames, scope)
        continue
      }
      // A second include with the same instance namespace is reachable by resolving but not by
      // reversing, as in Django (its check urls.W005 warns about it).
      const existing = scope.namespaceDict.get(entry.namespace)
      const child = existing ?? newScope([...scope.path, entry.namespace])
      if (!existing) scope.namespaceDict.set(entry.namespace, child)
      const appName = entry.appName ?? entry.namespace
      const instances = scope.appDict.get(appName)
      if (!instances) scope.appDict.set(appName, [entry.namespace])
      else if (!instances.includes(entry.namespace)) instances.push(entry.namespace)
      // Routes of a duplicate namespace are still walked, into a throw-away scope, so they resolve.
      walk(entry.urlpatterns, pieces, [...namespaces, entry.namespace], [...appNames, appName], existing ? newScope(child.path) : child)
    }
  }
  walk(urlpatterns, [], [], [], root)
  return { routes, root }
}

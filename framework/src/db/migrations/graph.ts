/**
 * The migration graph (Django's `MigrationGraph`): one node per migration `[app, name]`, an edge from
 * each migration to each of its dependencies. It answers "what must run, in which order" for a
 * target: the forwards plan (every ancestor, dependencies first) and the backwards plan (every
 * descendant, dependants first), and reports the leaves of each app (more than one is a conflict).
 *
 * @module
 */
import { TangoError } from '../../core/errors.ts'
import type { LoadedMigration, MigrationKey } from './types.ts'
import { keyString } from './types.ts'

/** The graph is inconsistent: a dependency names a migration that does not exist, or there is a cycle. Code `E_MIGRATION_GRAPH`. */
export class MigrationGraphError extends TangoError {
  /** @param message - names the migrations at fault. */
  constructor(message: string, options?: ErrorOptions) {
    super('E_MIGRATION_GRAPH', message, options)
  }
}

/**
 * An app has more than one leaf migration (two branches made in parallel, Django's "Conflicting
 * migrations detected"). Fixed by `makemigrations --merge`. Code `E_MIGRATION_CONFLICT`.
 */
export class MigrationConflictError extends TangoError {
  /** Leaf names per conflicting app. */
  readonly conflicts: Readonly<Record<string, readonly string[]>>

  /** @param conflicts - app label → its leaf migration names. */
  constructor(conflicts: Readonly<Record<string, readonly string[]>>) {
    const parts = Object.entries(conflicts).map(([app, names]) => `${names.join(', ')} in ${app}`)
    super('E_MIGRATION_CONFLICT', `Conflicting migrations detected; multiple leaf nodes in the migration graph: (${parts.join('; ')}). To fix them run 'makemigrations --merge'.`)
    this.conflicts = conflicts
  }
}

/** One node: a migration and its edges. */
export interface GraphNode {
  readonly key: MigrationKey
  /** The migration, or `null` for a dummy node (a dependency not loaded yet). */
  readonly migration: LoadedMigration | null
  /** Keys (`'app.name'`) of the migrations this one depends on. */
  readonly parents: Set<string>
  /** Keys of the migrations that depend on this one. */
  readonly children: Set<string>
}

/** Compares keys so plans are deterministic: by app, then by name. */
function compareKeys(a: MigrationKey, b: MigrationKey): number {
  return a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1
}

/**
 * A directed acyclic graph of migrations.
 *
 * @example
 * ```ts
 * const graph = new MigrationGraph()
 * graph.addNode(['polls', '0001_initial'], m1)
 * graph.addNode(['polls', '0002_choice'], m2)
 * graph.addDependency(['polls', '0002_choice'], ['polls', '0001_initial'])
 * graph.forwardsPlan(['polls', '0002_choice']) // [['polls','0001_initial'], ['polls','0002_choice']]
 * ```
 */
export class MigrationGraph {
  #nodes = new Map<string, GraphNode>()
  /** Dependencies recorded with a missing parent: checked by {@link MigrationGraph.validateConsistency}. */
  #missing: [child: MigrationKey, parent: MigrationKey][] = []

  /** Adds (or replaces the migration of) a node. */
  addNode(key: MigrationKey, migration: LoadedMigration | null): void {
    const existing = this.#nodes.get(keyString(key))
    if (existing !== undefined) {
      this.#nodes.set(keyString(key), { ...existing, migration })
      return
    }
    this.#nodes.set(keyString(key), { key: [key[0], key[1]], migration, parents: new Set(), children: new Set() })
  }

  /**
   * Records that `child` depends on `parent`. A parent that is not (yet) a node is remembered and
   * reported by {@link MigrationGraph.validateConsistency}.
   * @throws {@link MigrationGraphError} when `child` is not a node.
   */
  addDependency(child: MigrationKey, parent: MigrationKey): void {
    const childNode = this.#nodes.get(keyString(child))
    if (childNode === undefined) throw new MigrationGraphError(`Migration ${keyString(child)} is not in the graph.`)
    const parentNode = this.#nodes.get(keyString(parent))
    if (parentNode === undefined) {
      this.#missing.push([child, parent])
      return
    }
    childNode.parents.add(keyString(parent))
    parentNode.children.add(keyString(child))
  }

  /**
   * Throws when a dependency names a migration that is not in the graph (Django's
   * `NodeNotFoundError`), or when the graph has a cycle.
   * @throws {@link MigrationGraphError}
   */
  validateConsistency(): void {
    const missing = this.#missing.filter(([, parent]) => !this.#nodes.has(keyString(parent)))
    const first = missing[0]
    if (first !== undefined) {
      throw new MigrationGraphError(`Migration ${keyString(first[0])} dependencies reference nonexistent parent node ${keyString(first[1])}.`)
    }
    this.ensureNotCyclic()
  }

  /** The node for a key, or `undefined`. */
  node(key: MigrationKey): GraphNode | undefined {
    return this.#nodes.get(keyString(key))
  }

  /** Whether the graph has this node. */
  has(key: MigrationKey): boolean {
    return this.#nodes.has(keyString(key))
  }

  /** Every node key, sorted by app then name. */
  keys(): MigrationKey[] {
    return [...this.#nodes.values()].map((n) => n.key).sort(compareKeys)
  }

  #get(key: MigrationKey | string): GraphNode {
    const name = typeof key === 'string' ? key : keyString(key)
    const node = this.#nodes.get(name)
    if (node === undefined) throw new MigrationGraphError(`Node ${name} is not a known migration.`)
    return node
  }

  /**
   * Removes the nodes a squashed migration replaces and points their outside edges at the
   * replacement (Django's `remove_replaced_nodes`): used when none or all of the replaced ran.
   */
  removeReplacedNodes(replacement: MigrationKey, replaced: readonly MigrationKey[]): void {
    const target = this.#get(replacement)
    const replacedKeys = new Set(replaced.map(keyString))
    for (const name of replacedKeys) {
      const node = this.#nodes.get(name)
      if (node === undefined) continue
      for (const child of node.children) {
        const childNode = this.#get(child)
        childNode.parents.delete(name)
        if (!replacedKeys.has(child) && child !== keyString(replacement)) {
          childNode.parents.add(keyString(replacement))
          target.children.add(child)
        }
      }
      for (const parent of node.parents) {
        const parentNode = this.#get(parent)
        parentNode.children.delete(name)
        if (!replacedKeys.has(parent) && parent !== keyString(replacement)) {
          parentNode.children.add(keyString(replacement))
          target.parents.add(parent)
        }
      }
      this.#nodes.delete(name)
    }
  }

  /**
   * Removes a squashed migration and points its dependants at the last migration it replaces
   * (Django's `remove_replacement_node`): used when only some of the replaced ran.
   */
  removeReplacementNode(replacement: MigrationKey, replaced: readonly MigrationKey[]): void {
    const name = keyString(replacement)
    const node = this.#nodes.get(name)
    if (node === undefined) return
    const last = replaced.at(-1)
    const lastNode = last === undefined ? undefined : this.#nodes.get(keyString(last))
    const replacedKeys = new Set(replaced.map(keyString))
    for (const child of node.children) {
      const childNode = this.#get(child)
      childNode.parents.delete(name)
      if (lastNode !== undefined && !replacedKeys.has(child)) {
        childNode.parents.add(keyString(lastNode.key))
        lastNode.children.add(child)
      }
    }
    for (const parent of node.parents) this.#get(parent).children.delete(name)
    this.#nodes.delete(name)
  }

  /**
   * Every migration `target` needs, dependencies first, ending with `target` (Django's `forwards_plan`).
   * @throws {@link MigrationGraphError} for an unknown target.
   */
  forwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#postOrder(this.#get(target), 'parents')
  }

  /**
   * Every migration that depends on `target`, dependants first, ending with `target` (Django's
   * `backwards_plan`): the order to unapply them in.
   * @throws {@link MigrationGraphError} for an unknown target.
   */
  backwardsPlan(target: MigrationKey): MigrationKey[] {
    return this.#postOrder(this.#get(target), 'children')
  }

  /** Iterative depth-first post-order over `parents` or `children`, visiting neighbours in sorted order. */
  #postOrder(start: GraphNode, direction: 'parents' | 'children'): MigrationKey[] {
    const result: MigrationKey[] = []
    const done = new Set<string>()
    const stack: [GraphNode, boolean][] = [[start, false]]
    while (stack.length > 0) {
      const [node, expanded] = stack.pop() as [GraphNode, boolean]
      const name = keyString(node.key)
      if (done.has(name)) continue
      if (expanded) {
        done.add(name)
        result.push(node.key)
        continue
      }
      stack.push([node, true])
      const next = [...node[direction]].map((k) => this.#get(k)).sort((a, b) => compareKeys(b.key, a.key))
      for (const n of next) if (!done.has(keyString(n.key))) stack.push([n, false])
    }
    return result
  }

  /** Nodes with no dependency in their own app (Django's `root_nodes`), sorted; only `app`'s when given. */
  rootNodes(app?: string): MigrationKey[] {
    return [...this.#nodes.values()]
      .filter((n) => (app === undefined || n.key[0] === app) && ![...n.parents].some((p) => this.#get(p).key[0] === n.key[0]))
      .map((n) => n.key)
      .sort(compareKeys)
  }

  /** Nodes no migration of their own app depends on (Django's `leaf_nodes`), sorted; only `app`'s when given. */
  leafNodes(app?: string): MigrationKey[] {
    return [...this.#nodes.values()]
      .filter((n) => (app === undefined || n.key[0] === app) && ![...n.children].some((c) => this.#get(c).key[0] === n.key[0]))
      .map((n) => n.key)
      .sort(compareKeys)
  }

  /** Apps with more than one leaf, with their leaf names (Django's `detect_conflicts`). */
  detectConflicts(): Record<string, string[]> {
    const byApp: Record<string, string[]> = {}
    for (const [app, name] of this.leafNodes()) (byApp[app] ??= []).push(name)
    return Object.fromEntries(Object.entries(byApp).filter(([, names]) => names.length > 1))
  }

  /**
   * Throws when an app has more than one leaf.
   * @throws {@link MigrationConflictError}
   */
  ensureNoConflicts(): void {
    const conflicts = this.detectConflicts()
    if (Object.keys(conflicts).length > 0) throw new MigrationConflictError(conflicts)
  }

  /**
   * Throws when the graph has a cycle, naming the migrations on it.
   * @throws {@link MigrationGraphError}
   */
  ensureNotCyclic(): void {
    const state = new Map<string, 'open' | 'closed'>()
    for (const start of [...this.#nodes.keys()].sort()) {
      if (state.has(start)) continue
      const path: string[] = []
      const stack: [string, boolean][] = [[start, false]]
      while (stack.length > 0) {
        const [name, leaving] = stack.pop() as [string, boolean]
        if (leaving) {
          state.set(name, 'closed')
          path.pop()
          continue
        }
        if (state.get(name) === 'closed') continue
        state.set(name, 'open')
        path.push(name)
        stack.push([name, true])
        for (const parent of [...this.#get(name).parents].sort()) {
          const seen = state.get(parent)
          if (seen === 'open') {
            const cycle = [...path.slice(path.indexOf(parent)), parent]
            throw new MigrationGraphError(`Circular dependency between migrations: ${cycle.join(' -> ')}.`)
          }
          if (seen === undefined) stack.push([parent, false])
        }
      }
    }
  }
}

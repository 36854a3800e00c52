/**
 * `Q` objects: filter conditions combined with AND, OR and NOT (Django's `django.db.models.Q`).
 *
 * @module
 */

/** One lookup: `['question__pubDate__year', 2024]`. */
export type QLeaf = readonly [key: string, value: unknown]

/** A tree of conditions. Plain, frozen data: `connector` joins `children`, `negated` wraps it in NOT. */
export class QNode {
  readonly connector: 'AND' | 'OR'
  readonly negated: boolean
  readonly children: readonly (QLeaf | QNode)[]

  constructor(connector: 'AND' | 'OR', children: readonly (QLeaf | QNode)[], negated = false) {
    this.connector = connector
    this.children = children
    this.negated = negated
    Object.freeze(this)
  }

  /** `this AND other` (Django's `q1 & q2`). */
  and(...others: readonly QNode[]): QNode {
    return new QNode('AND', [this, ...others])
  }

  /** `this OR other` (Django's `q1 | q2`). */
  or(...others: readonly QNode[]): QNode {
    return new QNode('OR', [this, ...others])
  }

  /** `NOT this` (Django's `~q`). */
  not(): QNode {
    return new QNode(this.connector, this.children, !this.negated)
  }
}

/** The conditions accepted by `Q()` and `filter()`: lookup keys to values. */
export type QConditions = { readonly [key: string]: unknown }

/**
 * Builds a condition from lookups joined with AND, as Django's `Q(**kwargs)`: `Q({ votes__gt: 5 })`.
 * Combine with `.and()`, `.or()`, `.not()` or the static `Q.and(a, b)`, `Q.or(a, b)`, `Q.not(a)`.
 *
 * @example
 * Question.objects.filter(Q({ questionText__startswith: 'What' }).or(Q({ pubDate__year: 2024 })))
 */
export function Q(conditions: QConditions = {}): QNode {
  return new QNode('AND', Object.entries(conditions).map(([k, v]) => [k, v] as const))
}
/** `a AND b AND ...`. */
Q.and = (...nodes: readonly QNode[]): QNode => new QNode('AND', nodes)
/** `a OR b OR ...`. */
Q.or = (...nodes: readonly QNode[]): QNode => new QNode('OR', nodes)
/** `NOT a`. */
Q.not = (node: QNode): QNode => node.not()

/** The type of a `Q(...)` value. */
export type Q = QNode

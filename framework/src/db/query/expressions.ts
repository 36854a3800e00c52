/**
 * Query expressions: `F` (a reference to a column, with arithmetic) and the aggregates
 * `Count Sum Avg Min Max`, as Django's `django.db.models.expressions` / `aggregates`. Plain,
 * frozen data with a `kind`; the compiler turns them into SQL.
 *
 * @module
 */

/** An arithmetic operator usable between expressions. */
export type ArithmeticOperator = '+' | '-' | '*' | '/'

/** A value or an expression: what an `F` arithmetic method accepts. */
export type ExpressionOperand = Expression | number | string | bigint

/** Any expression node. */
export type Expression = FExpression | CombinedExpression

/** Fluent arithmetic, shared by every expression node. */
abstract class Combinable {
  /** `F('votes').add(1)` → `votes + 1`. */
  add(other: ExpressionOperand): CombinedExpression {
    return new CombinedExpression(this as unknown as Expression, '+', other)
  }
  /** `F('stock').sub(n)` → `stock - n`. */
  sub(other: ExpressionOperand): CombinedExpression {
    return new CombinedExpression(this as unknown as Expression, '-', other)
  }
  /** `F('price').mul(2)` → `price * 2`. */
  mul(other: ExpressionOperand): CombinedExpression {
    return new CombinedExpression(this as unknown as Expression, '*', other)
  }
  /** `F('total').div(F('count'))` → `total / count` (integer division on integer columns, as the database does). */
  div(other: ExpressionOperand): CombinedExpression {
    return new CombinedExpression(this as unknown as Expression, '/', other)
  }
}

/** A reference to a field by its lookup path (`'votes'`, `'question__pubDate'`). Build with {@link F}. */
export class FExpression extends Combinable {
  readonly kind = 'F' as const
  /** The field path, `__`-separated. */
  readonly name: string
  /** @param name - the field path. */
  constructor(name: string) {
    super()
    this.name = name
    Object.freeze(this)
  }
}

/** `lhs <op> rhs`, built by {@link FExpression.add} and friends. */
export class CombinedExpression extends Combinable {
  readonly kind = 'Combined' as const
  readonly lhs: ExpressionOperand
  readonly op: ArithmeticOperator
  readonly rhs: ExpressionOperand
  constructor(lhs: ExpressionOperand, op: ArithmeticOperator, rhs: ExpressionOperand) {
    super()
    this.lhs = lhs
    this.op = op
    this.rhs = rhs
    Object.freeze(this)
  }
}

/**
 * A reference to a field of the row being filtered or updated (Django's `F()`), so the database
 * computes the value: `update({ votes: F('votes').add(1) })` is atomic, `filter({ votes__gt:
 * F('minVotes') })` compares two columns.
 *
 * @param name - a field name or a `__` path across forward relations (`'question__pubDate'`); in
 *   `update()` only the model's own fields.
 */
export function F(name: string): FExpression {
  return new FExpression(name)
}

/** True for an {@link F} or arithmetic expression. */
export function isExpression(value: unknown): value is Expression {
  return value instanceof FExpression || value instanceof CombinedExpression
}

/** The aggregate functions. */
export type AggregateFunction = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX'

/** Options of an aggregate. */
export interface AggregateOptions {
  /** `COUNT(DISTINCT ...)` (Count only, as Django). */
  readonly distinct?: boolean
}

/**
 * An aggregate over a field path: `Sum('votes')`, `Count('choices')`. Used by
 * `QuerySet.aggregate()` (one row for the whole QuerySet) and `QuerySet.annotate()` (a value per
 * row, over the related rows).
 */
export class Aggregate {
  readonly kind = 'Aggregate' as const
  readonly fn: AggregateFunction
  /** The field path, or `'*'` for `Count('*')`. */
  readonly path: string
  readonly distinct: boolean
  constructor(fn: AggregateFunction, path: string, options: AggregateOptions = {}) {
    this.fn = fn
    this.path = path
    this.distinct = options.distinct ?? false
    Object.freeze(this)
  }
}

/** `COUNT(path)`; `Count('*')` counts rows; `{ distinct: true }` counts distinct values. Returns a number. */
export function Count(path: string, options: AggregateOptions = {}): Aggregate {
  return new Aggregate('COUNT', path, options)
}
/** `SUM(path)`: a number (a string for decimal fields), `null` over no rows (as SQL and Django). */
export function Sum(path: string): Aggregate {
  return new Aggregate('SUM', path)
}
/** `AVG(path)`: a number, `null` over no rows. */
export function Avg(path: string): Aggregate {
  return new Aggregate('AVG', path)
}
/** `MIN(path)`: a value of the field's type, `null` over no rows. */
export function Min(path: string): Aggregate {
  return new Aggregate('MIN', path)
}
/** `MAX(path)`: a value of the field's type, `null` over no rows. */
export function Max(path: string): Aggregate {
  return new Aggregate('MAX', path)
}

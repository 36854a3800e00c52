/**
 * The query layer: `QuerySet`, `Manager`, `Q`, `F`, aggregates, the deletion `Collector`, raw
 * queries and `captureQueries`. Re-exported from `tango/db`.
 *
 * @module
 */
export { QuerySet, type FilterArg } from './queryset.ts'
export { Manager, type QuerySetClass, type ExtraMethods } from './manager.ts'
export { Q, QNode, type QConditions, type QLeaf } from './q.ts'
export { F, FExpression, CombinedExpression, Aggregate, Count, Sum, Avg, Min, Max, type Expression, type ExpressionOperand, type AggregateOptions, type AggregateFunction, type ArithmeticOperator } from './expressions.ts'
// Importing the Collector registers it as `instance.delete()`'s handler.
export { Collector, type DeleteResult } from './deletion.ts'
export { RawQuerySet } from './raw.ts'
export { captureQueries, type CapturedQuery } from './execute.ts'
export type { BulkCreateOptions } from './bulk.ts'
export { LOOKUPS, TRANSFORMS } from './lookups.ts'

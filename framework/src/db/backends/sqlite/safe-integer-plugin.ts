/**
 * better-sqlite3 runs with `defaultSafeIntegers(true)` so 64-bit integers are never rounded; this
 * plugin turns every result `bigint` that fits in a JS number back into a `number`, so ids, counts
 * and ordinary integers read as numbers and only true 64-bit values stay `bigint` (the same rule the
 * PostgreSQL int8 parser follows).
 *
 * @module
 * @internal
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

const MIN = BigInt(Number.MIN_SAFE_INTEGER)
const MAX = BigInt(Number.MAX_SAFE_INTEGER)

/** @internal */
export class SafeIntegerPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    for (const row of args.result.rows) {
      for (const key in row) {
        const v = row[key]
        if (typeof v === 'bigint' && v >= MIN && v <= MAX) row[key] = Number(v)
      }
    }
    return args.result
  }
}

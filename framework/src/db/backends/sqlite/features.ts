/**
 * What SQLite can do (Django's `sqlite3/features.py`).
 *
 * @module
 */
import type { DatabaseFeatures } from '../base/types.ts'

/** Feature flags of the SQLite backend. */
export const sqliteFeatures: DatabaseFeatures = Object.freeze({
  canReturnRows: true,
  supportsSelectForUpdate: false,
  canRollbackDdl: true,
  supportsPartialIndexes: true,
  hasIlike: false,
  hasNativeUuidField: false,
  hasNativeJsonField: false,
  maxQueryParams: 32766,
})

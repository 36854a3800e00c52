/**
 * What PostgreSQL can do (Django's `postgresql/features.py`).
 *
 * @module
 */
import type { DatabaseFeatures } from '../base/types.ts'

/** Feature flags of the PostgreSQL backend. */
export const postgresFeatures: DatabaseFeatures = Object.freeze({
  canReturnRows: true,
  supportsSelectForUpdate: true,
  canRollbackDdl: true,
  supportsPartialIndexes: true,
  hasIlike: true,
  hasNativeUuidField: true,
  hasNativeJsonField: true,
  maxQueryParams: 65535,
})

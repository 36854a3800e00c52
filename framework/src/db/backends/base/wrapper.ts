/**
 * The connection object both vendors share (Django's `BaseDatabaseWrapper`).
 *
 * @module
 */
import type { SchemaEditor, SchemaEditorOptions } from './schema-editor.ts'
import type { DatabaseConfig, DatabaseFeatures, DatabaseOperations, DatabaseWrapper, UntypedKysely, Vendor } from './types.ts'

/** What a vendor module hands to {@link BaseDatabaseWrapper}. */
export interface WrapperParts {
  readonly config: DatabaseConfig
  readonly kysely: UntypedKysely
  readonly ops: DatabaseOperations
  readonly features: DatabaseFeatures
  readonly makeSchemaEditor: (options: SchemaEditorOptions) => SchemaEditor
}

/** {@link DatabaseWrapper} implementation; made by `connections.get()`, not by applications. */
export class BaseDatabaseWrapper implements DatabaseWrapper {
  readonly alias: string
  readonly vendor: Vendor
  readonly config: DatabaseConfig
  readonly kysely: UntypedKysely
  readonly ops: DatabaseOperations
  readonly features: DatabaseFeatures
  #makeSchemaEditor: (options: SchemaEditorOptions) => SchemaEditor
  #closed = false

  constructor(parts: WrapperParts) {
    this.alias = parts.config.alias
    this.vendor = parts.config.vendor
    this.config = parts.config
    this.kysely = parts.kysely
    this.ops = parts.ops
    this.features = parts.features
    this.#makeSchemaEditor = parts.makeSchemaEditor
  }

  /** {@inheritDoc DatabaseWrapper.schemaEditor} */
  schemaEditor(options: Omit<SchemaEditorOptions, 'connection'>): SchemaEditor {
    return this.#makeSchemaEditor({ ...options, connection: this })
  }

  /** {@inheritDoc DatabaseWrapper.close} */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.kysely.destroy()
  }
}

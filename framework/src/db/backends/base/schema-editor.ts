/**
 * The schema editor (Django's `BaseDatabaseSchemaEditor`): turns model-level changes into DDL for one
 * connection. Migration operations call it; `sqlmigrate` uses `collectSql: true` to print the SQL
 * without running it. Vendors subclass it (`sqlite/schema-editor.ts` rebuilds tables for the ALTERs
 * SQLite lacks; `postgres/schema-editor.ts` uses ALTER TABLE).
 *
 * Conventions: `model` is the table's spec *before* the change (Django's `from_model`); fields are
 * `FieldSpec`s; foreign keys are created without `ON DELETE` (the ORM's collector applies on-delete
 * rules, as Django) and `DEFERRABLE INITIALLY DEFERRED`; ForeignKey columns get an index.
 *
 * @module
 */
import { sql } from 'kysely'
import { IntegrityError } from '../../errors.ts'
import type { ConstraintSpec, FieldSpec, IndexSpec, ModelSpec } from '../../spec.ts'
import { currentFrame } from './atomic-context.ts'
import { autoJoinModel, indexName, targetLabel } from './schema-names.ts'
import type { DatabaseWrapper, UntypedKysely } from './types.ts'

/** Options of a {@link SchemaEditor}. */
export interface SchemaEditorOptions {
  readonly connection: DatabaseWrapper
  /** Gives any model's spec by label (`'app.Name'`): FK target tables and their primary key types. */
  readonly resolveModel: (label: string) => ModelSpec
  /** Only record statements in `executed`; run nothing (for `sqlmigrate`). Default `false`. */
  readonly collectSql?: boolean
}

const isRelation = (f: FieldSpec): boolean => f.type === 'ForeignKey' || f.type === 'OneToOneField'

/** Base schema editor; get one from `connection.schemaEditor({ resolveModel })`. */
export abstract class SchemaEditor {
  readonly connection: DatabaseWrapper
  readonly collectSql: boolean
  /** Every statement run (or, with `collectSql`, collected), in order, without trailing `;`. */
  readonly executed: string[] = []
  protected readonly resolveModel: (label: string) => ModelSpec
  /** Statements to run at the end of {@link SchemaEditor.atomic} / {@link SchemaEditor.flush} (FKs to tables created later). */
  protected readonly deferred: string[] = []

  constructor(options: SchemaEditorOptions) {
    this.connection = options.connection
    this.resolveModel = options.resolveModel
    this.collectSql = options.collectSql ?? false
  }

  /** Quotes an identifier. */
  protected q(name: string): string {
    return this.connection.ops.quoteName(name)
  }

  /** The kysely to run DDL on: the open `atomic()` transaction of this alias, else the root. */
  protected get kysely(): UntypedKysely {
    return currentFrame(this.connection.alias)?.trx ?? this.connection.kysely
  }

  /** Records `statement` and runs it unless collecting. */
  async execute(statement: string): Promise<void> {
    this.executed.push(statement)
    if (!this.collectSql) await sql.raw(statement).execute(this.kysely)
  }

  /** Runs a query and returns its rows (never in collect mode: returns `[]`). */
  protected async query(statement: string): Promise<Record<string, unknown>[]> {
    if (this.collectSql) return []
    const result = await sql.raw<Record<string, unknown>>(statement).execute(this.kysely)
    return [...result.rows]
  }

  /**
   * Runs `fn` (a migration's schema changes) in one transaction, then the deferred statements. On
   * SQLite it turns foreign-key enforcement off around the transaction (SQLite cannot change that
   * inside one; table rebuilds need it off) and checks every foreign key before commit, as Django.
   * @throws TransactionManagementError (SQLite) when called inside an open `atomic()` block.
   */
  abstract atomic<T>(fn: () => Promise<T>): Promise<T>

  /** Runs the deferred statements (foreign keys created after all tables exist). */
  async flush(): Promise<void> {
    while (this.deferred.length > 0) await this.execute(this.deferred.shift() as string)
  }

  // ---- column SQL -------------------------------------------------------------------------

  /** The target model and its primary key field of a relation field. */
  protected target(model: ModelSpec, field: FieldSpec): { model: ModelSpec; pk: FieldSpec } {
    const label = targetLabel(model, field.relation?.to ?? 'self')
    const target = label === model.label ? model : this.resolveModel(label)
    const pk = target.fields.find((f) => f.name === target.pk)
    if (pk === undefined) throw new TypeError(`Model ${target.label} has no primary key field '${target.pk}'.`)
    return { model: target, pk }
  }

  /** Column type of `field` (FKs follow their target's primary key). */
  protected columnType(model: ModelSpec, field: FieldSpec): string {
    const type = isRelation(field) ? this.connection.ops.columnType(field, this.target(model, field).pk) : this.connection.ops.columnType(field)
    if (type === null) throw new TypeError(`Field '${field.name}' (${field.type}) has no column.`)
    return type
  }

  /** Django's `effective_default`: the default, called once when a function; `''` for blank text. */
  protected effectiveDefault(field: FieldSpec): unknown {
    if (field.hasDefault) return typeof field.default === 'function' ? (field.default as () => unknown)() : field.default
    if ((field.autoNow || field.autoNowAdd) && !field.null) {
      if (field.type === 'DateTimeField') return new Date()
      if (field.type === 'DateField') return new Date().toISOString().slice(0, 10)
    }
    if (!field.null && field.blank && ['CharField', 'TextField', 'EmailField', 'URLField', 'SlugField'].includes(field.type)) return ''
    return null
  }

  /** The SQL literal of the effective default, or `null` when there is none. */
  protected defaultLiteral(field: FieldSpec): string | null {
    const value = this.effectiveDefault(field)
    return value === null || value === undefined ? null : this.connection.ops.literal(field, value)
  }

  /** Primary key column text after the type (`PRIMARY KEY AUTOINCREMENT` / identity). */
  protected abstract primaryKeySql(field: FieldSpec): string

  /** Extra CHECK of a column (positive integers; JSON on SQLite). */
  protected checkSql(field: FieldSpec): string | null {
    return field.type === 'PositiveIntegerField' ? `CHECK (${this.q(field.column ?? '')} >= 0)` : null
  }

  /** `REFERENCES "t" ("id") DEFERRABLE INITIALLY DEFERRED` for a relation field. */
  protected referencesSql(model: ModelSpec, field: FieldSpec): string {
    const { model: target, pk } = this.target(model, field)
    return `REFERENCES ${this.q(target.dbTable)} (${this.q(pk.column ?? pk.name)}) DEFERRABLE INITIALLY DEFERRED`
  }

  /**
   * One column definition. `withDefault` adds a DDL `DEFAULT` (AddField filling existing rows);
   * `inlineReferences` writes the FK in the column (SQLite; PostgreSQL adds a named constraint).
   */
  protected columnSql(model: ModelSpec, field: FieldSpec, opts: { withDefault?: boolean; inlineReferences?: boolean } = {}): string {
    const parts = [this.q(field.column ?? ''), this.columnType(model, field)]
    if (field.primaryKey) parts.push(this.primaryKeySql(field))
    else {
      if (opts.withDefault) {
        const literal = this.defaultLiteral(field)
        if (literal !== null) parts.push(`DEFAULT ${literal}`)
      }
      parts.push(field.null ? 'NULL' : 'NOT NULL')
      if (field.unique) parts.push('UNIQUE')
    }
    const check = this.checkSql(field)
    if (check !== null) parts.push(check)
    if (opts.inlineReferences && isRelation(field)) parts.push(this.referencesSql(model, field))
    return parts.join(' ')
  }

  /** Fields that have a column. */
  protected concrete(model: ModelSpec): FieldSpec[] {
    return model.fields.filter((f) => f.column !== null && f.type !== 'ManyToManyField')
  }

  /** Column names of field names. */
  protected columns(model: ModelSpec, names: readonly string[]): string[] {
    return names.map((n) => {
      const field = model.fields.find((f) => f.name === n || f.column === n)
      if (field?.column == null) throw new TypeError(`Model ${model.label} has no column for field '${n}'.`)
      return field.column
    })
  }

  /** Whether a field gets its own (non-unique) index: dbIndex, and every FK (Django's ForeignKey db_index=True). */
  protected hasIndex(field: FieldSpec): boolean {
    return (field.dbIndex || field.type === 'ForeignKey') && !field.unique && !field.primaryKey && field.column !== null
  }

  /** CREATE INDEX statements of a field's index. */
  protected fieldIndexSql(model: ModelSpec, field: FieldSpec): string {
    const column = field.column ?? ''
    return `CREATE INDEX ${this.q(indexName(model.dbTable, [column], 'idx'))} ON ${this.q(model.dbTable)} (${this.q(column)})`
  }

  /** CREATE INDEX of a `Meta.indexes` entry. */
  protected indexSql(model: ModelSpec, index: IndexSpec): string {
    const cols = this.columns(model, index.fields.map((f) => f.replace(/^-/, ''))).map((c, i) => `${this.q(c)}${index.fields[i]?.startsWith('-') ? ' DESC' : ''}`)
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${this.q(index.name)} ON ${this.q(model.dbTable)} (${cols.join(', ')})`
  }

  /** Name of the unique constraint of a unique-together set. */
  protected uniqueTogetherName(model: ModelSpec, fields: readonly string[]): string {
    return indexName(model.dbTable, this.columns(model, fields), 'uniq')
  }

  /** Table-level constraint clause of a non-partial constraint, or `null` for a partial unique (an index). */
  protected constraintClause(model: ModelSpec, constraint: ConstraintSpec): string | null {
    if (constraint.kind === 'check') return `CONSTRAINT ${this.q(constraint.name)} CHECK (${constraint.check})`
    if (constraint.condition !== null) return null
    return `CONSTRAINT ${this.q(constraint.name)} UNIQUE (${this.columns(model, constraint.fields).map((c) => this.q(c)).join(', ')})`
  }

  /** `CREATE UNIQUE INDEX ... WHERE` of a partial unique constraint. */
  protected partialUniqueSql(model: ModelSpec, constraint: ConstraintSpec & { kind: 'unique' }): string {
    const cols = this.columns(model, constraint.fields).map((c) => this.q(c)).join(', ')
    return `CREATE UNIQUE INDEX ${this.q(constraint.name)} ON ${this.q(model.dbTable)} (${cols}) WHERE ${constraint.condition ?? 'TRUE'}`
  }

  /** CREATE TABLE with columns, unique-together and constraints, plus the index statements after it. */
  protected tableSql(model: ModelSpec, inlineReferences: boolean, table = model.dbTable): { create: string; after: string[] } {
    const defs = this.concrete(model).map((f) => this.columnSql(model, f, { inlineReferences }))
    for (const fields of model.uniqueTogether) defs.push(`CONSTRAINT ${this.q(this.uniqueTogetherName(model, fields))} UNIQUE (${this.columns(model, fields).map((c) => this.q(c)).join(', ')})`)
    const after: string[] = []
    for (const c of model.constraints) {
      const clause = this.constraintClause(model, c)
      if (clause !== null) defs.push(clause)
      else if (c.kind === 'unique') after.push(this.partialUniqueSql(model, c))
    }
    const named = { ...model, dbTable: table }
    for (const f of this.concrete(model)) if (this.hasIndex(f)) after.unshift(this.fieldIndexSql(named, f))
    for (const index of model.indexes) after.push(this.indexSql(named, index))
    return { create: `CREATE TABLE ${this.q(table)} (${defs.join(', ')})`, after }
  }

  // ---- operations ---------------------------------------------------------------------------

  /** CREATE TABLE for a model (and its automatic many-to-many join tables), with indexes and constraints. */
  abstract createModel(model: ModelSpec): Promise<void>

  /** DROP TABLE (and the automatic join tables). */
  async deleteModel(model: ModelSpec): Promise<void> {
    for (const field of model.fields) {
      const join = this.joinModel(model, field)
      if (join !== null) await this.execute(`DROP TABLE ${this.q(join.dbTable)}`)
    }
    await this.execute(`DROP TABLE ${this.q(model.dbTable)}${this.connection.vendor === 'postgresql' ? ' CASCADE' : ''}`)
  }

  /** The automatic join table of a many-to-many field, or `null`. */
  protected joinModel(model: ModelSpec, field: FieldSpec): ModelSpec | null {
    if (field.type !== 'ManyToManyField' || field.relation === null || field.relation.through !== null) return null
    return autoJoinModel(model, field, this.target(model, field).model)
  }

  /** Adds a column (a join table for a many-to-many field); a NOT NULL column with a default fills existing rows with it. */
  abstract addField(model: ModelSpec, field: FieldSpec): Promise<void>
  /** Drops a column (the join table for a many-to-many field). */
  abstract removeField(model: ModelSpec, field: FieldSpec): Promise<void>
  /** Changes a column: type (data kept), null, default, unique, dbIndex, column name, FK target. */
  abstract alterField(model: ModelSpec, oldField: FieldSpec, newField: FieldSpec): Promise<void>

  /** Renames the table (`ALTER TABLE ... RENAME TO`), and automatic join tables named after it. */
  async alterDbTable(model: ModelSpec, oldTable: string, newTable: string): Promise<void> {
    if (oldTable === newTable) return
    await this.execute(`ALTER TABLE ${this.q(oldTable)} RENAME TO ${this.q(newTable)}`)
  }

  /** CREATE INDEX of a `Meta.indexes` entry. */
  async addIndex(model: ModelSpec, index: IndexSpec): Promise<void> {
    await this.execute(this.indexSql(model, index))
  }

  /** DROP INDEX. */
  async removeIndex(_model: ModelSpec, index: IndexSpec): Promise<void> {
    await this.execute(`DROP INDEX ${this.q(index.name)}`)
  }

  /** Adds a unique (partial → unique index) or check constraint. */
  abstract addConstraint(model: ModelSpec, constraint: ConstraintSpec): Promise<void>
  /** Removes a constraint added by {@link SchemaEditor.addConstraint} or `createModel`. */
  abstract removeConstraint(model: ModelSpec, constraint: ConstraintSpec): Promise<void>

  /** Replaces the unique-together sets: drops the removed ones, adds the new ones. */
  async alterUniqueTogether(model: ModelSpec, oldSets: readonly (readonly string[])[], newSets: readonly (readonly string[])[]): Promise<void> {
    const key = (s: readonly string[]): string => s.join('\0')
    const oldKeys = new Set(oldSets.map(key))
    const newKeys = new Set(newSets.map(key))
    for (const s of oldSets) if (!newKeys.has(key(s))) await this.removeConstraint(model, { kind: 'unique', name: this.uniqueTogetherName(model, s), fields: s, condition: null })
    for (const s of newSets) if (!oldKeys.has(key(s))) await this.addConstraint(model, { kind: 'unique', name: this.uniqueTogetherName(model, s), fields: s, condition: null })
  }

  /** Throws when foreign keys point nowhere (SQLite `PRAGMA foreign_key_check`; PostgreSQL checks itself). */
  protected async checkForeignKeys(): Promise<void> {
    const rows = await this.query('PRAGMA foreign_key_check')
    if (rows.length > 0) {
      const first = rows[0] ?? {}
      throw new IntegrityError(`Foreign key check failed after a schema change: ${rows.length} row(s) point nowhere, e.g. table '${String(first.table)}' rowid ${String(first.rowid)} → '${String(first.parent)}'.`)
    }
  }
}

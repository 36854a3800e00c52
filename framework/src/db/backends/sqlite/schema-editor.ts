/**
 * SQLite schema editor (Django's `sqlite3/schema.py`). SQLite's ALTER TABLE can add a plain nullable
 * column, rename a column or a table, and little else; every other change rebuilds the table as
 * Django's `_remake_table`: create `new__<table>` with the new shape, copy every row with
 * `INSERT INTO ... SELECT` (new columns get their default, altered ones are converted), drop the old
 * table, rename the new one, recreate the indexes, and run `PRAGMA foreign_key_check`, failing (and
 * so rolling back) when any row points nowhere.
 *
 * @module
 */
import { sql } from 'kysely'
import type { ConstraintSpec, FieldSpec, ModelSpec } from '../../spec.ts'
import { atomic, TransactionManagementError } from '../../transaction.ts'
import { currentFrame } from '../base/atomic-context.ts'
import { SchemaEditor } from '../base/schema-editor.ts'

/** One change a rebuild applies. */
interface Remake {
  readonly add?: FieldSpec
  readonly remove?: FieldSpec
  readonly alter?: readonly [FieldSpec, FieldSpec]
  readonly constraints?: readonly ConstraintSpec[]
  readonly uniqueTogether?: readonly (readonly string[])[]
}

const NUMERIC_TYPES = new Set(['AutoField', 'BigAutoField', 'IntegerField', 'SmallIntegerField', 'BigIntegerField', 'PositiveIntegerField', 'FloatField'])

/** {@link SchemaEditor} for SQLite. */
export class SqliteSchemaEditor extends SchemaEditor {
  protected primaryKeySql(field: FieldSpec): string {
    return field.type === 'AutoField' || field.type === 'BigAutoField' ? 'NOT NULL PRIMARY KEY AUTOINCREMENT' : 'NOT NULL PRIMARY KEY'
  }

  protected override checkSql(field: FieldSpec): string | null {
    if (field.type === 'JSONField') return `CHECK ((JSON_VALID(${this.q(field.column ?? '')}) OR ${this.q(field.column ?? '')} IS NULL))`
    return super.checkSql(field)
  }

  /** {@inheritDoc SchemaEditor.atomic} */
  async atomic<T>(fn: () => Promise<T>): Promise<T> {
    if (this.collectSql) {
      const result = await fn()
      await this.flush()
      return result
    }
    if (currentFrame(this.connection.alias) !== undefined) {
      throw new TransactionManagementError('The SQLite schema editor cannot run inside an open atomic() block: foreign key checks can only be disabled outside a transaction. Use schemaEditor.atomic() as the outermost block.')
    }
    const root = this.connection.kysely
    await sql.raw('PRAGMA foreign_keys = OFF').execute(root)
    try {
      return await atomic(async () => {
        const result = await fn()
        await this.flush()
        await this.checkForeignKeys()
        return result
      }, { using: this.connection.alias })
    } finally {
      await sql.raw('PRAGMA foreign_keys = ON').execute(root)
    }
  }

  /** Rebuilds need foreign keys off: outside any transaction, wrap the work in {@link SqliteSchemaEditor.atomic}. */
  async #guarded(fn: () => Promise<void>): Promise<void> {
    if (this.collectSql || currentFrame(this.connection.alias) !== undefined) return fn()
    return this.atomic(fn)
  }

  /** {@inheritDoc SchemaEditor.createModel} */
  async createModel(model: ModelSpec): Promise<void> {
    const { create, after } = this.tableSql(model, true)
    await this.execute(create)
    for (const s of after) await this.execute(s)
    for (const field of model.fields) {
      const join = this.joinModel(model, field)
      if (join !== null) await this.createModel(join)
    }
  }

  /** {@inheritDoc SchemaEditor.addField} */
  async addField(model: ModelSpec, field: FieldSpec): Promise<void> {
    const before = { ...model, fields: model.fields.filter((f) => f.name !== field.name) }
    if (field.type === 'ManyToManyField') {
      const join = this.joinModel(before, field)
      if (join !== null) await this.createModel(join)
      return
    }
    // Django: ALTER TABLE ADD COLUMN only for a nullable, non-unique column without a default; else rebuild.
    if (field.null && !field.unique && !field.primaryKey && this.effectiveDefault(field) === null) {
      await this.execute(`ALTER TABLE ${this.q(model.dbTable)} ADD COLUMN ${this.columnSql(before, field, { inlineReferences: true })}`)
      if (this.hasIndex(field)) await this.execute(this.fieldIndexSql(model, field))
      return
    }
    await this.#guarded(() => this.remake(before, { add: field }))
  }

  /** {@inheritDoc SchemaEditor.removeField} */
  async removeField(model: ModelSpec, field: FieldSpec): Promise<void> {
    if (field.type === 'ManyToManyField') {
      const join = this.joinModel(model, field)
      if (join !== null) await this.execute(`DROP TABLE ${this.q(join.dbTable)}`)
      return
    }
    await this.#guarded(() => this.remake(model, { remove: field }))
  }

  /** {@inheritDoc SchemaEditor.alterField} */
  async alterField(model: ModelSpec, oldField: FieldSpec, newField: FieldSpec): Promise<void> {
    if (oldField.type === 'ManyToManyField' && newField.type === 'ManyToManyField') {
      const oldJoin = this.joinModel(model, oldField)
      const newJoin = this.joinModel(model, newField)
      if (oldJoin !== null && newJoin !== null && oldJoin.dbTable !== newJoin.dbTable) await this.alterDbTable(oldJoin, oldJoin.dbTable, newJoin.dbTable)
      return
    }
    await this.#guarded(() => this.remake(model, { alter: [oldField, newField] }))
  }

  /** {@inheritDoc SchemaEditor.addConstraint} */
  async addConstraint(model: ModelSpec, constraint: ConstraintSpec): Promise<void> {
    if (constraint.kind === 'unique' && constraint.condition !== null) return this.execute(this.partialUniqueSql(model, constraint))
    await this.#guarded(() => this.remake(model, { constraints: [...model.constraints.filter((c) => c.name !== constraint.name), constraint], ...this.#withoutTogether(model, constraint) }))
  }

  /** {@inheritDoc SchemaEditor.removeConstraint} */
  async removeConstraint(model: ModelSpec, constraint: ConstraintSpec): Promise<void> {
    if (constraint.kind === 'unique' && constraint.condition !== null) return this.execute(`DROP INDEX ${this.q(constraint.name)}`)
    await this.#guarded(() => this.remake(model, {
      constraints: model.constraints.filter((c) => c.name !== constraint.name),
      ...this.#withoutTogether(model, constraint),
    }))
  }

  /** alterUniqueTogether passes its sets as constraints named like uniqueTogether's: keep them out of the rebuilt table's uniqueTogether. */
  #withoutTogether(model: ModelSpec, constraint: ConstraintSpec): { uniqueTogether: readonly (readonly string[])[] } {
    return { uniqueTogether: model.uniqueTogether.filter((s) => this.uniqueTogetherName(model, s) !== constraint.name) }
  }

  /** {@inheritDoc SchemaEditor.alterUniqueTogether} */
  override async alterUniqueTogether(model: ModelSpec, _oldSets: readonly (readonly string[])[], newSets: readonly (readonly string[])[]): Promise<void> {
    await this.#guarded(() => this.remake(model, { uniqueTogether: newSets }))
  }

  /** {@inheritDoc SchemaEditor.alterDbTable} */
  override async alterDbTable(model: ModelSpec, oldTable: string, newTable: string): Promise<void> {
    if (oldTable === newTable) return
    await super.alterDbTable(model, oldTable, newTable)
    // Index names derive from the table name: recreate them so later operations find them.
    const renamed = { ...model, dbTable: newTable }
    const oldNamed = { ...model, dbTable: oldTable }
    for (const f of this.concrete(model)) {
      if (!this.hasIndex(f)) continue
      await this.execute(`DROP INDEX IF EXISTS ${this.q(this.fieldIndexName(oldNamed, f))}`)
      await this.execute(this.fieldIndexSql(renamed, f))
    }
  }

  private fieldIndexName(model: ModelSpec, field: FieldSpec): string {
    return /INDEX "([^"]+)"/.exec(this.fieldIndexSql(model, field))?.[1] ?? ''
  }

  /** The SELECT expression copying `oldField`'s data into `newField`'s column (NULLs become the default when the column turns NOT NULL). */
  #copyExpression(oldField: FieldSpec, newField: FieldSpec): string {
    const col = this.q(oldField.column ?? '')
    let expr = col
    if (newField.type === 'DecimalField' && NUMERIC_TYPES.has(oldField.type)) expr = `printf('%.${newField.decimalPlaces ?? 0}f', ${col})`
    else if ((newField.type === 'TextField' || newField.type === 'CharField') && oldField.type !== 'BinaryField') expr = `CAST(${col} AS TEXT)`
    else if (NUMERIC_TYPES.has(newField.type) && !NUMERIC_TYPES.has(oldField.type)) expr = `CAST(${col} AS ${newField.type === 'FloatField' ? 'REAL' : 'INTEGER'})`
    const literal = oldField.null && !newField.null ? this.defaultLiteral(newField) : null
    if (expr === col && literal === null) return col
    return `CASE WHEN ${col} IS NULL THEN ${literal ?? 'NULL'} ELSE ${expr} END`
  }

  /** Django's `_remake_table`: rebuild `model`'s table with one change, keeping every row. */
  protected async remake(model: ModelSpec, change: Remake): Promise<void> {
    const mapping = new Map<string, string>()
    const fields: FieldSpec[] = []
    for (const f of model.fields) {
      if (change.remove !== undefined && f.name === change.remove.name) continue
      if (change.alter !== undefined && f.name === change.alter[0].name) {
        const [oldField, newField] = change.alter
        fields.push(newField)
        if (newField.column !== null && oldField.column !== null) mapping.set(newField.column, this.#copyExpression(oldField, newField))
        continue
      }
      fields.push(f)
      if (f.column !== null && f.type !== 'ManyToManyField') mapping.set(f.column, this.q(f.column))
    }
    if (change.add !== undefined && change.add.column !== null) {
      fields.push(change.add)
      mapping.set(change.add.column, this.defaultLiteral(change.add) ?? 'NULL')
    }
    const renamedFields = (names: readonly string[]): string[] => names.map((n) => (change.alter !== undefined && n === change.alter[0].name ? change.alter[1].name : n))
    const next: ModelSpec = {
      ...model,
      fields,
      constraints: change.constraints ?? model.constraints,
      uniqueTogether: (change.uniqueTogether ?? model.uniqueTogether).map(renamedFields),
      indexes: model.indexes.map((i) => ({ ...i, fields: renamedFields(i.fields) })),
    }
    const temp = `new__${model.dbTable}`
    const { create } = this.tableSql(next, true, temp)
    await this.execute(create)
    const cols = [...mapping.keys()]
    await this.execute(`INSERT INTO ${this.q(temp)} (${cols.map((c) => this.q(c)).join(', ')}) SELECT ${cols.map((c) => mapping.get(c)).join(', ')} FROM ${this.q(model.dbTable)}`)
    await this.execute(`DROP TABLE ${this.q(model.dbTable)}`)
    await this.execute(`ALTER TABLE ${this.q(temp)} RENAME TO ${this.q(model.dbTable)}`)
    // Indexes are made after the rename so their names and targets use the real table.
    const { after } = this.tableSql(next, true)
    for (const s of after) await this.execute(s)
    await this.checkForeignKeys()
  }
}

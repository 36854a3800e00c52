/**
 * The migration writer (Django's `MigrationWriter`): turns operations into a readable TypeScript
 * migration file that imports its builders from `tango/db/migrations`, with every field spec
 * written in full in a stable key order so a migration never depends on future defaults.
 *
 * @module
 */
import type { FieldSpec } from '../spec.ts'
import { TangoError } from '../../core/errors.ts'
import { handlerFor } from './operations/index.ts'
import type { Operation } from './operations/types.ts'

/** FieldSpec keys in the order files list them (spec.ts's order; `validators` is not serializable). */
const FIELD_KEYS: readonly (keyof FieldSpec)[] = [
  'name', 'type', 'column', 'primaryKey', 'null', 'blank', 'unique', 'dbIndex', 'hasDefault', 'default',
  'editable', 'choices', 'verboseName', 'helpText', 'maxLength', 'maxDigits', 'decimalPlaces', 'autoNow',
  'autoNowAdd', 'relation',
]
const RELATION_KEYS = ['to', 'relatedName', 'onDelete', 'through', 'dbTable'] as const

const BUILDERS: Readonly<Record<Operation['kind'], string>> = {
  CreateModel: 'createModel', DeleteModel: 'deleteModel', RenameModel: 'renameModel', AlterModelTable: 'alterModelTable',
  AlterModelOptions: 'alterModelOptions', AddField: 'addField', RemoveField: 'removeField', AlterField: 'alterField',
  RenameField: 'renameField', AddIndex: 'addIndex', RemoveIndex: 'removeIndex', AddConstraint: 'addConstraint',
  RemoveConstraint: 'removeConstraint', AlterUniqueTogether: 'alterUniqueTogether', RunSQL: 'runSQL', RunCode: 'runCode',
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/**
 * A value as TypeScript source: strings, numbers, booleans, null, bigint (`12n`), Date
 * (`new Date('...')`), arrays and plain objects (keys in insertion order).
 * @throws TangoError E_MIGRATION_SERIALIZE for functions, symbols and class instances.
 */
export function serializeValue(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'string': return JSON.stringify(value).replace(/'/g, "\\'").replace(/^"|"$/g, "'").replace(/\\"/g, '"')
    case 'number': return Number.isFinite(value) ? String(value) : 'null'
    case 'boolean': return String(value)
    case 'bigint': return `${value}n`
    default: break
  }
  if (value instanceof Date) return `new Date('${value.toISOString()}')`
  const inner = `${indent}  `
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    const items = value.map((v) => serializeValue(v, inner))
    const flat = `[${items.join(', ')}]`
    return flat.length <= 80 && !flat.includes('\n') ? flat : `[\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}]`
  }
  if (typeof value === 'object' && (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    if (entries.length === 0) return '{}'
    const parts = entries.map(([k, v]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${serializeValue(v, inner)}`)
    const flat = `{ ${parts.join(', ')} }`
    return flat.length <= 100 && !flat.includes('\n') ? flat : `{\n${parts.map((p) => `${inner}${p},`).join('\n')}\n${indent}}`
  }
  throw new TangoError('E_MIGRATION_SERIALIZE', `Cannot serialize ${typeof value === 'function' ? 'a function' : String(value)} into a migration file.`)
}

/** A field spec in full, stable key order; a callable default becomes `hasDefault: true, default: null` with a comment. */
function serializeField(field: FieldSpec, indent: string): string {
  const inner = `${indent}  `
  const lines: string[] = []
  for (const key of FIELD_KEYS) {
    let value: unknown = field[key]
    if (key === 'default' && typeof value === 'function') {
      lines.push(`${inner}// The default is a function (${value.name || 'anonymous'}); new rows get it from the model, not from here.`)
      value = null
    }
    if (key === 'relation' && field.relation !== null) {
      const relation = field.relation
      value = Object.fromEntries(RELATION_KEYS.map((k) => [k, relation[k]]))
    }
    lines.push(`${inner}${key}: ${serializeValue(value, inner)},`)
  }
  return `{\n${lines.join('\n')}\n${indent}}`
}

/** One builder call, one block per operation. */
function serializeOperation(op: Operation, indent: string): string {
  const inner = `${indent}  `
  const fields: string[] = []
  for (const [key, value] of Object.entries(op)) {
    if (key === 'kind') continue
    let text: string
    if (key === 'fields' && op.kind === 'CreateModel') {
      text = `[\n${op.fields.map((f) => `${inner}  ${serializeField(f, `${inner}  `)},`).join('\n')}\n${inner}]`
    } else if (key === 'field' && (op.kind === 'AddField' || op.kind === 'AlterField')) {
      text = serializeField(op.field, inner)
    } else if (typeof value === 'function') {
      // RunCode (squashing): the function's own source; it must not use imports of its old module.
      text = String(value)
    } else if (key === 'stateOperations' && op.kind === 'RunSQL') {
      text = op.stateOperations.length === 0 ? '[]' : `[\n${op.stateOperations.map((o) => `${inner}  ${serializeOperation(o, `${inner}  `)},`).join('\n')}\n${inner}]`
    } else {
      text = serializeValue(value, inner)
    }
    fields.push(`${inner}${key}: ${text},`)
  }
  return `${BUILDERS[op.kind]}({\n${fields.join('\n')}\n${indent}})`
}

/** What {@link writeMigration} takes. */
export interface WriteMigrationInput {
  readonly dependencies: readonly (readonly [string, string])[]
  readonly operations: readonly Operation[]
  readonly replaces?: readonly (readonly [string, string])[]
  /** Tango's version for the header. */
  readonly version: string
  /** Default: now. Printed as `YYYY-MM-DD HH:MM` (UTC). */
  readonly date?: Date
}

/** Every builder an operation list needs, nested state operations included. */
function buildersUsed(operations: readonly Operation[]): string[] {
  const names = new Set<string>()
  const visit = (ops: readonly Operation[]): void => {
    for (const op of ops) {
      names.add(BUILDERS[op.kind])
      if (op.kind === 'RunSQL') visit(op.stateOperations)
    }
  }
  visit(operations)
  return [...names].sort()
}

/**
 * The source of a migration file.
 * @example
 * ```ts
 * writeMigration({ dependencies: [], operations: [createModel({ model: 'polls.Question', fields })], version: '0.1.0' })
 * ```
 */
export function writeMigration(input: WriteMigrationInput): string {
  const date = (input.date ?? new Date()).toISOString().slice(0, 16).replace('T', ' ')
  const builders = buildersUsed(input.operations)
  const lines = [`// Generated by Tango ${input.version} on ${date}`]
  if (builders.length > 0) lines.push(`import { ${builders.join(', ')} } from 'tango/db/migrations'`)
  lines.push('', 'export default {')
  lines.push(`  dependencies: ${serializeValue(input.dependencies.map((d) => [...d]), '  ')},`)
  if (input.replaces !== undefined) lines.push(`  replaces: ${serializeValue(input.replaces.map((d) => [...d]), '  ')},`)
  if (input.operations.length === 0) {
    lines.push('  operations: [],')
  } else {
    lines.push('  operations: [')
    for (const op of input.operations) {
      lines.push(`    // ${handlerFor(op).describe(op)}`)
      lines.push(`    ${serializeOperation(op, '    ')},`)
    }
    lines.push('  ],')
  }
  lines.push('}', '')
  return lines.join('\n')
}

/**
 * The name after the number (Django's `Migration.suggest_name`): `initial` for an app's first
 * migration made of CreateModels, the operations' fragments joined by `_` (`add_question_pubdate`,
 * `question_choice`) when that stays under 52 characters, else `auto_<YYYYMMDD_HHMM>`.
 */
export function migrationName(operations: readonly Operation[], options: { initial: boolean; date?: Date }): string {
  if (options.initial && operations.length > 0 && operations.every((op) => op.kind === 'CreateModel' || op.kind === 'AddField' || op.kind === 'AddIndex' || op.kind === 'AddConstraint')) return 'initial'
  const fragments = operations.map((op) => handlerFor(op).nameFragment(op))
  const name = fragments.every((f) => f !== null) ? fragments.join('_').replace(/[^a-z0-9_]/gi, '_') : ''
  if (name !== '' && name.length <= 52) return name
  const iso = (options.date ?? new Date()).toISOString()
  return `auto_${iso.slice(0, 10).replace(/-/g, '')}_${iso.slice(11, 16).replace(':', '')}`
}

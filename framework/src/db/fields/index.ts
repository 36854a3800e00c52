/**
 * Field builders and the field value.
 *
 * @module
 */
export { Field, ForeignKey, ManyToMany, makeDraft } from './field.ts'
export type { AnyField, FieldDraft, FieldOptions, ForeignKeyOptions, ManyToManyOptions } from './field.ts'
export { f } from './builders.ts'
export type { JsonValue, CharOptions, StringOptions, DecimalOptions, DateOptions } from './builders.ts'
export { textChoices, integerChoices } from './choices.ts'
export type { Choices } from './choices.ts'
export { validateField } from './validation.ts'

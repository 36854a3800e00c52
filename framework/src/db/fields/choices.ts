/**
 * `textChoices` / `integerChoices`: enum-like frozen objects for a field's `choices` (as Django's
 * `TextChoices` / `IntegerChoices`), without TypeScript enums.
 *
 * @module
 */
import type { Choice } from '../spec.ts'

/** What {@link textChoices} / {@link integerChoices} return: the members plus `.choices`, `.values`, `.labels`. */
export type Choices<E extends Record<string, readonly [string | number, string]>> = {
  readonly [K in keyof E]: E[K][0]
} & {
  /** `(value, label)` pairs in declaration order, for a field's `choices` option. */
  readonly choices: readonly { readonly value: E[keyof E][0]; readonly label: string }[]
  readonly values: readonly E[keyof E][0][]
  readonly labels: readonly string[]
  /** The label of a value, or `undefined`. */
  readonly labelOf: (value: unknown) => string | undefined
}

function build<E extends Record<string, readonly [string | number, string]>>(members: E): Choices<E> {
  const out: Record<string, unknown> = {}
  const choices: Choice[] = []
  for (const [key, [value, label]] of Object.entries(members)) {
    out[key] = value
    choices.push(Object.freeze({ value, label }))
  }
  const labels = new Map(choices.map((c) => [c.value, c.label]))
  out['choices'] = Object.freeze(choices)
  out['values'] = Object.freeze(choices.map((c) => c.value))
  out['labels'] = Object.freeze(choices.map((c) => c.label))
  out['labelOf'] = (value: unknown) => labels.get(value as string | number)
  return Object.freeze(out) as Choices<E>
}

/**
 * String choices (Django's `TextChoices`). Each member is `[value, label]`.
 * @example
 * ```ts
 * export const Status = textChoices({ DRAFT: ['d', 'Draft'], PUBLISHED: ['p', 'Published'] })
 * status: f.char({ maxLength: 1, choices: Status.choices, default: Status.DRAFT })
 * ```
 */
export function textChoices<const E extends Record<string, readonly [string, string]>>(members: E): Choices<E> {
  return build(members)
}

/** Integer choices (Django's `IntegerChoices`). Each member is `[value, label]`. */
export function integerChoices<const E extends Record<string, readonly [number, string]>>(members: E): Choices<E> {
  return build(members)
}

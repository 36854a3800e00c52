/**
 * Swappable models (Django's `Meta.swappable`): a model such as `auth.User` names a setting
 * (`'AUTH_USER_MODEL'`); when that setting holds another model's label, the model is *swapped*: it has
 * no manager, no reverse relations, and migrations leave its table alone.
 *
 * @module
 */
import { settings } from '../../core/settings.ts'
import type { ModelSpec } from '../spec.ts'

/**
 * The label `spec` is swapped for (Django's `Options.swapped`): the value of the setting named by
 * `spec.swappable` when it is a string naming another model (compared case-insensitively, as
 * Django's `label_lower`), else `null` (not swappable, or not swapped). Reads the live settings, so
 * the answer follows `configure()`.
 * @example
 * ```ts
 * swappedFor(User._meta) // 'accounts.User' when AUTH_USER_MODEL = 'accounts.User', else null
 * ```
 */
export function swappedFor(spec: Pick<ModelSpec, 'label' | 'swappable'>): string | null {
  if (spec.swappable === undefined) return null
  // Settings are a closed interface; a swappable model names one of its string entries by key.
  const value = (settings as unknown as Readonly<Record<string, unknown>>)[spec.swappable]
  if (typeof value !== 'string' || value.toLowerCase() === spec.label.toLowerCase()) return null
  return value
}

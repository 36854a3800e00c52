/**
 * Password validation (Django's `django.contrib.auth.password_validation`): a list of validators,
 * each throwing `ValidationError` for a weak password; {@link validatePassword} runs them all and
 * throws one error with every message.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { gettext, gettextLazy, ngettext } from 'tango/core'
import type { LazyString } from 'tango/core'
import { ValidationError } from 'tango/db'

/** The user attributes a validator may compare against (any object with string fields works). */
export type PasswordUser = object | null | undefined

/** A password validator (Django's validator classes). */
export interface PasswordValidator {
  /** Throws `ValidationError` when `password` is not acceptable. */
  validate(password: string, user?: PasswordUser): void
  /** One sentence for help texts ("Your password must contain at least 8 characters."), in the active language. */
  getHelpText(): string
}

/** Fills `{name}` placeholders (as `formatMessage` in `tango/forms`). */
function fill(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}

/** At least `minLength` characters (default 8), Django's `MinimumLengthValidator`. */
export class MinimumLengthValidator implements PasswordValidator {
  readonly minLength: number
  constructor(options: { readonly minLength?: number } = {}) {
    this.minLength = options.minLength ?? 8
  }
  validate(password: string): void {
    if ([...password].length < this.minLength) {
      throw new ValidationError(fill(ngettext('This password is too short. It must contain at least {minLength} character.', 'This password is too short. It must contain at least {minLength} characters.', this.minLength), { minLength: this.minLength }))
    }
  }
  getHelpText(): string {
    return fill(ngettext('Your password must contain at least {minLength} character.', 'Your password must contain at least {minLength} characters.', this.minLength), { minLength: this.minLength })
  }
}

/** Not only digits, Django's `NumericPasswordValidator`. */
export class NumericPasswordValidator implements PasswordValidator {
  validate(password: string): void {
    if (/^\d+$/u.test(password)) throw new ValidationError(gettext('This password is entirely numeric.'))
  }
  getHelpText(): string {
    return gettext('Your password can’t be entirely numeric.')
  }
}

/** difflib's `SequenceMatcher.quick_ratio`: 2 × (common characters, as multisets) / total length. */
function quickRatio(a: string, b: string): number {
  if (a.length + b.length === 0) return 1
  const counts = new Map<string, number>()
  for (const ch of b) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let matches = 0
  for (const ch of a) {
    const left = counts.get(ch) ?? 0
    if (left > 0) {
      matches++
      counts.set(ch, left - 1)
    }
  }
  return (2 * matches) / (a.length + b.length)
}

/** Words for the error message (`firstName` → `first name`, `email` → `email address`): the user fields' verbose names. */
const ATTRIBUTE_NAMES: Readonly<Record<string, LazyString>> = {
  username: gettextLazy('username'), firstName: gettextLazy('first name'), lastName: gettextLazy('last name'), email: gettextLazy('email address'),
}

/**
 * Not too similar to the user's attributes (Django's `UserAttributeSimilarityValidator`): for each
 * attribute, the whole value and each of its parts split on non-word characters are compared with
 * difflib's quick ratio; `>= maxSimilarity` (default 0.7, at least 0.1) fails. Like Django, a
 * password much longer than the value is skipped without comparing.
 */
export class UserAttributeSimilarityValidator implements PasswordValidator {
  readonly userAttributes: readonly string[]
  readonly maxSimilarity: number
  constructor(options: { readonly userAttributes?: readonly string[]; readonly maxSimilarity?: number } = {}) {
    this.userAttributes = options.userAttributes ?? ['username', 'firstName', 'lastName', 'email']
    this.maxSimilarity = options.maxSimilarity ?? 0.7
    if (this.maxSimilarity < 0.1) throw new RangeError('maxSimilarity must be at least 0.1')
  }
  validate(password: string, user?: PasswordUser): void {
    if (!user) return
    const lower = password.toLowerCase()
    for (const attribute of this.userAttributes) {
      // Any object: a user row, an unsaved form's values; only string attributes are compared.
      const value = (user as Readonly<Record<string, unknown>>)[attribute]
      if (typeof value !== 'string' || value === '') continue
      const valueLower = value.toLowerCase()
      for (const part of [...valueLower.split(/\W+/u), valueLower]) {
        if (part === '') continue
        // Django's exceeds_maximum_length_ratio: the ratio cannot reach the maximum, skip the work.
        if (lower.length >= 10 * part.length && part.length < (this.maxSimilarity / 2) * lower.length) continue
        if (quickRatio(lower, part) >= this.maxSimilarity) {
          throw new ValidationError(fill(gettext('The password is too similar to the {verboseName}.'), { verboseName: String(ATTRIBUTE_NAMES[attribute] ?? attribute) }))
        }
      }
    }
  }
  getHelpText(): string {
    return gettext('Your password can’t be too similar to your other personal information.')
  }
}

let commonPasswords: ReadonlySet<string> | null = null
/** The shipped list: Django's `common-passwords.txt.gz` (19,646 entries, lower-case). */
function defaultCommonPasswords(): ReadonlySet<string> {
  commonPasswords ??= new Set(gunzipSync(readFileSync(new URL('./common-passwords.txt.gz', import.meta.url))).toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean))
  return commonPasswords
}

/**
 * Not in a list of common passwords (Django's `CommonPasswordValidator`): the password, trimmed and
 * lower-cased, must not be in `passwords` (default: the 19,646 passwords Django ships, read on first use).
 */
export class CommonPasswordValidator implements PasswordValidator {
  readonly #passwords: ReadonlySet<string> | null
  constructor(options: { readonly passwords?: Iterable<string> } = {}) {
    this.#passwords = options.passwords ? new Set([...options.passwords].map((p) => p.trim().toLowerCase())) : null
  }
  validate(password: string): void {
    const list = this.#passwords ?? defaultCommonPasswords()
    if (list.has(password.trim().toLowerCase())) throw new ValidationError(gettext('This password is too common.'))
  }
  getHelpText(): string {
    return gettext('Your password can’t be a commonly used password.')
  }
}

/** Django's `AUTH_PASSWORD_VALIDATORS` from a new project: all four. */
export function defaultPasswordValidators(): PasswordValidator[] {
  return [new UserAttributeSimilarityValidator(), new MinimumLengthValidator(), new CommonPasswordValidator(), new NumericPasswordValidator()]
}

/**
 * Runs every validator (Django's `validate_password`) and throws one `ValidationError` with all their
 * messages (under `__all__`), or returns when the password passes.
 * @param user - the user the password is for (for the similarity check); may be unsaved or absent.
 * @param validators - default {@link defaultPasswordValidators}.
 */
export function validatePassword(password: string, user?: PasswordUser, validators: readonly PasswordValidator[] = defaultPasswordValidators()): void {
  const messages: string[] = []
  for (const validator of validators) {
    try {
      validator.validate(password, user)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      messages.push(...error.messages)
    }
  }
  if (messages.length > 0) throw new ValidationError(messages)
}

/** Every validator's help text (Django's `password_validators_help_texts`). */
export function passwordValidatorsHelpTexts(validators: readonly PasswordValidator[] = defaultPasswordValidators()): string[] {
  return validators.map((v) => v.getHelpText())
}

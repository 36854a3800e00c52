/**
 * The development `SECRET_KEY` a new project gets (as Django's `get_random_secret_key()` with its
 * `django-insecure-` prefix): random, but marked so `check --deploy` flags it for replacement.
 *
 * @module
 */
import { randomInt } from 'node:crypto'
import { INSECURE_SECRET_KEY_PREFIX } from '../../core/settings.ts'

// Django's alphabet. No quote or backslash, so the key can sit inside a string literal in settings.ts.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'

/** A new key: `tango-insecure-` followed by 50 characters from a CSPRNG. */
export function generateSecretKey(length = 50): string {
  let key = ''
  for (let i = 0; i < length; i++) key += ALPHABET[randomInt(ALPHABET.length)]
  return INSECURE_SECRET_KEY_PREFIX + key
}

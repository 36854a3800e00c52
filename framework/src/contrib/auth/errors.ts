/**
 * The auth app's errors.
 *
 * @module
 */
import { TangoError } from 'tango/core'

/**
 * A password longer than {@link MAX_PASSWORD_BYTES} was given to `makePassword` (code
 * `E_PASSWORD_TOO_LONG`). Rejected before hashing, so a huge password cannot make the server hash
 * megabytes (a denial of service).
 */
export class PasswordTooLong extends TangoError {
  constructor(bytes: number) {
    super('E_PASSWORD_TOO_LONG', `The password is ${bytes} bytes long; at most 4096 are accepted.`)
  }
}

/** An encoded password names a hasher that is not in the hasher list (code `E_UNKNOWN_PASSWORD_HASHER`). */
export class UnknownPasswordHasher extends TangoError {
  constructor(algorithm: string) {
    super('E_UNKNOWN_PASSWORD_HASHER', `Unknown password hashing algorithm '${algorithm}'. Is it in the hasher list (setPasswordHashers)?`)
  }
}

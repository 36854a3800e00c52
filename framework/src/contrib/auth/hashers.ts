/**
 * Password hashing (Django's `django.contrib.auth.hashers`): encoded passwords are
 * `<algorithm>$<algorithm-specific fields>`; the first hasher of the list hashes new passwords, every
 * hasher of the list verifies, and a password verified with an older hasher or older parameters is
 * re-hashed with the current one.
 *
 * @module
 */
import { pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { getRandomString } from 'tango/core'
import { PasswordTooLong, UnknownPasswordHasher } from './errors.ts'

const pbkdf2Async = promisify(pbkdf2)

/** Passwords longer than this many bytes (UTF-8) are rejected before hashing. */
export const MAX_PASSWORD_BYTES = 4096
/** Encoded passwords starting with this are unusable (Django's `UNUSABLE_PASSWORD_PREFIX`). */
export const UNUSABLE_PASSWORD_PREFIX = '!'
const UNUSABLE_PASSWORD_SUFFIX_LENGTH = 40

/** A password hasher (Django's `BasePasswordHasher`). */
export interface PasswordHasher {
  /** The prefix of encoded passwords, e.g. `argon2`, `pbkdf2_sha256`. Must not contain `$`. */
  readonly algorithm: string
  /** Hashes `password` with a fresh salt; resolves to the encoded password. */
  encode(password: string): Promise<string>
  /** Whether `password` matches `encoded` (constant-time where the hasher compares digests). */
  verify(password: string, encoded: string): Promise<boolean>
  /** Whether `encoded` was made with other parameters than this hasher's current ones. */
  mustUpdate(encoded: string): boolean
}

/** Options of {@link Argon2PasswordHasher}; defaults are Django's (`Argon2PasswordHasher`). */
export interface Argon2Options {
  /** Iterations; default 2. */
  readonly timeCost?: number
  /** Memory in KiB; default 102400 (100 MiB). */
  readonly memoryCost?: number
  /** Lanes; default 8. */
  readonly parallelism?: number
}

/** The slice of the `argon2` package this module uses. */
interface Argon2Module {
  readonly argon2id: 2
  hash(password: string, options: { type: 2; timeCost: number; memoryCost: number; parallelism: number }): Promise<string>
  verify(digest: string, password: string): Promise<boolean>
  needsRehash(digest: string, options: { timeCost: number; memoryCost: number; parallelism: number }): boolean
}

let argon2Module: Promise<Argon2Module> | null = null
/** Loads `argon2` (a native module) on first use only. */
function loadArgon2(): Promise<Argon2Module> {
  // The package's typings are a superset of Argon2Module's; the cast narrows to what is used.
  argon2Module ??= import('argon2').then((m) => (m.default ?? m) as unknown as Argon2Module)
  return argon2Module
}

/**
 * Argon2id through the `argon2` package, in Django's format:
 * `argon2$argon2id$v=19$m=102400,t=2,p=8$<salt>$<hash>` (`argon2` + the PHC string).
 */
export class Argon2PasswordHasher implements PasswordHasher {
  readonly algorithm = 'argon2'
  readonly timeCost: number
  readonly memoryCost: number
  readonly parallelism: number

  constructor(options: Argon2Options = {}) {
    this.timeCost = options.timeCost ?? 2
    this.memoryCost = options.memoryCost ?? 102400
    this.parallelism = options.parallelism ?? 8
  }

  async encode(password: string): Promise<string> {
    const argon2 = await loadArgon2()
    const phc = await argon2.hash(password, { type: argon2.argon2id, timeCost: this.timeCost, memoryCost: this.memoryCost, parallelism: this.parallelism })
    return `${this.algorithm}${phc}`
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const argon2 = await loadArgon2()
    try {
      return await argon2.verify(encoded.slice(this.algorithm.length), password)
    } catch {
      return false // a malformed hash is a failed check, not a server error
    }
  }

  mustUpdate(encoded: string): boolean {
    const phc = encoded.slice(this.algorithm.length)
    if (!phc.startsWith('$argon2id$')) return true
    // The PHC parameter segment, in any order: the argon2 package writes m,p,t; Django's argon2-cffi m,t,p.
    const segment = phc.split('$')[3] ?? ''
    const params = new Map(segment.split(',').map((pair) => pair.split('=') as [string, string]))
    return Number(params.get('m')) !== this.memoryCost || Number(params.get('t')) !== this.timeCost || Number(params.get('p')) !== this.parallelism
  }
}

/**
 * PBKDF2 with HMAC-SHA256, Django's `PBKDF2PasswordHasher` format:
 * `pbkdf2_sha256$<iterations>$<salt>$<base64 sha256 digest>`. Hashes made by Django verify here.
 */
export class PBKDF2PasswordHasher implements PasswordHasher {
  readonly algorithm = 'pbkdf2_sha256'
  /** Default 1,000,000 (Django 5.2). */
  readonly iterations: number

  constructor(options: { readonly iterations?: number } = {}) {
    this.iterations = options.iterations ?? 1_000_000
  }

  async encode(password: string): Promise<string> {
    const salt = getRandomString(22)
    return this.#encode(password, salt, this.iterations)
  }

  async #encode(password: string, salt: string, iterations: number): Promise<string> {
    const digest = await pbkdf2Async(password, salt, iterations, 32, 'sha256')
    return `${this.algorithm}$${iterations}$${salt}$${digest.toString('base64')}`
  }

  async verify(password: string, encoded: string): Promise<boolean> {
    const parts = encoded.split('$')
    if (parts.length !== 4 || parts[0] !== this.algorithm) return false
    const iterations = Number(parts[1])
    if (!Number.isInteger(iterations) || iterations < 1) return false
    const again = Buffer.from(await this.#encode(password, parts[2]!, iterations))
    const given = Buffer.from(encoded)
    return again.length === given.length && timingSafeEqual(again, given)
  }

  mustUpdate(encoded: string): boolean {
    return Number(encoded.split('$')[1]) !== this.iterations
  }
}

/** Django's default order: argon2 (Tango's first choice) hashes, PBKDF2-SHA256 verifies. */
export function defaultPasswordHashers(): PasswordHasher[] {
  return [new Argon2PasswordHasher(), new PBKDF2PasswordHasher()]
}

// The hasher list is a registry (Django's PASSWORD_HASHERS setting): replaceable, e.g. in tests.
let hashers: readonly PasswordHasher[] = defaultPasswordHashers()

/**
 * Replaces the hasher list (Django's `PASSWORD_HASHERS`): the first hashes, all verify. `null`
 * restores {@link defaultPasswordHashers}. Tests use a cheap first hasher to stay fast.
 * @example
 * ```ts
 * setPasswordHashers([new Argon2PasswordHasher({ timeCost: 1, memoryCost: 8192, parallelism: 1 }), new PBKDF2PasswordHasher()])
 * ```
 */
export function setPasswordHashers(list: readonly PasswordHasher[] | null): void {
  if (list !== null && list.length === 0) throw new RangeError('setPasswordHashers: the list needs at least one hasher.')
  hashers = Object.freeze([...(list ?? defaultPasswordHashers())])
}

/** The current hasher list (first = the one that hashes). */
export function getPasswordHashers(): readonly PasswordHasher[] {
  return hashers
}

/** The hasher for an encoded password, by its algorithm prefix; throws {@link UnknownPasswordHasher}. */
export function identifyHasher(encoded: string): PasswordHasher {
  // Django's argon2 format continues with '$argon2id$...'; other formats put '$' right after the name.
  const algorithm = encoded.split('$', 1)[0] ?? ''
  const found = hashers.find((h) => h.algorithm === algorithm)
  if (!found) throw new UnknownPasswordHasher(algorithm)
  return found
}

/** Whether `encoded` is a password that can ever match (not `null`, not unusable, a known hasher). */
export function isPasswordUsable(encoded: string | null | undefined): boolean {
  return typeof encoded === 'string' && !encoded.startsWith(UNUSABLE_PASSWORD_PREFIX)
}

/**
 * Hashes `password` with the first hasher (Django's `make_password`). `null` gives an unusable
 * password (`!` + 40 random characters), as {@link unusablePassword}.
 * @throws PasswordTooLong - over {@link MAX_PASSWORD_BYTES} bytes, checked before hashing.
 */
export async function makePassword(password: string | null): Promise<string> {
  if (password === null) return unusablePassword()
  const bytes = Buffer.byteLength(password, 'utf8')
  if (bytes > MAX_PASSWORD_BYTES) throw new PasswordTooLong(bytes)
  return hashers[0]!.encode(password)
}

/** An unusable encoded password (Django's `make_password(None)`): it never matches any password. */
export function unusablePassword(): string {
  return UNUSABLE_PASSWORD_PREFIX + getRandomString(UNUSABLE_PASSWORD_SUFFIX_LENGTH)
}

/**
 * Whether `password` matches `encoded` (Django's `check_password`). When it matches and `encoded`
 * came from an older hasher or older parameters, `setter(password)` is awaited so the caller can
 * store a fresh hash (the user model's `checkPassword` saves it). A password over
 * {@link MAX_PASSWORD_BYTES} bytes, an unusable or unknown-format `encoded`, or `null` is `false`
 * without hashing anything.
 */
export async function checkPassword(password: string | null, encoded: string | null, setter?: (password: string) => Promise<unknown> | unknown): Promise<boolean> {
  if (password === null || !isPasswordUsable(encoded)) return false
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return false
  let hasher: PasswordHasher
  try {
    hasher = identifyHasher(encoded as string)
  } catch {
    return false
  }
  const ok = await hasher.verify(password, encoded as string)
  const preferred = hashers[0]!
  const mustUpdate = hasher.algorithm !== preferred.algorithm || preferred.mustUpdate(encoded as string)
  if (ok && mustUpdate && setter) await setter(password)
  return ok
}

/** @internal A random password, for the dummy hash of unknown users. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url')
}

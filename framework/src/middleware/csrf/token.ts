/**
 * CSRF secrets and masked tokens (as Django's `django.middleware.csrf` helpers): a 32-character
 * secret kept in a cookie or the session, and a fresh 64-character masked token for every page
 * that renders one, so the token in the HTML differs on every response (BREACH mitigation) while
 * every one of them unmasks to the same secret.
 *
 * @module
 */
import { randomInt, timingSafeEqual } from 'node:crypto'
import { ImproperlyConfigured } from '../../core/errors.ts'
import { settings } from '../../core/settings.ts'
import type { Request } from '../../http/request.ts'
import type { Response } from '../../http/response.ts'

/** Length of the secret kept in the cookie or session (Django's `CSRF_SECRET_LENGTH`). */
export const CSRF_SECRET_LENGTH = 32
/** Length of a masked token: a 32-character mask then the 32-character cipher (Django's `CSRF_TOKEN_LENGTH`). */
export const CSRF_TOKEN_LENGTH = 2 * CSRF_SECRET_LENGTH
/** The alphabet of secrets, masks and ciphers: `[a-zA-Z0-9]` (Django's `CSRF_ALLOWED_CHARS`). */
export const CSRF_ALLOWED_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
/** The session key holding the secret when `CSRF_USE_SESSIONS` is on (Django's `CSRF_SESSION_KEY`). */
export const CSRF_SESSION_KEY = '_csrftoken'

const VALID = /^[a-zA-Z0-9]*$/
const ALPHABET = CSRF_ALLOWED_CHARS.length

/**
 * A secret or token of the wrong length or alphabet. `reason` completes a sentence such as
 * "CSRF cookie has incorrect length." (Django's `InvalidTokenFormat`).
 * @internal
 */
export class InvalidTokenFormat extends Error {
  readonly reason: string
  constructor(reason: string) {
    super(reason)
    this.name = 'InvalidTokenFormat'
    this.reason = reason
  }
}

/**
 * What the CSRF machinery knows about one request (Django keeps it in `request.META`):
 * `secret` is `META["CSRF_COOKIE"]`, `needsUpdate` is `CSRF_COOKIE_NEEDS_UPDATE`,
 * `processingDone` is `request.csrf_processing_done`.
 * @internal
 */
export interface CsrfState {
  secret: string | null
  needsUpdate: boolean
  processingDone: boolean
}

// Per-request state lives beside the request, not on it, so Request keeps one shape.
const states = new WeakMap<Request, CsrfState>()
const unenforced = new WeakSet<Request>()

/** The slice of `request.session` CSRF uses; the sessions app provides it when installed. */
interface SessionLike {
  get(key: string): unknown
  set(key: string, value: unknown): unknown
}

/** A 32-character random string from {@link CSRF_ALLOWED_CHARS}, uniform (Django's `_get_new_csrf_string`). @internal */
export function getNewCsrfString(): string {
  let out = ''
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) out += CSRF_ALLOWED_CHARS[randomInt(ALPHABET)] as string
  return out
}

/**
 * Masks a secret with a fresh random mask (Django's `_mask_cipher_secret`): each cipher character is
 * `(secret[i] + mask[i]) mod 62` in the alphabet; the result is the mask followed by the cipher.
 * @internal
 */
export function maskCipherSecret(secret: string): string {
  const mask = getNewCsrfString()
  let cipher = ''
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(secret[i] as string)
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i] as string)
    cipher += CSRF_ALLOWED_CHARS[(x + y) % ALPHABET] as string
  }
  return mask + cipher
}

/** Recovers the secret from a 64-character masked token (Django's `_unmask_cipher_token`). @internal */
export function unmaskCipherToken(token: string): string {
  const mask = token.slice(0, CSRF_SECRET_LENGTH)
  const cipher = token.slice(CSRF_SECRET_LENGTH)
  let secret = ''
  for (let i = 0; i < CSRF_SECRET_LENGTH; i++) {
    const x = CSRF_ALLOWED_CHARS.indexOf(cipher[i] as string)
    const y = CSRF_ALLOWED_CHARS.indexOf(mask[i] as string)
    secret += CSRF_ALLOWED_CHARS[(x - y + ALPHABET) % ALPHABET] as string
  }
  return secret
}

/**
 * Checks a secret or token has 32 or 64 characters from the alphabet (Django's `_check_token_format`).
 * @throws {@link InvalidTokenFormat} with reason `has incorrect length` or `has invalid characters`.
 * @internal
 */
export function checkTokenFormat(token: string): void {
  if (token.length !== CSRF_TOKEN_LENGTH && token.length !== CSRF_SECRET_LENGTH) throw new InvalidTokenFormat('has incorrect length')
  if (!VALID.test(token)) throw new InvalidTokenFormat('has invalid characters')
}

/**
 * Whether a well-formed token (masked, or a bare 32-character secret) matches `secret`, compared in
 * constant time (Django's `_does_token_match`).
 * @internal
 */
export function doesTokenMatch(token: string, secret: string): boolean {
  const candidate = token.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(token) : token
  const a = Buffer.from(candidate, 'latin1')
  const b = Buffer.from(secret, 'latin1')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** `request.session`, read structurally so this layer needs no import from the sessions app. @internal */
export function sessionOf(request: Request): SessionLike {
  const session = (request as { session?: SessionLike }).session
  if (session === undefined || session === null || typeof session.get !== 'function') {
    throw new ImproperlyConfigured('CSRF_USE_SESSIONS is enabled, but request.session is not set. SessionMiddleware must appear before CsrfViewMiddleware in MIDDLEWARE.')
  }
  return session
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}

/** Validates a stored secret; pre-Django-4.0 style masked values are unmasked (as `_get_secret`). */
function normalizeStored(raw: unknown): string | null {
  if (typeof raw !== 'string') return null
  checkTokenFormat(raw)
  return raw.length === CSRF_TOKEN_LENGTH ? unmaskCipherToken(raw) : raw
}

/**
 * The secret the client holds: the `CSRF_COOKIE_NAME` cookie, or the session's `_csrftoken` with
 * `CSRF_USE_SESSIONS`; `null` when there is none (Django's `_get_secret`).
 * @throws {@link InvalidTokenFormat} when the stored value is malformed.
 * @throws ImproperlyConfigured with `CSRF_USE_SESSIONS` and no `request.session`.
 * @internal
 */
export async function loadSecret(request: Request): Promise<string | null> {
  if (settings.CSRF_USE_SESSIONS) return normalizeStored(await sessionOf(request).get(CSRF_SESSION_KEY))
  return normalizeStored(request.cookies[settings.CSRF_COOKIE_NAME])
}

/**
 * Reads the stored secret into the request's state (Django's `process_request`); a malformed one is
 * replaced by a new secret that will be sent back.
 * @internal
 */
export async function loadCsrfState(request: Request): Promise<CsrfState> {
  const state = stateFor(request, false)
  try {
    const secret = await loadSecret(request)
    if (secret !== null) state.secret = secret
  } catch (error) {
    if (!(error instanceof InvalidTokenFormat)) throw error
    addNewSecret(state)
  }
  return state
}

/**
 * The request's CSRF state, created on first use. With `loadSync`, a request no CSRF middleware saw
 * gets its secret from the cookie (or a session whose `get` answers synchronously).
 * @internal
 */
export function stateFor(request: Request, loadSync: boolean): CsrfState {
  let state = states.get(request)
  if (state !== undefined) return state
  state = { secret: null, needsUpdate: false, processingDone: false }
  states.set(request, state)
  if (!loadSync) return state
  const raw = settings.CSRF_USE_SESSIONS ? sessionOf(request).get(CSRF_SESSION_KEY) : request.cookies[settings.CSRF_COOKIE_NAME]
  if (isThenable(raw)) {
    throw new ImproperlyConfigured('getToken() was called before the CSRF secret was loaded from the session; add CsrfViewMiddleware to MIDDLEWARE or wrap the view with csrfProtect().')
  }
  try {
    state.secret = normalizeStored(raw)
  } catch (error) {
    if (!(error instanceof InvalidTokenFormat)) throw error
    // A malformed stored secret is replaced, as the middleware would.
  }
  return state
}

function addNewSecret(state: CsrfState): string {
  const secret = getNewCsrfString()
  state.secret = secret
  state.needsUpdate = true
  return secret
}

/**
 * A masked CSRF token for this request (as Django's `get_token`): a new 64-character string on every
 * call, each unmasking to the request's secret, so it is safe to call once per render. Creates the
 * secret when the client has none, and marks it to be sent (cookie or session) with the response,
 * which is how pages that render a form hand the secret to the browser.
 *
 * Use it for `X-CSRFToken` in a JSON API, or in templates through `{{ csrf_token }}` / `{{ csrf_input() }}`.
 *
 * @param request - the current request.
 * @returns 64 characters of `[a-zA-Z0-9]`.
 * @throws ImproperlyConfigured with `CSRF_USE_SESSIONS` when there is no `request.session`.
 * @example
 * ```ts
 * return new JsonResponse({ csrfToken: getToken(request) })
 * ```
 */
export function getToken(request: Request): string {
  const state = stateFor(request, true)
  let secret = state.secret
  if (secret === null) secret = addNewSecret(state)
  else state.needsUpdate = true
  return maskCipherSecret(secret)
}

/**
 * Replaces the request's CSRF secret with a new one, sent with the response (as Django's
 * `rotate_token`). Call it when the user logs in, so a token an attacker planted before login is
 * worthless after; tokens rendered earlier in this request stop validating.
 * @param request - the current request.
 */
export function rotateToken(request: Request): void {
  addNewSecret(stateFor(request, false))
}

/**
 * Turns CSRF checks off for one request (as Django's `request._dont_enforce_csrf_checks`). For test
 * clients that, like Django's, skip CSRF unless asked to enforce it; nothing from the wire can set it.
 * @param request - the request to exempt.
 */
export function dontEnforceCsrfChecks(request: Request): void {
  unenforced.add(request)
}

/** Whether {@link dontEnforceCsrfChecks} marked `request`. @internal */
export function csrfChecksDisabled(request: Request): boolean {
  return unenforced.has(request)
}

/**
 * Sends the request's secret with the response when it was used or rotated (Django's
 * `_set_csrf_cookie`): the `CSRF_COOKIE_*` cookie plus `Vary: Cookie`, or the session key with
 * `CSRF_USE_SESSIONS`.
 * @internal
 */
export async function saveSecret(request: Request, response: Response): Promise<void> {
  const state = states.get(request)
  if (state === undefined || !state.needsUpdate || state.secret === null) return
  state.needsUpdate = false
  if (settings.CSRF_USE_SESSIONS) {
    const session = sessionOf(request)
    if ((await session.get(CSRF_SESSION_KEY)) !== state.secret) await session.set(CSRF_SESSION_KEY, state.secret)
    return
  }
  const options: { maxAge: number; path: string; secure: boolean; httpOnly: boolean; domain?: string; sameSite?: 'Lax' | 'Strict' | 'None' } = {
    maxAge: settings.CSRF_COOKIE_AGE,
    path: settings.CSRF_COOKIE_PATH,
    secure: settings.CSRF_COOKIE_SECURE,
    httpOnly: settings.CSRF_COOKIE_HTTPONLY,
  }
  if (settings.CSRF_COOKIE_DOMAIN !== null) options.domain = settings.CSRF_COOKIE_DOMAIN
  if (settings.CSRF_COOKIE_SAMESITE !== null) options.sameSite = settings.CSRF_COOKIE_SAMESITE
  response.setCookie(settings.CSRF_COOKIE_NAME, state.secret, options)
  response.headers.appendList('vary', 'Cookie')
}

/**
 * Logging users in and out (Django's `django.contrib.auth.authenticate/login/logout/get_user`).
 * The session stores `_auth_user_id` (the primary key as a string), `_auth_user_backend` and
 * `_auth_user_hash` (an HMAC of the password hash: changing the password ends other sessions).
 *
 * @module
 */
import { constantTimeCompare, saltedHmac, settings } from 'tango/core'
import type { Request } from 'tango/http'
import { rotateToken } from 'tango/middleware'
import { AUTH_USER_ID_KEY } from 'tango/contrib/sessions'
import { AnonymousUser } from './anonymous-user.ts'
import { getBackends } from './backends.ts'
import type { AuthBackend, Credentials } from './backends.ts'
import { userLoggedIn, userLoggedOut, userLoginFailed } from './signals.ts'
import type { AuthUser, UserRow } from './types.ts'

/** Session key of the logged-in user's id (Django's `SESSION_KEY`). */
export const SESSION_KEY = AUTH_USER_ID_KEY
/** Session key of the backend that authenticated the user (Django's `BACKEND_SESSION_KEY`). */
export const BACKEND_SESSION_KEY = '_auth_user_backend'
/** Session key of the session auth hash (Django's `HASH_SESSION_KEY`). */
export const HASH_SESSION_KEY = '_auth_user_hash'

const HASH_SALT = 'tango.contrib.auth.models.AbstractBaseUser.getSessionAuthHash'
const SENSITIVE = /api|token|key|secret|password|signature/i

// Which backend authenticated a user object (Django sets `user.backend`).
const userBackends = new WeakMap<object, string>()
// The user of each request, once known (set by AuthenticationMiddleware's lazy getter, login, logout).
const requestUsers = new WeakMap<Request, Promise<AuthUser>>()

/**
 * The session auth hash of `user` (Django's `get_session_auth_hash`): hex HMAC-SHA256 of the password
 * hash, keyed by `secret` (default `SECRET_KEY`).
 */
export function getSessionAuthHash(user: UserRow, secret?: string): string {
  return saltedHmac(HASH_SALT, user.password, secret).toString('hex')
}

/**
 * Asks each backend for the user these credentials belong to (Django's `authenticate`). Resolves to
 * the user (remembering which backend accepted it, for `login`) or `null`, after sending
 * `userLoginFailed` with the credentials' sensitive values masked.
 * @example
 * ```ts
 * const user = await authenticate(request, { username, password })
 * if (user) await login(request, user)
 * ```
 */
export async function authenticate(request: Request | null, credentials: Credentials): Promise<UserRow | null> {
  for (const backend of getBackends()) {
    const user = await backend.authenticate(request, credentials)
    if (user) {
      userBackends.set(user, backend.name)
      return user
    }
  }
  const cleansed = Object.fromEntries(Object.entries(credentials).map(([k, v]) => [k, SENSITIVE.test(k) ? '********************' : v]))
  await userLoginFailed.send({ sender: 'auth', request, credentials: cleansed })
  return null
}

function backendFor(user: UserRow, backend?: AuthBackend | string): string {
  if (typeof backend === 'string') return backend
  if (backend) return backend.name
  const remembered = userBackends.get(user)
  if (remembered) return remembered
  const list = getBackends()
  if (list.length === 1) return list[0]!.name
  throw new TypeError('login(): several authentication backends are configured; pass the backend, or a user returned by authenticate().')
}

/**
 * Logs `user` in on this request (Django's `login`): a session of another user is flushed, else the
 * session key is cycled (so a session id planted before login is worthless: no session fixation); the
 * user's id, backend and session auth hash are stored; the CSRF secret is rotated; `lastLogin` is
 * saved; `userLoggedIn` is sent. `request.user` resolves to `user` afterwards.
 * Needs `SessionMiddleware`. Throws `TypeError` when the backend cannot be told (see `authenticate`).
 */
export async function login(request: Request, user: UserRow, backend?: AuthBackend | string): Promise<void> {
  const session = request.session
  const hash = getSessionAuthHash(user)
  const current = await session.get<string>(SESSION_KEY)
  if (current !== undefined && (current !== String(user.id) || !constantTimeCompare((await session.get<string>(HASH_SESSION_KEY)) ?? '', hash))) {
    await session.flush()
  } else {
    await session.cycleKey()
  }
  await session.set(SESSION_KEY, String(user.id))
  await session.set(BACKEND_SESSION_KEY, backendFor(user, backend))
  await session.set(HASH_SESSION_KEY, hash)
  requestUsers.set(request, Promise.resolve(user))
  rotateToken(request)
  // Django's update_last_login receiver, done inline so it cannot be disconnected by accident.
  user.lastLogin = new Date()
  await user.save({ updateFields: ['lastLogin'] })
  await userLoggedIn.send({ sender: 'auth', request, user })
}

/**
 * Logs the user out (Django's `logout`): sends `userLoggedOut`, flushes the session (data and cookie)
 * and makes `request.user` an `AnonymousUser`. Harmless when nobody is logged in.
 */
export async function logout(request: Request): Promise<void> {
  const user = await getUser(request)
  await userLoggedOut.send({ sender: 'auth', request, user: user instanceof AnonymousUser ? null : user })
  await request.session.flush()
  requestUsers.set(request, Promise.resolve(new AnonymousUser()))
}

/**
 * Keeps the current session logged in after `user` changed their password (Django's
 * `update_session_auth_hash`): cycles the key and stores the new hash. Other sessions of the user
 * (with the old hash) are logged out on their next request.
 */
export async function updateSessionAuthHash(request: Request, user: UserRow): Promise<void> {
  await request.session.cycleKey()
  const current = await request.session.get<string>(SESSION_KEY)
  if (current === String(user.id)) await request.session.set(HASH_SESSION_KEY, getSessionAuthHash(user))
  requestUsers.set(request, Promise.resolve(user))
}

/** Loads the session's user (Django's `get_user`), without the per-request cache. */
async function loadUser(request: Request): Promise<AuthUser> {
  const session = request.session
  const userId = await session.get<string>(SESSION_KEY)
  const backendName = await session.get<string>(BACKEND_SESSION_KEY)
  if (userId === undefined || backendName === undefined) return new AnonymousUser()
  const backend = getBackends().find((b) => b.name === backendName)
  const user = backend ? await backend.getUser(userId) : null
  if (!user) return new AnonymousUser()
  const stored = (await session.get<string>(HASH_SESSION_KEY)) ?? ''
  const hash = getSessionAuthHash(user)
  if (stored !== '' && constantTimeCompare(stored, hash)) return user
  // Signed with a fallback key (SECRET_KEY rotation): still valid, re-hash with the current key.
  if (stored !== '' && settings.SECRET_KEY_FALLBACKS.some((key) => constantTimeCompare(stored, getSessionAuthHash(user, key)))) {
    await session.cycleKey()
    await session.set(HASH_SESSION_KEY, hash)
    return user
  }
  // The password changed since this session logged in: the session ends.
  await session.flush()
  return new AnonymousUser()
}

/**
 * The request's user (Django's `get_user` / `request.auser()`): the logged-in user model row, or an
 * `AnonymousUser`. Loaded from the session and the database once per request; later calls (and
 * `await request.user`) share the result. Needs `SessionMiddleware`.
 */
export function getUser(request: Request): Promise<AuthUser> {
  let user = requestUsers.get(request)
  if (!user) {
    user = loadUser(request)
    requestUsers.set(request, user)
  }
  return user
}

/**
 * The auth app's signals (Django's `user_logged_in`, `user_logged_out`, `user_login_failed`).
 *
 * @module
 */
import { Signal } from 'tango/core'
import type { Request } from 'tango/http'
import type { AnonymousUser } from './anonymous-user.ts'
import type { UserRow } from './types.ts'

/** What {@link userLoggedIn} sends: the request and the user now logged in. */
export interface UserLoggedInArgs {
  readonly sender: 'auth'
  readonly request: Request
  readonly user: UserRow
}

/** What {@link userLoggedOut} sends: `user` is who was logged in (`null` if nobody was). */
export interface UserLoggedOutArgs {
  readonly sender: 'auth'
  readonly request: Request
  readonly user: UserRow | AnonymousUser | null
}

/** What {@link userLoginFailed} sends: the credentials without the password (as Django's cleansed credentials). */
export interface UserLoginFailedArgs {
  readonly sender: 'auth'
  readonly request: Request | null
  readonly credentials: Readonly<Record<string, unknown>>
}

/** Sent by `login()` after the session was set up (and `lastLogin` saved). */
export const userLoggedIn = new Signal<UserLoggedInArgs>('userLoggedIn')
/** Sent by `logout()` before the session is flushed. */
export const userLoggedOut = new Signal<UserLoggedOutArgs>('userLoggedOut')
/** Sent by `authenticate()` when no backend accepted the credentials. */
export const userLoginFailed = new Signal<UserLoginFailedArgs>('userLoginFailed')

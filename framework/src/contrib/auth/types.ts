/**
 * Types shared by the auth app's modules.
 *
 * @module
 */
import type { Row } from 'tango/db'
import type { AnonymousUser } from './anonymous-user.ts'
import type { User } from './models.ts'

/** A saved `auth.User` row. */
export type UserRow = Row<typeof User>

/** What `request.user` resolves to: a user row when logged in, else an {@link AnonymousUser}. */
export type AuthUser = UserRow | AnonymousUser

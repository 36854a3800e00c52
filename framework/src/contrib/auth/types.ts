/**
 * Types shared by the auth app's modules.
 *
 * @module
 */
import type { Row } from 'tango/db'
import type { AnonymousUser } from './anonymous-user.ts'
import type { User } from './models.ts'
import type { abstractUserFields } from './user-model.ts'

/** The row of the standard user model, `auth.User`. */
type StandardUserRow = Row<typeof User>

/**
 * A saved user row of any user model declared with `defineUserModel`: the standard user fields
 * ({@link abstractUserFields}), `pk`, and the instance methods, typed structurally so a custom
 * model's rows fit as well as `auth.User`'s (a custom model's extra fields are on the object; type
 * them with your own model's `Row`).
 */
export type UserRow = Pick<StandardUserRow, keyof ReturnType<typeof abstractUserFields> | 'id' | 'pk' | 'delete' | 'fullClean'> & {
  /** Saves the row (see the model's `save`); `updateFields` names fields of the user model. */
  save(options?: { readonly updateFields?: readonly string[]; readonly using?: string; readonly forceInsert?: boolean; readonly forceUpdate?: boolean }): Promise<void>
}

/** What `request.user` resolves to: a user row when logged in, else an {@link AnonymousUser}. */
export type AuthUser = UserRow | AnonymousUser

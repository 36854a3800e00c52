/**
 * The user of a request nobody is logged in to (Django's `AnonymousUser`).
 *
 * @module
 */

/**
 * Django's `AnonymousUser`: no id, not active, not staff, no groups and no permissions.
 * `isAuthenticated` is `false` and `isAnonymous` `true`; a logged-in `auth.User` row has the
 * opposite values (see `isAuthenticated()`), so `user.isAuthenticated` works in templates for both.
 */
export class AnonymousUser {
  readonly id = null
  readonly pk = null
  readonly username = ''
  readonly isActive = false
  readonly isStaff = false
  readonly isSuperuser = false
  readonly isAuthenticated = false
  readonly isAnonymous = true

  toString(): string {
    return 'AnonymousUser'
  }
}

/**
 * Authentication backends (Django's `django.contrib.auth.backends`): `authenticate()` asks each in
 * turn; `ModelBackend` checks a username and password against the user model (`getUserModel()`) and
 * answers permission questions from the user's and their groups' permissions.
 *
 * @module
 */
import type { Request } from 'tango/http'
import { AnonymousUser } from './anonymous-user.ts'
import { checkPassword, makePassword, randomPassword } from './hashers.ts'
import { Permission } from './models.ts'
import { getUserModel } from './user-model.ts'
import type { AuthUser, UserRow } from './types.ts'

/** Credentials given to `authenticate`: Django's `username` and `password`, plus anything a custom backend reads. */
export interface Credentials {
  readonly username?: string | null
  readonly password?: string | null
  readonly [key: string]: unknown
}

/** An authentication backend. Every method but `name` and `authenticate` is optional. */
export interface AuthBackend {
  /** Stored in the session (`_auth_user_backend`) so the same backend loads the user on later requests. */
  readonly name: string
  /** The user for these credentials, or `null` (this backend does not accept them). */
  authenticate(request: Request | null, credentials: Credentials): Promise<UserRow | null>
  /** The user with this primary key, or `null` (unknown, or not allowed to log in). */
  getUser(userId: unknown): Promise<UserRow | null>
  hasPerm?(user: AuthUser, perm: string): Promise<boolean>
  hasModulePerms?(user: AuthUser, appLabel: string): Promise<boolean>
  getAllPermissions?(user: AuthUser): Promise<ReadonlySet<string>>
}

// Per user object, as Django's `_perm_cache` attributes: reloaded when the user is loaded again.
const permCache = new WeakMap<object, { user: ReadonlySet<string>; group: ReadonlySet<string> }>()

/** Whether a user may log in: Django's `user_can_authenticate` (inactive users may not). */
export function userCanAuthenticate(user: UserRow): boolean {
  return user.isActive
}

/**
 * Checks `password` for `user` and, when the hash is outdated (older hasher or parameters), saves a
 * fresh one (Django's `AbstractBaseUser.check_password` with its setter).
 */
export async function checkUserPassword(user: UserRow, password: string): Promise<boolean> {
  return checkPassword(password, user.password, async (raw) => {
    user.password = await makePassword(raw)
    await user.save({ updateFields: ['password'] })
  })
}

/** Sets `user.password` to the hash of `password` (not saved), Django's `set_password`; `null` makes it unusable. */
export async function setPassword(user: UserRow, password: string | null): Promise<void> {
  user.password = await makePassword(password)
}

/** Makes `user`'s password unusable (not saved), Django's `set_unusable_password`. */
export async function setUnusablePassword(user: UserRow): Promise<void> {
  user.password = await makePassword(null)
}

function permString(p: { appLabel: string; codename: string }): string {
  return `${p.appLabel}.${p.codename}`
}

/**
 * Django's `ModelBackend`: username + password against the user model (`getUserModel()`), matched
 * exactly on its `USERNAME_FIELD`; permissions from the database.
 */
export class ModelBackend implements AuthBackend {
  readonly name = 'tango.contrib.auth.ModelBackend'

  /**
   * The active user whose `USERNAME_FIELD` equals `credentials.username` (or
   * `credentials[USERNAME_FIELD]`, as Django's) and whose password matches; else `null`.
   */
  async authenticate(_request: Request | null, credentials: Credentials): Promise<UserRow | null> {
    const UserModel = getUserModel()
    const username = credentials.username ?? credentials[UserModel.USERNAME_FIELD]
    const { password } = credentials
    if (typeof username !== 'string' || typeof password !== 'string') return null
    // The filter key is the model's USERNAME_FIELD, known at run time only.
    const user = await UserModel.objects.filter({ [UserModel.USERNAME_FIELD]: username } as never).first()
    if (user === null) {
      // Hash anyway so an unknown username costs what a wrong password does (Django #20760).
      await makePassword(randomPassword()).catch(() => undefined)
      return null
    }
    if ((await checkUserPassword(user, password)) && userCanAuthenticate(user)) return user
    return null
  }

  /** The active user with this primary key (the session's `_auth_user_id`), else `null`. */
  async getUser(userId: unknown): Promise<UserRow | null> {
    if (typeof userId !== 'string' && typeof userId !== 'number') return null
    const id = Number(userId)
    if (!Number.isSafeInteger(id)) return null
    const user = await getUserModel().objects.filter({ pk: id } as never).first()
    return user !== null && userCanAuthenticate(user) ? user : null
  }

  async #perms(user: UserRow): Promise<{ user: ReadonlySet<string>; group: ReadonlySet<string> }> {
    let cached = permCache.get(user)
    if (!cached) {
      // From the user's side (its many-to-many fields), so any user model's reverse names work.
      const own = await user.userPermissions.all()
      const groupIds = await user.groups.all().valuesList('id', { flat: true })
      const viaGroups = groupIds.length === 0 ? [] : await Permission.objects.filter({ group__in: groupIds } as never)
      cached = { user: new Set(own.map(permString)), group: new Set(viaGroups.map(permString)) }
      permCache.set(user, cached)
    }
    return cached
  }

  /** The user's own permissions (Django's `get_user_permissions`). */
  async getUserPermissions(user: AuthUser): Promise<ReadonlySet<string>> {
    if (!user.isActive || user instanceof AnonymousUser) return new Set()
    return (await this.#perms(user as UserRow)).user
  }

  /** Permissions from the user's groups (Django's `get_group_permissions`). */
  async getGroupPermissions(user: AuthUser): Promise<ReadonlySet<string>> {
    if (!user.isActive || user instanceof AnonymousUser) return new Set()
    return (await this.#perms(user as UserRow)).group
  }

  async getAllPermissions(user: AuthUser): Promise<ReadonlySet<string>> {
    if (!user.isActive || user instanceof AnonymousUser) return new Set()
    if (user.isSuperuser) return new Set((await Permission.objects.all()).map(permString))
    const { user: own, group } = await this.#perms(user as UserRow)
    return new Set([...own, ...group])
  }

  async hasPerm(user: AuthUser, perm: string): Promise<boolean> {
    return user.isActive && (await this.getAllPermissions(user)).has(perm)
  }

  async hasModulePerms(user: AuthUser, appLabel: string): Promise<boolean> {
    if (!user.isActive) return false
    for (const perm of await this.getAllPermissions(user)) if (perm.startsWith(`${appLabel}.`)) return true
    return false
  }
}

// The backend list is a registry (Django's AUTHENTICATION_BACKENDS setting).
let backends: readonly AuthBackend[] = [new ModelBackend()]

/** The authentication backends, in the order they are asked. */
export function getBackends(): readonly AuthBackend[] {
  return backends
}

/** Replaces the backend list (Django's `AUTHENTICATION_BACKENDS`); `null` restores `[new ModelBackend()]`. */
export function setBackends(list: readonly AuthBackend[] | null): void {
  backends = Object.freeze([...(list ?? [new ModelBackend()])])
}

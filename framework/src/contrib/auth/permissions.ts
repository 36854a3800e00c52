/**
 * Permissions: Django's default `add`/`change`/`delete`/`view` permissions created after `migrate`,
 * and the permission checks of users (`hasPerm`, `hasPerms`, `hasModulePerms`), which ask every
 * authentication backend as Django's `PermissionsMixin` does.
 *
 * @module
 */
import { modelRegistry, postMigrate, swappedFor } from 'tango/db'
import type { PostMigrateArgs } from 'tango/db'
import { AnonymousUser } from './anonymous-user.ts'
import { getBackends } from './backends.ts'
import { Permission } from './models.ts'
import type { AuthUser } from './types.ts'

/** Django's `Meta.default_permissions`. */
export const DEFAULT_PERMISSIONS = Object.freeze(['add', 'change', 'delete', 'view'] as const)

/**
 * Creates the missing default permissions for every model of `appLabel` (Django's
 * `create_permissions`): codename `<action>_<model lower-cased>`, name `Can <action> <verbose name>`.
 * Swapped models (`auth.User` under a custom `AUTH_USER_MODEL`) get none. Existing rows are left alone. Resolves to how many were created.
 */
export async function createPermissions(appLabel: string, using = 'default'): Promise<number> {
  const wanted = modelRegistry.forApp(appLabel)
    .filter((model) => !model._meta.abstract && swappedFor(model._meta) === null)
    .flatMap((model) => DEFAULT_PERMISSIONS.map((action) => ({
      appLabel,
      model: model._meta.name.toLowerCase(),
      codename: `${action}_${model._meta.name.toLowerCase()}`,
      name: `Can ${action} ${model._meta.verboseName}`,
    })))
  if (wanted.length === 0) return 0
  const existing = new Set(
    (await Permission.objects.using(using).filter({ appLabel })).map((p) => `${p.model}.${p.codename}`),
  )
  const missing = wanted.filter((p) => !existing.has(`${p.model}.${p.codename}`))
  if (missing.length > 0) await Permission.objects.using(using).bulkCreate(missing)
  return missing.length
}

async function onPostMigrate(args: PostMigrateArgs): Promise<void> {
  await createPermissions(args.app.label, args.using)
}

/**
 * Connects the `postMigrate` receiver that creates default permissions (the auth app's `ready` does
 * this; calling it again is harmless: it is connected once, by `dispatchUid`).
 */
export function connectDefaultPermissions(): void {
  postMigrate.connect(onPostMigrate, { dispatchUid: 'tango.contrib.auth.createPermissions' })
}

/** Whether `user` is a logged-in user (Django's `user.is_authenticated`): `false` for `AnonymousUser`. */
export function isAuthenticated(user: AuthUser | null | undefined): boolean {
  return user !== null && user !== undefined && !(user instanceof AnonymousUser)
}

/**
 * Whether `user` has `perm` (`'<appLabel>.<codename>'`), Django's `user.has_perm`: an active
 * superuser has every permission; an inactive user or `AnonymousUser` none; otherwise true when any
 * backend grants it (the user's own permissions or their groups', for `ModelBackend`).
 * Permissions are read once per user object and cached on it.
 */
export async function hasPerm(user: AuthUser, perm: string): Promise<boolean> {
  if (!user.isActive) return false
  if (user.isSuperuser) return true
  for (const backend of getBackends()) {
    if (backend.hasPerm && (await backend.hasPerm(user, perm))) return true
  }
  return false
}

/** Whether `user` has every permission of `perms` (Django's `has_perms`). */
export async function hasPerms(user: AuthUser, perms: Iterable<string>): Promise<boolean> {
  for (const perm of perms) if (!(await hasPerm(user, perm))) return false
  return true
}

/** Whether `user` has any permission in the app `appLabel` (Django's `has_module_perms`). */
export async function hasModulePerms(user: AuthUser, appLabel: string): Promise<boolean> {
  if (!user.isActive) return false
  if (user.isSuperuser) return true
  for (const backend of getBackends()) {
    if (backend.hasModulePerms && (await backend.hasModulePerms(user, appLabel))) return true
  }
  return false
}

/** Every permission string `user` has from every backend (Django's `get_all_permissions`). */
export async function getAllPermissions(user: AuthUser): Promise<Set<string>> {
  const all = new Set<string>()
  for (const backend of getBackends()) {
    for (const perm of (await backend.getAllPermissions?.(user)) ?? []) all.add(perm)
  }
  return all
}

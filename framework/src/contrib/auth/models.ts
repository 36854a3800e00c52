/**
 * The auth app's models: `auth.Permission`, `auth.Group` and `auth.User` (Django's
 * `django.contrib.auth.models`).
 *
 * Tango has no contenttypes app, so a permission names its model with two char fields, `appLabel` and
 * `model` (the model's name lower-cased, as Django's `ContentType.model`), instead of a foreign key to
 * `ContentType`. A permission string is still Django's `'<appLabel>.<codename>'`.
 *
 * @module
 */
import { defineModel, f } from 'tango/db'

/**
 * A permission (Django's `Permission`): `codename` such as `change_article`, scoped to a model by
 * `appLabel` + `model`. `(appLabel, model, codename)` is unique.
 */
export const Permission = defineModel('auth.Permission', {
  name: f.char({ maxLength: 255, verboseName: 'name' }),
  appLabel: f.char({ maxLength: 100, verboseName: 'app label' }),
  model: f.char({ maxLength: 100, verboseName: 'model' }),
  codename: f.char({ maxLength: 100, verboseName: 'codename' }),
}, {
  uniqueTogether: [['appLabel', 'model', 'codename']],
  ordering: ['appLabel', 'model', 'codename'],
  verboseName: 'permission',
  verboseNamePlural: 'permissions',
})

/** A group of users sharing permissions (Django's `Group`). */
export const Group = defineModel('auth.Group', {
  name: f.char({ maxLength: 150, unique: true, verboseName: 'name' }),
  permissions: f.manyToMany('auth.Permission', { blank: true, verboseName: 'permissions' }),
}, { verboseName: 'group', verboseNamePlural: 'groups' })

/**
 * A user (Django's `AbstractUser` + `User`): `password` holds an encoded hash
 * (`<algorithm>$...`, see `makePassword`), never the password. `lastLogin` is `null` until the first
 * login; `dateJoined` is set when the row is created.
 */
export const User = defineModel('auth.User', {
  password: f.char({ maxLength: 128, verboseName: 'password' }),
  lastLogin: f.dateTime({ null: true, blank: true, verboseName: 'last login' }),
  isSuperuser: f.boolean({ default: false, verboseName: 'superuser status', helpText: 'Designates that this user has all permissions without explicitly assigning them.' }),
  username: f.char({ maxLength: 150, unique: true, verboseName: 'username', helpText: 'Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.' }),
  firstName: f.char({ maxLength: 150, blank: true, default: '', verboseName: 'first name' }),
  lastName: f.char({ maxLength: 150, blank: true, default: '', verboseName: 'last name' }),
  email: f.email({ blank: true, default: '', verboseName: 'email address' }),
  isStaff: f.boolean({ default: false, verboseName: 'staff status', helpText: 'Designates whether the user can log into the admin site.' }),
  isActive: f.boolean({ default: true, verboseName: 'active', helpText: 'Designates whether this user should be treated as active. Unselect this instead of deleting accounts.' }),
  dateJoined: f.dateTime({ autoNowAdd: true, verboseName: 'date joined' }),
  groups: f.manyToMany('auth.Group', { blank: true, relatedName: 'userSet', verboseName: 'groups' }),
  userPermissions: f.manyToMany('auth.Permission', { blank: true, relatedName: 'userSet', verboseName: 'user permissions' }),
}, { verboseName: 'user', verboseNamePlural: 'users' })

// Django's `is_authenticated` / `is_anonymous` on users, for templates (`{% if user.isAuthenticated %}`);
// typed code uses `isAuthenticated(user)`, since model rows are typed from their fields only.
Object.defineProperties((User as unknown as { prototype: object }).prototype, {
  isAuthenticated: { get: () => true, configurable: true },
  isAnonymous: { get: () => false, configurable: true },
})

declare module 'tango/db' {
  interface ModelRegistry {
    'auth.Permission': typeof Permission
    'auth.Group': typeof Group
    'auth.User': typeof User
  }
}

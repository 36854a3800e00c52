/**
 * The auth app's models: `auth.Permission`, `auth.Group` and `auth.User` (Django's
 * `django.contrib.auth.models`).
 *
 * Tango has no contenttypes app, so a permission names its model with two char fields, `appLabel` and
 * `model` (the model's name lower-cased, as Django's `ContentType.model`), instead of a foreign key to
 * `ContentType`. A permission string is still Django's `'<appLabel>.<codename>'`.
 *
 * `auth.User` is swappable (Django's `AUTH_USER_MODEL`): see `user-model.ts`.
 *
 * @module
 */
import { gettextLazy } from 'tango/core'
import { defineModel, f } from 'tango/db'
import { abstractUserFields, defineUserModel } from './user-model.ts'

/**
 * A permission (Django's `Permission`): `codename` such as `change_article`, scoped to a model by
 * `appLabel` + `model`. `(appLabel, model, codename)` is unique.
 */
export const Permission = defineModel('auth.Permission', {
  name: f.char({ maxLength: 255, verboseName: gettextLazy('name') }),
  appLabel: f.char({ maxLength: 100, verboseName: gettextLazy('app label') }),
  model: f.char({ maxLength: 100, verboseName: gettextLazy('model') }),
  codename: f.char({ maxLength: 100, verboseName: gettextLazy('codename') }),
}, {
  uniqueTogether: [['appLabel', 'model', 'codename']],
  ordering: ['appLabel', 'model', 'codename'],
  verboseName: gettextLazy('permission'),
  verboseNamePlural: gettextLazy('permissions'),
})

/** A group of users sharing permissions (Django's `Group`). */
export const Group = defineModel('auth.Group', {
  name: f.char({ maxLength: 150, unique: true, verboseName: gettextLazy('name') }),
  permissions: f.manyToMany('auth.Permission', { blank: true, verboseName: gettextLazy('permissions') }),
}, { verboseName: gettextLazy('group'), verboseNamePlural: gettextLazy('groups') })

/**
 * A user (Django's `AbstractUser` + `User`): `password` holds an encoded hash
 * (`<algorithm>$...`, see `makePassword`), never the password. `lastLogin` is `null` until the first
 * login; `dateJoined` is set when the row is created. Swappable: while `AUTH_USER_MODEL` names another
 * model, `User.objects` throws and `migrate` creates no `auth_user` table. Code that works with
 * whichever user model is active calls `getUserModel()`.
 */
export const User = defineUserModel('auth.User', abstractUserFields(), {
  verboseName: gettextLazy('user'),
  verboseNamePlural: gettextLazy('users'),
  swappable: 'AUTH_USER_MODEL',
})

declare module 'tango/db' {
  interface ModelRegistry {
    'auth.Permission': typeof Permission
    'auth.Group': typeof Group
    'auth.User': typeof User
  }
}

/**
 * The swappable user model (Django's `AbstractUser`, `USERNAME_FIELD`/`EMAIL_FIELD`/`REQUIRED_FIELDS`
 * and `get_user_model`): {@link abstractUserFields} to spread into a project's user model,
 * {@link defineUserModel} to declare it, and {@link getUserModel}, which every part of the auth app
 * uses to find the model `settings.AUTH_USER_MODEL` names.
 *
 * @module
 */
import { ImproperlyConfigured, apps, gettextLazy, settings } from 'tango/core'
import { defineModel, f, modelRegistry } from 'tango/db'
import type { ModelMeta } from 'tango/db'
import type { User } from './models.ts'

/** A model's field map, as `defineModel` takes it. */
type FieldMap = Parameters<typeof defineModel>[1]

/**
 * The fields of Django's `AbstractUser` (with `AbstractBaseUser` and `PermissionsMixin`), in
 * `auth.User`'s order: `password`, `lastLogin`, `isSuperuser`, `username`, `firstName`, `lastName`,
 * `email`, `isStaff`, `isActive`, `dateJoined`, `groups`, `userPermissions`. Spread them into a
 * custom user model, then add or override fields (a later key wins: `email: f.email({ unique: true })`).
 *
 * The many-to-many fields keep Django's reverse names (`group.userSet`, lookups `userSet`); they do
 * not clash with `auth.User`'s because a swapped model contributes no reverse relations.
 * @returns a fresh field map (field values are immutable, so sharing them would also be safe).
 * @example
 * ```ts
 * export const User = defineUserModel('accounts.User', {
 *   ...abstractUserFields(),
 *   birthday: f.date({ null: true, blank: true }),
 * }, { REQUIRED_FIELDS: ['email', 'birthday'] })
 * ```
 */
export function abstractUserFields() {
  return {
    password: f.char({ maxLength: 128, verboseName: gettextLazy('password') }),
    lastLogin: f.dateTime({ null: true, blank: true, verboseName: gettextLazy('last login') }),
    isSuperuser: f.boolean({ default: false, verboseName: gettextLazy('superuser status'), helpText: gettextLazy('Designates that this user has all permissions without explicitly assigning them.') }),
    username: f.char({ maxLength: 150, unique: true, verboseName: gettextLazy('username'), helpText: gettextLazy('Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.') }),
    firstName: f.char({ maxLength: 150, blank: true, default: '', verboseName: gettextLazy('first name') }),
    lastName: f.char({ maxLength: 150, blank: true, default: '', verboseName: gettextLazy('last name') }),
    email: f.email({ blank: true, default: '', verboseName: gettextLazy('email address') }),
    isStaff: f.boolean({ default: false, verboseName: gettextLazy('staff status'), helpText: gettextLazy('Designates whether the user can log into the admin site.') }),
    isActive: f.boolean({ default: true, verboseName: gettextLazy('active'), helpText: gettextLazy('Designates whether this user should be treated as active. Unselect this instead of deleting accounts.') }),
    dateJoined: f.dateTime({ autoNowAdd: true, verboseName: gettextLazy('date joined') }),
    groups: f.manyToMany('auth.Group', { blank: true, relatedName: 'userSet', verboseName: gettextLazy('groups') }),
    userPermissions: f.manyToMany('auth.Permission', { blank: true, relatedName: 'userSet', verboseName: gettextLazy('user permissions') }),
  } as const
}

/** The fields the auth app reads on every user model: a model missing one is refused by {@link defineUserModel}. */
const REQUIRED_MODEL_FIELDS = ['password', 'lastLogin', 'isSuperuser', 'isStaff', 'isActive', 'groups', 'userPermissions'] as const

/** The class-level constants of a user model (Django's names, as on `AbstractBaseUser`). */
export interface UserModelConstants {
  /** The unique field users log in with (Django's `USERNAME_FIELD`). Default `'username'`. */
  readonly USERNAME_FIELD: string
  /** The email field, used by `PasswordResetForm` (Django's `EMAIL_FIELD`). Default `'email'`. */
  readonly EMAIL_FIELD: string
  /**
   * Fields `createsuperuser` asks for besides the username field and the password (Django's
   * `REQUIRED_FIELDS`). Default `['email']`, as Django's `AbstractUser`.
   */
  readonly REQUIRED_FIELDS: readonly string[]
}

/** The options of {@link defineUserModel}: Django's `Meta` options plus the {@link UserModelConstants}. */
export interface UserModelOptions extends ModelMeta, Partial<UserModelConstants> {}

/**
 * The type every user model is used through in the auth app: `auth.User`'s (the
 * {@link abstractUserFields}). A custom model declared with {@link defineUserModel} has these fields
 * at least (checked when it is declared); import your own model for its extra fields.
 */
export type UserModel = typeof User & UserModelConstants

/**
 * Declares a user model: `defineModel(label, fields, meta)` plus Django's `USERNAME_FIELD`,
 * `EMAIL_FIELD` and `REQUIRED_FIELDS` as static constants, and `isAuthenticated` / `isAnonymous`
 * (always `true` / `false`) on its rows for templates. Point `AUTH_USER_MODEL` at its label.
 * @param label - `'app.Name'`.
 * @param fields - the model's fields: spread {@link abstractUserFields} and add your own.
 * @param options - `Meta` options and `USERNAME_FIELD` (default `'username'`), `EMAIL_FIELD` (default
 *   `'email'`), `REQUIRED_FIELDS` (default `['email']`).
 * @returns the model class, with the three constants.
 * @throws ImproperlyConfigured when a field the auth app needs is missing (`password`, `lastLogin`,
 *   `isSuperuser`, `isStaff`, `isActive`, `groups`, `userPermissions`), when `USERNAME_FIELD` or
 *   `EMAIL_FIELD` is not a field, when the username field is not unique (Django's check `auth.E003`),
 *   when `REQUIRED_FIELDS` names an unknown field or the username field (`auth.E002`), or whatever
 *   `defineModel` throws.
 * @example
 * ```ts
 * export const User = defineUserModel('accounts.User', {
 *   ...abstractUserFields(),
 *   birthday: f.date({ null: true, blank: true }),
 * }, { REQUIRED_FIELDS: ['email', 'birthday'] })
 * // settings.ts: AUTH_USER_MODEL: 'accounts.User'
 * ```
 */
export function defineUserModel<const L extends string, const F extends FieldMap>(label: L, fields: F, options: UserModelOptions = {}): ReturnType<typeof defineModel<L, F>> & UserModelConstants {
  const { USERNAME_FIELD = 'username', EMAIL_FIELD = 'email', REQUIRED_FIELDS = ['email'], ...meta } = options
  for (const name of REQUIRED_MODEL_FIELDS) {
    if (!(name in fields)) throw new ImproperlyConfigured(`${label}: a user model needs the field '${name}'; spread abstractUserFields() into its fields.`)
  }
  const username = fields[USERNAME_FIELD]
  if (username === undefined) throw new ImproperlyConfigured(`${label}: USERNAME_FIELD '${USERNAME_FIELD}' is not a field of the model.`)
  if (username.draft.unique !== true && username.draft.primaryKey !== true) {
    throw new ImproperlyConfigured(`${label}: '${label}.${USERNAME_FIELD}' must be unique because it is named as the 'USERNAME_FIELD'.`)
  }
  if (!(EMAIL_FIELD in fields)) throw new ImproperlyConfigured(`${label}: EMAIL_FIELD '${EMAIL_FIELD}' is not a field of the model.`)
  for (const name of REQUIRED_FIELDS) {
    if (name === USERNAME_FIELD) throw new ImproperlyConfigured(`${label}: the field named as the 'USERNAME_FIELD' must not be included in 'REQUIRED_FIELDS'.`)
    if (!(name in fields)) throw new ImproperlyConfigured(`${label}: REQUIRED_FIELDS names '${name}', which is not a field of the model.`)
  }
  const model = defineModel(label, fields, meta)
  const constants: UserModelConstants = { USERNAME_FIELD, EMAIL_FIELD, REQUIRED_FIELDS: Object.freeze([...REQUIRED_FIELDS]) }
  Object.defineProperties(model, {
    USERNAME_FIELD: { value: constants.USERNAME_FIELD, enumerable: true },
    EMAIL_FIELD: { value: constants.EMAIL_FIELD, enumerable: true },
    REQUIRED_FIELDS: { value: constants.REQUIRED_FIELDS, enumerable: true },
  })
  // Django's `is_authenticated` / `is_anonymous` on users, for templates (`{% if user.isAuthenticated %}`);
  // typed code uses `isAuthenticated(user)`, since model rows are typed from their fields only.
  Object.defineProperties((model as unknown as { prototype: object }).prototype, {
    isAuthenticated: { get: () => true, configurable: true },
    isAnonymous: { get: () => false, configurable: true },
  })
  return model as typeof model & UserModelConstants
}

/** Whether `model` was declared with {@link defineUserModel}. */
function isUserModel(model: object): model is UserModel {
  return typeof (model as Partial<UserModelConstants>).USERNAME_FIELD === 'string'
}

/**
 * The active user model (Django's `get_user_model`): the model registered under
 * `settings.AUTH_USER_MODEL` (default `'auth.User'`). Read on every call, so it follows `configure()`.
 * Typed as {@link UserModel} (the standard user fields); the object is the project's model.
 * @throws ImproperlyConfigured (`E_IMPROPERLY_CONFIGURED`) naming the label when it is not of the form
 *   `'app.Name'`, when its app is not in `INSTALLED_APPS`, when no such model is registered, or when
 *   the model was not declared with {@link defineUserModel}.
 * @example
 * ```ts
 * const User = getUserModel()
 * const ada = await User.objects.get({ [User.USERNAME_FIELD]: 'ada' } as never)
 * ```
 */
export function getUserModel(): UserModel {
  const label = settings.AUTH_USER_MODEL
  const dot = label.indexOf('.')
  if (dot <= 0 || dot !== label.lastIndexOf('.') || dot === label.length - 1) {
    throw new ImproperlyConfigured(`AUTH_USER_MODEL must be of the form 'app_label.ModelName', not '${label}'.`)
  }
  const appLabel = label.slice(0, dot)
  const model = modelRegistry.get(label)
  if (model === undefined || apps.get(appLabel) === undefined) {
    throw new ImproperlyConfigured(`AUTH_USER_MODEL refers to model '${label}' that has not been installed (is the '${appLabel}' app in INSTALLED_APPS, and its models.ts imported?).`)
  }
  if (!isUserModel(model)) {
    throw new ImproperlyConfigured(`AUTH_USER_MODEL refers to model '${label}', which was not declared with defineUserModel().`)
  }
  return model
}

/** The username of `user` (Django's `get_username()`): the value of its model's `USERNAME_FIELD`. */
export function getUsername(user: object): string {
  const model = user.constructor as unknown as Partial<UserModelConstants>
  const value = (user as Record<string, unknown>)[model.USERNAME_FIELD ?? 'username']
  return value === null || value === undefined ? '' : String(value)
}

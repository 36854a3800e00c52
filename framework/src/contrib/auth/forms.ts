/**
 * The auth app's forms (Django's `django.contrib.auth.forms`): `AuthenticationForm`,
 * `UserCreationForm`, `SetPasswordForm`, `PasswordChangeForm`, `PasswordResetForm`.
 * Field names are Django's in camelCase (`newPassword1`), messages are Django's.
 *
 * @module
 */
import { ValidationError } from 'tango/db'
import type { FormOptions } from 'tango/forms'
import { CharField, EmailField, PasswordInput, TextInput, defineForm } from 'tango/forms'
import type { Request } from 'tango/http'
import { LazyString, gettext, gettextLazy } from 'tango/i18n'
import { sendMail } from 'tango/mail'
import { renderToString } from 'tango/templates'
import { authenticate } from './api.ts'
import { setPassword } from './backends.ts'
import { checkPassword, isPasswordUsable, makePassword } from './hashers.ts'
import { passwordValidatorsHelpTexts, validatePassword } from './password-validation.ts'
import { defaultTokenGenerator, uidEncode } from './tokens.ts'
import type { PasswordResetTokenGenerator } from './tokens.ts'
import type { UserRow } from './types.ts'
import { getUserModel } from './user-model.ts'

/** Django's messages for these forms, by code; lazy, so they translate into the request's language when used. */
export const AUTH_FORM_MESSAGES = Object.freeze({
  invalidLogin: gettextLazy('Please enter a correct username and password. Note that both fields may be case-sensitive.'),
  inactive: gettextLazy('This account is inactive.'),
  passwordMismatch: gettextLazy('The two password fields didn’t match.'),
  passwordIncorrect: gettextLazy('Your old password was entered incorrectly. Please enter it again.'),
  uniqueUsername: gettextLazy('A user with that username already exists.'),
})

const passwordWidget = (autocomplete: string): PasswordInput => new PasswordInput({ attrs: { autocomplete } })
/** The validators' help texts, made when a form is rendered so they are in the language active then. */
const passwordHelpText = (): LazyString => new LazyString(() => passwordValidatorsHelpTexts().join(' '))

/**
 * The login form (Django's `AuthenticationForm`): `username`, `password`. `clean()` calls
 * `authenticate(request, ...)`; a wrong pair is the non-field error `invalidLogin`, an inactive
 * user (a backend that lets them through) `inactive`. After `isValid()`, `getUser()` is the user.
 */
export class AuthenticationForm extends defineForm({
  username: CharField({ label: gettextLazy('Username'), maxLength: 150, widget: new TextInput({ attrs: { autofocus: true, autocapitalize: 'none', autocomplete: 'username' } }) }),
  password: CharField({ label: gettextLazy('Password'), strip: false, widget: passwordWidget('current-password') }),
}) {
  /** The request handed to `authenticate` (backends may read it). */
  readonly request: Request | null
  #user: UserRow | null = null
  /** Set when the credentials were refused (not when a field was missing): the login view counts these for throttling. */
  invalidLogin = false

  constructor(request: Request | null, options: FormOptions = {}) {
    super(options)
    this.request = request
  }

  override async clean(): Promise<void> {
    const { username, password } = this.cleanedData
    if (username === undefined || password === undefined) return
    const user = await authenticate(this.request, { username, password })
    if (!user) {
      this.invalidLogin = true
      throw new ValidationError(String(AUTH_FORM_MESSAGES.invalidLogin))
    }
    this.confirmLoginAllowed(user)
    this.#user = user
  }

  /** Refuses inactive users (Django's `confirm_login_allowed`); override to refuse others. @throws ValidationError */
  confirmLoginAllowed(user: UserRow): void {
    if (!user.isActive) throw new ValidationError(String(AUTH_FORM_MESSAGES.inactive))
  }

  /** The authenticated user, after a successful `isValid()`; else `null`. */
  getUser(): UserRow | null {
    return this.#user
  }
}

/**
 * Sign-up (Django's `UserCreationForm`): `username`, `password1`, `password2`, for the user model
 * `getUserModel()` returns. Refuses a taken username (exact match on the model's `USERNAME_FIELD`),
 * different passwords, and passwords the validators refuse. `save()` creates the user with the
 * hashed password.
 *
 * For a custom user model with more required fields, subclass it and add form fields named like
 * the model's fields (Django's `class Meta(UserCreationForm.Meta): fields = ...`): `save()` copies
 * every cleaned value whose name is a field of the user model.
 * @example
 * ```ts
 * class SignupForm extends UserCreationForm {
 *   static override baseFields = { ...UserCreationForm.baseFields, birthday: DateField() }
 * }
 * ```
 */
export class UserCreationForm extends defineForm({
  username: CharField({ label: gettextLazy('Username'), maxLength: 150, helpText: gettextLazy('Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.') }),
  password1: CharField({ label: gettextLazy('Password'), strip: false, widget: passwordWidget('new-password'), helpText: passwordHelpText() }),
  password2: CharField({ label: gettextLazy('Password confirmation'), strip: false, widget: passwordWidget('new-password'), helpText: gettextLazy('Enter the same password as before, for verification.') }),
}) {
  async cleanUsername(): Promise<string> {
    const username = this.cleanedData.username
    if (!/^[\w.@+-]+$/u.test(username)) throw new ValidationError(gettext('Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.'))
    const UserModel = getUserModel()
    // The filter key is the model's USERNAME_FIELD, known at run time only.
    if (await UserModel.objects.filter({ [UserModel.USERNAME_FIELD]: username } as never).exists()) throw new ValidationError(String(AUTH_FORM_MESSAGES.uniqueUsername))
    return username
  }

  override clean(): void {
    const { username, password1, password2 } = this.cleanedData
    if (password1 === undefined || password2 === undefined) return
    if (password1 !== password2) {
      this.addError('password2', String(AUTH_FORM_MESSAGES.passwordMismatch))
      return
    }
    try {
      validatePassword(password2, { username: username ?? '' })
    } catch (error) {
      if (error instanceof ValidationError) this.addError('password2', [...error.messages])
      else throw error
    }
  }

  /**
   * Creates and returns the user (active, not staff): the username in the model's `USERNAME_FIELD`,
   * the hashed password, and any other cleaned value named like a field of the model.
   */
  async save(): Promise<UserRow> {
    const UserModel = getUserModel()
    const modelFields = new Set(UserModel._meta.fields.map((field) => field.name))
    const values: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(this.cleanedData as Record<string, unknown>)) {
      if (name !== 'username' && name !== 'password1' && name !== 'password2' && name !== 'password' && modelFields.has(name)) values[name] = value
    }
    values[UserModel.USERNAME_FIELD] = this.cleanedData.username
    values.password = await makePassword(this.cleanedData.password2)
    // Field names come from the model at run time; the model checks them on create.
    return UserModel.objects.create(values as never)
  }
}

const setPasswordFields = {
  newPassword1: CharField({ label: gettextLazy('New password'), strip: false, widget: passwordWidget('new-password'), helpText: passwordHelpText() }),
  newPassword2: CharField({ label: gettextLazy('New password confirmation'), strip: false, widget: passwordWidget('new-password') }),
}

/** Checks the two new passwords of `form` against each other and the validators for `user`. */
function checkNewPasswords(form: { cleanedData: { newPassword1?: string; newPassword2?: string }; addError(field: string, message: string | string[]): void }, user: UserRow): void {
  const { newPassword1, newPassword2 } = form.cleanedData
  if (newPassword1 === undefined || newPassword2 === undefined) return
  if (newPassword1 !== newPassword2) {
    form.addError('newPassword2', String(AUTH_FORM_MESSAGES.passwordMismatch))
    return
  }
  try {
    validatePassword(newPassword2, user)
  } catch (error) {
    if (error instanceof ValidationError) form.addError('newPassword2', [...error.messages])
    else throw error
  }
}

/**
 * Sets a user's password without asking for the old one (Django's `SetPasswordForm`, used by the
 * reset confirm page): `newPassword1`, `newPassword2`. `save()` hashes and saves it.
 */
export class SetPasswordForm extends defineForm(setPasswordFields) {
  /** Whose password is set. */
  readonly user: UserRow

  constructor(user: UserRow, options: FormOptions = {}) {
    super(options)
    this.user = user
  }

  override clean(): void {
    checkNewPasswords(this as unknown as Parameters<typeof checkNewPasswords>[0], this.user)
  }

  /** Hashes the new password onto the user and saves it; returns the user. */
  async save(): Promise<UserRow> {
    await setPassword(this.user, this.cleanedData.newPassword1)
    await this.user.save()
    return this.user
  }
}

/**
 * Changes a logged-in user's password (Django's `PasswordChangeForm`): `oldPassword`, then the
 * {@link SetPasswordForm} fields. A wrong old password is `passwordIncorrect` on `oldPassword`.
 */
export class PasswordChangeForm extends defineForm({
  oldPassword: CharField({ label: gettextLazy('Old password'), strip: false, widget: new PasswordInput({ attrs: { autocomplete: 'current-password', autofocus: true } }) }),
  ...setPasswordFields,
}) {
  /** Whose password is changed. */
  readonly user: UserRow

  constructor(user: UserRow, options: FormOptions = {}) {
    super(options)
    this.user = user
  }

  async cleanOldPassword(): Promise<string> {
    const old = this.cleanedData.oldPassword
    if (!(await checkPassword(old, this.user.password))) throw new ValidationError(String(AUTH_FORM_MESSAGES.passwordIncorrect))
    return old
  }

  override clean(): void {
    checkNewPasswords(this as unknown as Parameters<typeof checkNewPasswords>[0], this.user)
  }

  /** Hashes the new password onto the user and saves it; returns the user. */
  async save(): Promise<UserRow> {
    await setPassword(this.user, this.cleanedData.newPassword1)
    await this.user.save()
    return this.user
  }
}

/** The value of the user model's `EMAIL_FIELD` on `user` (`''` when empty). */
function userEmail(user: UserRow): string {
  const value = (user as unknown as Record<string, unknown>)[getUserModel().EMAIL_FIELD]
  return typeof value === 'string' ? value : ''
}

/** Options of {@link PasswordResetForm.save}. */
export interface PasswordResetSaveOptions {
  /** Builds the absolute-path confirm link for a user's `uidb64` and token. */
  readonly confirmUrl: (uidb64: string, token: string) => string
  /** Host shown in the link; default the request's host. */
  readonly domain: string
  /** `http` or `https`. */
  readonly protocol: string
  /** Shown in the message; default the domain. */
  readonly siteName?: string
  /** Sender; default `DEFAULT_FROM_EMAIL`. */
  readonly fromEmail?: string | null
  readonly tokenGenerator?: PasswordResetTokenGenerator
  /** Template of the text body; default `registration/password_reset_email.html`. */
  readonly emailTemplateName?: string
  /** Template of the subject (one line); default `registration/password_reset_subject.txt`. */
  readonly subjectTemplateName?: string
}

/**
 * Asks for a reset link by email (Django's `PasswordResetForm`): `email`. `save()` mails a link to
 * every active user whose `EMAIL_FIELD` holds that email (case-insensitive) and whose password is
 * usable; an unknown email sends nothing and looks the same to the visitor (no account enumeration).
 */
export class PasswordResetForm extends defineForm({
  email: EmailField({ label: gettextLazy('Email'), maxLength: 254, widget: new TextInput({ attrs: { autocomplete: 'email', type: 'email' } }) }),
}) {
  /** The users a link goes to (Django's `get_users`): active, usable password, same email (`EMAIL_FIELD`) ignoring case. */
  async getUsers(email: string): Promise<UserRow[]> {
    const UserModel = getUserModel()
    const field = UserModel.EMAIL_FIELD
    // The filter key is the model's EMAIL_FIELD, known at run time only.
    const users = await UserModel.objects.filter({ [`${field}__iexact`]: email, isActive: true } as never).all()
    return users.filter((user) => isPasswordUsable(user.password) && userEmail(user).toLowerCase() === email.toLowerCase())
  }

  /** Sends the reset emails; resolves to the number sent. */
  async save(options: PasswordResetSaveOptions): Promise<number> {
    const generator = options.tokenGenerator ?? defaultTokenGenerator
    let sent = 0
    for (const user of await this.getUsers(this.cleanedData.email)) {
      const uid = uidEncode(user.id)
      const token = generator.makeToken(user)
      const context = {
        email: userEmail(user), domain: options.domain, site_name: options.siteName ?? options.domain, uid, user, token,
        protocol: options.protocol, reset_url: `${options.protocol}://${options.domain}${options.confirmUrl(uid, token)}`,
      }
      // Email subjects are one line: a newline there would be header injection.
      const subject = (await renderToString(options.subjectTemplateName ?? 'registration/password_reset_subject.txt', context)).replace(/[\r\n]+/g, ' ').trim()
      const body = await renderToString(options.emailTemplateName ?? 'registration/password_reset_email.html', context)
      sent += await sendMail(subject, body, options.fromEmail ?? null, [userEmail(user)])
    }
    return sent
  }
}

/**
 * `tango/contrib/auth`: users, groups, permissions, password hashing and validation, logging in and
 * out (Django's `django.contrib.auth`). See `docs/auth.md`.
 *
 * @module
 * @example
 * ```ts
 * import auth, { AuthenticationMiddleware } from 'tango/contrib/auth'
 * export default defineSettings({
 *   INSTALLED_APPS: [sessions, auth, ...],
 *   MIDDLEWARE: [SecurityMiddleware, SessionMiddleware, CommonMiddleware, CsrfViewMiddleware, AuthenticationMiddleware],
 * })
 * // in a view
 * const user = await authenticate(request, { username, password })
 * if (user) await login(request, user)
 * ```
 */
export { default, default as authApp } from './app.ts'
export { Permission, Group, User } from './models.ts'
export { abstractUserFields, defineUserModel, getUserModel, getUsername } from './user-model.ts'
export type { UserModel, UserModelConstants, UserModelOptions } from './user-model.ts'
export { AnonymousUser } from './anonymous-user.ts'
export type { AuthUser, UserRow } from './types.ts'
export {
  Argon2PasswordHasher, PBKDF2PasswordHasher, defaultPasswordHashers, setPasswordHashers, getPasswordHashers, identifyHasher,
  makePassword, checkPassword, isPasswordUsable, unusablePassword, MAX_PASSWORD_BYTES, UNUSABLE_PASSWORD_PREFIX,
} from './hashers.ts'
export type { PasswordHasher, Argon2Options } from './hashers.ts'
export {
  MinimumLengthValidator, NumericPasswordValidator, UserAttributeSimilarityValidator, CommonPasswordValidator,
  defaultPasswordValidators, validatePassword, passwordValidatorsHelpTexts,
} from './password-validation.ts'
export type { PasswordValidator, PasswordUser } from './password-validation.ts'
export { ModelBackend, getBackends, setBackends, checkUserPassword, setPassword, setUnusablePassword, userCanAuthenticate } from './backends.ts'
export type { AuthBackend, Credentials } from './backends.ts'
export { authenticate, login, logout, updateSessionAuthHash, getUser, getSessionAuthHash, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY } from './api.ts'
export { AuthenticationMiddleware } from './middleware.ts'
export { authContextProcessor } from './context-processor.ts'
export { hasPerm, hasPerms, hasModulePerms, getAllPermissions, isAuthenticated, createPermissions, connectDefaultPermissions, DEFAULT_PERMISSIONS } from './permissions.ts'
export { loginRequired, permissionRequired, userPassesTest, redirectToLogin, loginUrl, REDIRECT_FIELD_NAME } from './decorators.ts'
export type { AccessOptions } from './decorators.ts'
export { AccessMixin, LoginRequiredMixin, PermissionRequiredMixin, UserPassesTestMixin } from './mixins.ts'
export type { ViewClass } from './mixins.ts'
export { userLoggedIn, userLoggedOut, userLoginFailed } from './signals.ts'
export type { UserLoggedInArgs, UserLoggedOutArgs, UserLoginFailedArgs } from './signals.ts'
export { PasswordTooLong, UnknownPasswordHasher } from './errors.ts'
export { createsuperuser } from './commands/createsuperuser.ts'
export { changepassword } from './commands/changepassword.ts'
export { AuthenticationForm, UserCreationForm, SetPasswordForm, PasswordChangeForm, PasswordResetForm, AUTH_FORM_MESSAGES } from './forms.ts'
export type { PasswordResetSaveOptions } from './forms.ts'
export { PasswordResetTokenGenerator, defaultTokenGenerator, PASSWORD_RESET_TIMEOUT, uidEncode, uidDecode } from './tokens.ts'
export type { TokenGeneratorOptions, TokenUser } from './tokens.ts'
export { LoginThrottle, defaultLoginThrottle, throttleKeys, LOGIN_THROTTLE_LIMIT, LOGIN_THROTTLE_WINDOW } from './throttle.ts'
export type { LoginThrottleOptions } from './throttle.ts'
export {
  loginView, logoutView, passwordChangeView, passwordChangeDoneView, passwordResetView, passwordResetDoneView, passwordResetConfirmView,
  passwordResetCompleteView, RESET_SESSION_TOKEN, RESET_URL_TOKEN,
} from './views.ts'
export type { LoginViewOptions, LogoutViewOptions, PasswordResetViewOptions } from './views.ts'
export { urlpatterns as authUrls } from './urls.ts'
export { LoginRequiredMiddleware, loginNotRequired, isLoginNotRequired } from './login-required-middleware.ts'

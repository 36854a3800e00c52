/**
 * The auth app's views (Django's `django.contrib.auth.views`): login (with throttling), logout,
 * password change and password reset by email. Each is a factory taking options; `urls.ts` mounts
 * them with the defaults. Templates: `registration/*.html` in this app (override them in a project
 * template folder listed earlier).
 *
 * @module
 */
import { settings } from 'tango/core'
import { HttpResponse, redirect, urlHasAllowedHostAndScheme } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { reverse } from 'tango/urls'
import type { ViewFunction } from 'tango/urls'
import { render, requirePOST } from 'tango/views'
// From tango/i18n (not tango/core): importing it also installs the {% trans %} tags the
// registration templates use.
import { gettext } from 'tango/i18n'
import { getUser, login, logout, updateSessionAuthHash } from './api.ts'
import { REDIRECT_FIELD_NAME, loginRequired } from './decorators.ts'
import { AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm } from './forms.ts'
import { getUserModel } from './user-model.ts'
import { loginNotRequired } from './login-required-middleware.ts'
import { isAuthenticated } from './permissions.ts'
import { defaultLoginThrottle, throttleKeys } from './throttle.ts'
import type { LoginThrottle } from './throttle.ts'
import { defaultTokenGenerator, uidDecode } from './tokens.ts'
import type { PasswordResetTokenGenerator } from './tokens.ts'
import type { UserRow } from './types.ts'

/** Session key holding a reset token between the emailed link and the set-password page (Django's `_password_reset_token`). */
export const RESET_SESSION_TOKEN = '_password_reset_token'
/** Stands for the token in the URL after the token moved to the session (Django's `reset_url_token`). */
export const RESET_URL_TOKEN = 'set-password'

/**
 * `reverse(name, params)`, or, when the root URLconf does not name that route (the auth URLs mounted
 * through a resolver handed straight to `createHandler`), `relative` resolved against the request
 * path: the routes of `urls.ts` are laid out as Django's, so the relative fallback lands on them.
 */
function urlFor(request: Request, name: string, params: Readonly<Record<string, string>>, relative: string): string {
  try {
    return reverse(name, params)
  } catch {
    return new URL(relative, `http://host${request.rawPath}`).pathname
  }
}

/** The `next` the client sent (POST body first, then query) when it is safe, else `null`. */
function safeNext(request: Request, data: { get(name: string): string | null } | null, field: string): string | null {
  const next = data?.get(field) ?? request.query.get(field)
  return urlHasAllowedHostAndScheme(next, [request.getHost()], request.isSecure()) ? next : null
}

function tooMany(retryAfter: number): Response {
  return new HttpResponse(`${gettext('Too many failed login attempts. Try again later.')}\n`, {
    status: 429, contentType: 'text/plain; charset=utf-8', headers: { 'Retry-After': String(retryAfter) },
  })
}

/** Options of {@link loginView}. */
export interface LoginViewOptions {
  /** Default `registration/login.html`. */
  readonly templateName?: string
  /** Default `next`. */
  readonly redirectFieldName?: string
  /** Where to go without a safe `next`; default `settings.LOGIN_REDIRECT_URL`. */
  readonly nextPage?: string
  /** Send an already logged-in visitor straight on (Django's `redirect_authenticated_user`); default false. */
  readonly redirectAuthenticatedUser?: boolean
  /** The failure counter; default the process-wide {@link defaultLoginThrottle}; `null` turns throttling off. */
  readonly throttle?: LoginThrottle | null
}

/**
 * The login page (Django's `LoginView`). GET renders the template with `form`, `next` and
 * `redirectFieldName`; POST validates an {@link AuthenticationForm}, logs the user in and redirects
 * to a safe `next` (same host; see `urlHasAllowedHostAndScheme`) or `LOGIN_REDIRECT_URL`.
 * Throttling: once the username or the client address has `limit` failures in the window, POSTs
 * answer 429 with `Retry-After` (seconds) without checking the password; a success resets the
 * username's count.
 */
export function loginView(options: LoginViewOptions = {}): ViewFunction<unknown> {
  const field = options.redirectFieldName ?? REDIRECT_FIELD_NAME
  const throttle = options.throttle === undefined ? defaultLoginThrottle : options.throttle
  return loginNotRequired(async (request: Request) => {
    const data = request.method === 'POST' ? await request.form() : null
    const next = safeNext(request, data, field)
    const success = next ?? options.nextPage ?? settings.LOGIN_REDIRECT_URL
    if (options.redirectAuthenticatedUser === true && isAuthenticated(await getUser(request))) return redirect(success)
    let form: AuthenticationForm
    if (data) {
      const keys = throttleKeys(data.get('username') ?? '', request.clientAddress)
      const wait = throttle ? await throttle.retryAfter([keys.user, keys.address]) : null
      if (wait !== null) return tooMany(wait)
      form = new AuthenticationForm(request, { data })
      const user = (await form.isValid()) ? form.getUser() : null
      if (user) {
        await login(request, user)
        await throttle?.reset(keys.user)
        return redirect(success)
      }
      if (form.invalidLogin) await throttle?.fail([keys.user, keys.address])
    } else {
      form = new AuthenticationForm(request)
    }
    const passwordResetUrl = urlFor(request, 'password_reset', {}, '../password_reset/')
    return render(request, options.templateName ?? 'registration/login.html', { form, next: next ?? '', redirectFieldName: field, passwordResetUrl, title: gettext('Log in') })
  })
}

/** Options of {@link logoutView}. */
export interface LogoutViewOptions {
  /** Default `registration/logged_out.html`. */
  readonly templateName?: string
  /** Default `next`. */
  readonly redirectFieldName?: string
  /** Default `settings.LOGOUT_REDIRECT_URL`; when neither is set (and no safe `next`), the page is rendered. */
  readonly nextPage?: string | null
}

/**
 * Logs out (Django's `LogoutView`): POST only (GET is 405, since Django 5: a link or an image on
 * another site must not log people out). Redirects to a safe `next`, else `nextPage` /
 * `LOGOUT_REDIRECT_URL`, else renders `registration/logged_out.html`.
 */
export function logoutView(options: LogoutViewOptions = {}): ViewFunction<unknown> {
  const field = options.redirectFieldName ?? REDIRECT_FIELD_NAME
  return requirePOST(async (request: Request) => {
    const next = safeNext(request, await request.form(), field)
    await logout(request)
    const target = next ?? options.nextPage ?? settings.LOGOUT_REDIRECT_URL
    if (target !== null && target !== undefined) return redirect(target)
    return render(request, options.templateName ?? 'registration/logged_out.html', { title: gettext('Logged out') })
  })
}

/**
 * Password change (Django's `PasswordChangeView`), for logged-in users (others go to the login
 * page): a {@link PasswordChangeForm}; on success the password is saved, this session stays logged in
 * (`updateSessionAuthHash`; the user's other sessions end) and the browser goes to `password_change_done`.
 */
export function passwordChangeView(options: { readonly templateName?: string; readonly successUrl?: string } = {}): ViewFunction<unknown> {
  return loginRequired(async (request: Request) => {
    const user = (await getUser(request)) as UserRow
    const form = new PasswordChangeForm(user, request.method === 'POST' ? { data: await request.form() } : {})
    if (request.method === 'POST' && (await form.isValid())) {
      await form.save()
      await updateSessionAuthHash(request, user)
      return redirect(options.successUrl ?? urlFor(request, 'password_change_done', {}, 'done/'))
    }
    return render(request, options.templateName ?? 'registration/password_change_form.html', { form, title: gettext('Password change') })
  })
}

/** "Password changed" (Django's `PasswordChangeDoneView`), for logged-in users. */
export function passwordChangeDoneView(options: { readonly templateName?: string } = {}): ViewFunction<unknown> {
  return loginRequired((request: Request) => render(request, options.templateName ?? 'registration/password_change_done.html', { title: gettext('Password change successful') }))
}

/** Options of {@link passwordResetView}. */
export interface PasswordResetViewOptions {
  readonly templateName?: string
  readonly emailTemplateName?: string
  readonly subjectTemplateName?: string
  readonly successUrl?: string
  readonly fromEmail?: string | null
  readonly tokenGenerator?: PasswordResetTokenGenerator
}

/**
 * Asks for a reset link (Django's `PasswordResetView`): a {@link PasswordResetForm}; a valid email
 * mails the link to matching users (none for an unknown email: the answer is the same redirect to
 * `password_reset_done` either way).
 */
export function passwordResetView(options: PasswordResetViewOptions = {}): ViewFunction<unknown> {
  return loginNotRequired(async (request: Request) => {
    const form = new PasswordResetForm(request.method === 'POST' ? { data: await request.form() } : {})
    if (request.method === 'POST' && (await form.isValid())) {
      await form.save({
        confirmUrl: (uidb64, token) => urlFor(request, 'password_reset_confirm', { uidb64, token }, `../reset/${uidb64}/${token}/`),
        domain: request.getHost(), protocol: request.scheme,
        ...(options.fromEmail === undefined ? {} : { fromEmail: options.fromEmail }),
        ...(options.tokenGenerator === undefined ? {} : { tokenGenerator: options.tokenGenerator }),
        ...(options.emailTemplateName === undefined ? {} : { emailTemplateName: options.emailTemplateName }),
        ...(options.subjectTemplateName === undefined ? {} : { subjectTemplateName: options.subjectTemplateName }),
      })
      return redirect(options.successUrl ?? urlFor(request, 'password_reset_done', {}, 'done/'))
    }
    return render(request, options.templateName ?? 'registration/password_reset_form.html', { form, title: gettext('Password reset') })
  })
}

/** "Check your email" (Django's `PasswordResetDoneView`). */
export function passwordResetDoneView(options: { readonly templateName?: string } = {}): ViewFunction<unknown> {
  return loginNotRequired((request: Request) => render(request, options.templateName ?? 'registration/password_reset_done.html', { title: gettext('Password reset sent') }))
}

async function resetUser(uidb64: string): Promise<UserRow | null> {
  const id = uidDecode(uidb64)
  if (id === null || !/^\d+$/.test(id)) return null
  return getUserModel().objects.filter({ pk: Number(id) } as never).first()
}

/**
 * The emailed link (Django's `PasswordResetConfirmView`), route `reset/<uidb64>/<token>/`. A valid
 * token is moved into the session and the browser redirected to `reset/<uidb64>/set-password/`, so
 * the token never leaks through `Referer`; there a {@link SetPasswordForm} sets the password (which
 * kills the token) and redirects to `password_reset_complete`. A bad, used or expired link renders
 * the template with `validlink` false.
 */
export function passwordResetConfirmView(options: { readonly templateName?: string; readonly successUrl?: string; readonly tokenGenerator?: PasswordResetTokenGenerator } = {}): ViewFunction<{ uidb64: string; token: string }> {
  const generator = options.tokenGenerator ?? defaultTokenGenerator
  const template = options.templateName ?? 'registration/password_reset_confirm.html'
  return loginNotRequired(async (request: Request, { uidb64, token }: { uidb64: string; token: string }) => {
    const user = await resetUser(uidb64)
    if (user && token !== RESET_URL_TOKEN) {
      if (!generator.checkToken(user, token)) return render(request, template, { validlink: false, title: gettext('Password reset unsuccessful') })
      await request.session.set(RESET_SESSION_TOKEN, token)
      return redirect(urlFor(request, 'password_reset_confirm', { uidb64, token: RESET_URL_TOKEN }, `../${RESET_URL_TOKEN}/`))
    }
    const stored = await request.session.get<string>(RESET_SESSION_TOKEN)
    if (!user || !generator.checkToken(user, stored)) return render(request, template, { validlink: false, title: gettext('Password reset unsuccessful') })
    const form = new SetPasswordForm(user, request.method === 'POST' ? { data: await request.form() } : {})
    if (request.method === 'POST' && (await form.isValid())) {
      await form.save()
      await request.session.delete(RESET_SESSION_TOKEN)
      return redirect(options.successUrl ?? urlFor(request, 'password_reset_complete', {}, '../../done/'))
    }
    return render(request, template, { form, validlink: true, title: gettext('Enter new password') })
  })
}

/** "Password set, log in" (Django's `PasswordResetCompleteView`); `loginUrl` is `settings.LOGIN_URL`. */
export function passwordResetCompleteView(options: { readonly templateName?: string } = {}): ViewFunction<unknown> {
  return loginNotRequired((request: Request) => render(request, options.templateName ?? 'registration/password_reset_complete.html', { loginUrl: settings.LOGIN_URL, title: gettext('Password reset complete') }))
}

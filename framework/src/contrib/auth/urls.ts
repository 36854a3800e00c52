/**
 * The auth app's URLs, Django's `django.contrib.auth.urls` (not namespaced, Django's route names):
 * `include(authUrls)` under `accounts/` gives `/accounts/login/`, `/accounts/logout/`, ...
 *
 * @module
 * @example
 * ```ts
 * import { authUrls } from 'tango/contrib/auth'
 * export const urlpatterns = [path('accounts/', include(authUrls))]
 * ```
 */
import { path } from 'tango/urls'
import type { URLEntry } from 'tango/urls'
import {
  loginView, logoutView, passwordChangeDoneView, passwordChangeView, passwordResetCompleteView, passwordResetConfirmView,
  passwordResetDoneView, passwordResetView,
} from './views.ts'

/** The routes, named as Django's: `login`, `logout`, `password_change`, `password_change_done`, `password_reset`, `password_reset_done`, `password_reset_confirm`, `password_reset_complete`. */
export const urlpatterns: readonly URLEntry[] = [
  path('login/', loginView(), { name: 'login' }),
  path('logout/', logoutView(), { name: 'logout' }),
  path('password_change/', passwordChangeView(), { name: 'password_change' }),
  path('password_change/done/', passwordChangeDoneView(), { name: 'password_change_done' }),
  path('password_reset/', passwordResetView(), { name: 'password_reset' }),
  path('password_reset/done/', passwordResetDoneView(), { name: 'password_reset_done' }),
  path('reset/<uidb64>/<token>/', passwordResetConfirmView(), { name: 'password_reset_confirm' }),
  path('reset/done/', passwordResetCompleteView(), { name: 'password_reset_complete' }),
]

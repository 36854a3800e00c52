import { site } from 'tango/contrib/admin'
import { authUrls } from 'tango/contrib/auth'
import { i18nPatterns, i18nUrls } from 'tango/i18n'
import { include, path } from 'tango/urls'
import * as accounts from './accounts/urls.ts'
import * as news from './news/urls.ts'

export const urlpatterns = [
  // The admin (/admin/): every news model, users and groups. `npm start` prints its login once.
  path('admin/', include(site.urls)),
  // POST /i18n/setlang/ (name 'set_language'): the language switcher in the page header.
  path('i18n/', i18nUrls),
  // Every page lives under its language: /articles/... in English, /ru/articles/... in Russian.
  ...i18nPatterns(
    // Log in, log out, password change and reset: the auth app's views under Django's URL names.
    path('accounts/', include(authUrls)),
    path('accounts/', include(accounts)),
    path('', include(news)),
    { prefixDefaultLanguage: false },
  ),
]

import { authUrls } from 'tango/contrib/auth'
import { include, path } from 'tango/urls'
import * as accounts from './accounts/urls.ts'
import * as news from './news/urls.ts'

export const urlpatterns = [
  // Log in, log out, password change and reset: the auth app's views under Django's URL names.
  path('accounts/', include(authUrls)),
  path('accounts/', include(accounts)),
  path('', include(news)),
]

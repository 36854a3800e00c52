/**
 * The URL configuration of the {{ project_name }} project: `urlpatterns` maps URLs to views.
 *
 * Add an app's URLs with include():
 *   import * as pollsUrls from './polls/urls.ts'
 *   path('polls/', include(pollsUrls)),
 */
import type { Request } from 'tango/http'
import { site } from 'tango/contrib/admin'
import { include, path } from 'tango/urls'
import { render } from 'tango/views'

/** The welcome page a new project shows until you map '' to a view of your own. */
async function welcome(request: Request) {
  return render(request, 'welcome.html', { projectName: '{{ project_name }}' })
}

export const urlpatterns = [
  // The admin: `npx tango createsuperuser`, then log in at /admin/.
  path('admin/', include(site.urls)),
  path('', welcome, { name: 'welcome' }),
]

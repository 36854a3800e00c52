import type { Request } from 'tango/http'
import { render } from 'tango/views'

/** The app's front page. */
export async function index(request: Request) {
  return render(request, '{{ app_name }}/index.html', { appName: '{{ app_name }}' })
}

/**
 * The auth context processor (as Django's `django.contrib.auth.context_processors.auth`).
 *
 * @module
 */
import type { Request } from 'tango/http'
import { AnonymousUser } from './anonymous-user.ts'
import type {} from './middleware.ts'
import type { AuthUser } from './types.ts'

/**
 * Gives templates `user`: the request's user, loaded (`{% if user.isAuthenticated %}Hi {{ user.username }}{% endif %}`),
 * or an `AnonymousUser` when `AuthenticationMiddleware` is not installed. A request without a session
 * cookie costs no query. Unlike Django's, it gives no `perms`: permissions need the database, and
 * templates are synchronous, so views that show permission-dependent parts pass what they checked.
 */
export async function authContextProcessor(request: Request): Promise<{ user: AuthUser }> {
  const user = 'user' in request ? await request.user : new AnonymousUser()
  return { user }
}

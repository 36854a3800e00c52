// The admin suites' shared login: a TestClient with the session, CSRF, auth and messages middleware,
// logged in through a real login POST (the admin's or the auth app's view).
import assert from 'node:assert/strict'
import { createHandler } from 'tango/handler'
import { TestClient } from 'tango/test'
import type { URLResolver } from 'tango/urls'
import { SessionMiddleware } from 'tango/contrib/sessions'
import { MessageMiddleware } from 'tango/contrib/messages'
import { Argon2PasswordHasher, AuthenticationMiddleware } from 'tango/contrib/auth'
import { CsrfViewMiddleware } from 'tango/middleware'

/** The password every admin test user gets. */
export const PASSWORD = 'correct-horse-42'

/** A fast argon2 for tests (the hash is not what they check). */
export const cheapHasher = new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })

/**
 * A client logged in as `username` with {@link PASSWORD}.
 * @param options - `resolver`: the URLconf (default the root one); `loginPath`: where to POST the
 *   credentials (default the auth app's `/accounts/login/`; `/admin/login/` for the admin's view).
 */
export async function loggedInClient(username: string, options: { readonly resolver?: URLResolver; readonly loginPath?: string } = {}): Promise<TestClient> {
  const middleware = [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware]
  const client = new TestClient(await createHandler(options.resolver === undefined ? { middleware } : { resolver: options.resolver, middleware }))
  const loginPath = options.loginPath ?? '/accounts/login/'
  const response = await client.post(loginPath, loginPath === '/admin/login/' ? { username, password: PASSWORD, next: '/admin/' } : { username, password: PASSWORD })
  assert.equal(response.status, 302, `login of ${username}: ${response.text().slice(0, 300)}`)
  return client
}

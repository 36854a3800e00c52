// The class-based view mixins through the real handler and a real database: anonymous users are
// redirected to log in, logged-in users without the permission get 403, and the rest get the view.
import assert from 'node:assert/strict'
import { before, after, test } from 'node:test'
import { apps } from 'tango/core'
import { migrate } from 'tango/db/migrations'
import { createHandler } from 'tango/handler'
import { HttpResponse } from 'tango/http'
import type { Request } from 'tango/http'
import { CsrfViewMiddleware } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { URLResolver, include, path } from 'tango/urls'
import { View } from 'tango/views'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import authApp, {
  Argon2PasswordHasher, AuthenticationMiddleware, LoginRequiredMixin, Permission, PermissionRequiredMixin, User, UserPassesTestMixin,
  authUrls, makePassword, setPasswordHashers,
} from 'tango/contrib/auth'
import { forEachDatabase } from '../../../helpers/databases.ts'

class Secret extends View {
  get(request: Request) {
    return new HttpResponse(`secret for ${request.method}`)
  }
}

class Members extends LoginRequiredMixin(Secret) {}
class Editors extends PermissionRequiredMixin(Secret) {
  override permissionRequired = 'auth.change_user'
}
class Forbidding extends LoginRequiredMixin(Secret) {
  override raiseException = true
}
class OnlyBob extends UserPassesTestMixin(Secret) {
  override async testFunc() {
    return (await this.request.user).username === 'bob'
  }
}
class Unconfigured extends PermissionRequiredMixin(Secret) {}

const routes = new URLResolver([
  path('accounts/', include([...authUrls])),
  path('members/', Members.asView()),
  path('editors/', Editors.asView()),
  path('forbidding/', Forbidding.asView()),
  path('bob/', OnlyBob.asView()),
  path('unconfigured/', Unconfigured.asView()),
])

async function client(username?: string): Promise<TestClient> {
  const c = new TestClient(await createHandler({ resolver: routes, middleware: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware] }))
  if (username !== undefined) assert.equal((await c.post('/accounts/login/', { username, password: 'correct-horse-42' })).status, 302)
  return c
}

forEachDatabase('auth view mixins', () => {
  before(async () => {
    setPasswordHashers([new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })])
    await apps.ready()
    await migrate()
    for (const username of ['ada', 'bob']) await User.objects.create({ username, password: await makePassword('correct-horse-42') })
    const ada = await User.objects.get({ username: 'ada' })
    await ada.userPermissions.add(await Permission.objects.get({ appLabel: 'auth', codename: 'change_user' }))
  })
  after(() => setPasswordHashers(null))

  test('LoginRequiredMixin: anonymous → login with next; logged in → the view', async () => {
    const anonymous = await client()
    const refused = await anonymous.get('/members/?page=2')
    assert.equal(refused.status, 302)
    assert.equal(refused.headers.get('location'), '/accounts/login/?next=/members/%3Fpage%3D2')
    const bob = await client('bob')
    assert.equal((await bob.get('/members/')).text(), 'secret for GET')
  })

  test('raiseException answers 403 instead of redirecting', async () => {
    assert.equal((await (await client()).get('/forbidding/')).status, 403)
  })

  test('PermissionRequiredMixin: anonymous → login; logged in without the permission → 403; with it → the view', async () => {
    assert.equal((await (await client()).get('/editors/')).status, 302)
    assert.equal((await (await client('bob')).get('/editors/')).status, 403)
    const ada = await client('ada')
    const page = await ada.get('/editors/')
    assert.equal(page.status, 200)
    assert.equal(page.text(), 'secret for GET')
  })

  test('UserPassesTestMixin runs testFunc with this.request', async () => {
    assert.equal((await (await client('bob')).get('/bob/')).status, 200)
    assert.equal((await (await client('ada')).get('/bob/')).status, 403)
    assert.equal((await (await client()).get('/bob/')).status, 302)
  })

  test('a PermissionRequiredMixin without permissionRequired is a configuration error, not a pass', async () => {
    const response = await (await client('ada')).get('/unconfigured/')
    assert.equal(response.status, 500)
  })
}, { settings: { SECRET_KEY: 'mixins-test-secret-key-0123456789-abcdefgh', SESSION_ENGINE: 'db', INSTALLED_APPS: [sessionsApp, authApp], REQUEST_LOGGING: false, ALLOWED_HOSTS: ['testserver'] } })

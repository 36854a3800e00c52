// Settings of the admin bench's project, served by `tango serve` (test/bench/admin.ts); the
// database file comes from BENCH_DB.
import { defineSettings } from 'tango/core'
import { CsrfViewMiddleware } from 'tango/middleware'
import { path } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import messagesApp, { MessageMiddleware } from 'tango/contrib/messages'
import authApp, { AuthenticationMiddleware } from 'tango/contrib/auth'
import adminApp from 'tango/contrib/admin'
import libraryApp from '../../../unit/contrib/admin/fixtures/library/app.ts'
import { site } from './admin.ts'

export default defineSettings({
  SECRET_KEY: 'bench-admin-secret-key-bench-admin-secret-key-0123456789',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost', 'testserver'],
  DEBUG: false,
  REQUEST_LOGGING: false,
  SESSION_ENGINE: 'signedCookies',
  INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp, libraryApp],
  MIDDLEWARE: [SessionMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware],
  ROOT_URLCONF: async () => ({ urlpatterns: [path('admin/', site.urls)] }),
  DATABASES: { default: { URL: `sqlite:///${process.env.BENCH_DB ?? ''}` } },
}, {})

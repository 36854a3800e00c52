/**
 * What each core middleware costs per request, in process (no sockets): the handler with one
 * middleware at a time, then the default stack, each timed over 200,000 GET requests.
 * Run: `TANGO_LOG_LEVEL=info npx tsx test/bench/middleware-cost.ts > /dev/null` (the access log
 * goes to stdout; the figures go to stderr).
 */
import { configure, defineSettings, type MiddlewareFactory } from 'tango/core'
import { createHandler } from 'tango/handler'
import { HttpResponse, Request } from 'tango/http'
import * as middleware from 'tango/middleware'
import { path } from 'tango/urls'

const urlpatterns = [path('plaintext', () => new HttpResponse('Hello, World!', { contentType: 'text/plain; charset=utf-8' }))]
const stacks: Record<string, readonly MiddlewareFactory[]> = {
  'none': [],
  'RequestLoggingMiddleware': [middleware.RequestLoggingMiddleware],
  'SecurityMiddleware': [middleware.SecurityMiddleware],
  'GZipMiddleware': [middleware.GZipMiddleware],
  'ConditionalGetMiddleware': [middleware.ConditionalGetMiddleware],
  'CommonMiddleware': [middleware.CommonMiddleware],
  'XFrameOptionsMiddleware': [middleware.XFrameOptionsMiddleware],
  'DEFAULT_MIDDLEWARE': middleware.DEFAULT_MIDDLEWARE,
}
// The headers autocannon sends, plus an Accept-Encoding as browsers send.
const headers = { host: '127.0.0.1:3000', 'user-agent': 'autocannon', 'accept-encoding': 'gzip, br', accept: '*/*', connection: 'keep-alive' }
const N = 200_000

let baseline = 0
for (const [name, stack] of Object.entries(stacks)) {
  configure(defineSettings({ SECRET_KEY: 'x'.repeat(60), ALLOWED_HOSTS: ['127.0.0.1'], MIDDLEWARE: stack, ROOT_URLCONF: async () => ({ urlpatterns }) }, {}))
  const handler = await createHandler()
  for (let i = 0; i < 20_000; i++) await handler(new Request({ method: 'GET', url: '/plaintext', headers }))
  const started = performance.now()
  for (let i = 0; i < N; i++) await handler(new Request({ method: 'GET', url: '/plaintext', headers }))
  const us = ((performance.now() - started) * 1000) / N
  if (name === 'none') baseline = us
  console.error(`${name.padEnd(26)} ${us.toFixed(2)} µs/request${name === 'none' ? '' : `  (+${(us - baseline).toFixed(2)})`}`)
}

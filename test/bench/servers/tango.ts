// Tango through its node:http adapter. MIDDLEWARE=default uses DEFAULT_MIDDLEWARE; MIDDLEWARE=none empties the list.
import { configure, defineSettings } from 'tango/core'
import { createHandler } from 'tango/handler'
import { HttpResponse, JsonResponse } from 'tango/http'
import { createHttpServer } from 'tango/http'
import { DEFAULT_MIDDLEWARE } from 'tango/middleware'
import { path } from 'tango/urls'
import { PLAINTEXT, jsonPayload, start } from './common.ts'

const urlpatterns = [
  path('plaintext', () => new HttpResponse(PLAINTEXT, { contentType: 'text/plain; charset=utf-8' })),
  path('json', () => new JsonResponse(jsonPayload())),
]

configure(
  defineSettings({
    DEBUG: false,
    SECRET_KEY: 'bench-only-secret-key-bench-only-secret-key-bench-only-secret',
    ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
    MIDDLEWARE: process.env.MIDDLEWARE === 'none' ? [] : DEFAULT_MIDDLEWARE,
    ROOT_URLCONF: async () => ({ urlpatterns }),
    REQUEST_LOGGING: process.env.REQUEST_LOGGING !== '0',
  }, {}),
)

await start(async () => createHttpServer(await createHandler()))

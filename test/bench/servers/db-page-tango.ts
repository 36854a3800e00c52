// The same page through the full Tango stack: DEFAULT_MIDDLEWARE, the resolver, a QuerySet, render().
import { fileURLToPath } from 'node:url'
import { configure, defineSettings } from 'tango/core'
import { createHandler } from 'tango/handler'
import { createHttpServer, type Request } from 'tango/http'
import { DEFAULT_MIDDLEWARE } from 'tango/middleware'
import { path } from 'tango/urls'
import { render } from 'tango/views'
import { Article } from '../orm/models.ts'
import { start } from './common.ts'

async function articles(request: Request) {
  return render(request, 'bench/articles.html', { articles: await Article.objects.orderBy('-published').limit(20) })
}

configure(defineSettings({
  SECRET_KEY: 'bench-only-secret-key-bench-only-secret-key-bench-only-secret',
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost'],
  MIDDLEWARE: DEFAULT_MIDDLEWARE,
  ROOT_URLCONF: async () => ({ urlpatterns: [path('articles/', articles)] }),
  TEMPLATES: { DIRS: [fileURLToPath(new URL('../orm/templates', import.meta.url))], APP_DIRS: false },
  DATABASES: { default: { URL: `sqlite:///${process.env.BENCH_DB ?? ''}` } },
}, {}))

await start(async () => createHttpServer(await createHandler()))

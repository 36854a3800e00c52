/**
 * sample-site's settings. Environment variables override these (DEBUG, SECRET_KEY, ALLOWED_HOSTS,
 * DATABASE_URL, PORT): `DATABASE_URL=sqlite:////tmp/news.sqlite3 npm start` uses another database.
 */
import { defineSettings } from 'tango/core'
import { DEFAULT_MIDDLEWARE } from 'tango/middleware'
import news from './news/app.ts'

const BASE_DIR = import.meta.dirname

export default defineSettings({
  BASE_DIR,
  // A demo key: production deployments set SECRET_KEY in the environment (`check --deploy` says so).
  SECRET_KEY: 'tango-insecure-sample-site-demo-key-do-not-use-in-production-0123456789',
  DEBUG: false,
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost', '[::1]'],
  INSTALLED_APPS: [news],
  MIDDLEWARE: DEFAULT_MIDDLEWARE,
  ROOT_URLCONF: () => import('./urls.ts'),
  // sample-site/db.sqlite3 (relative SQLite URLs resolve against BASE_DIR; *.sqlite3 is gitignored).
  // `npm start` creates it: migrate, then loaddemo fills it on first run.
  DATABASE_URL: 'sqlite:///db.sqlite3',
  TEMPLATES: { DIRS: [`${BASE_DIR}/templates`], APP_DIRS: true },
})

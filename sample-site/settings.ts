/**
 * sample-site's settings. Environment variables override these (DEBUG, SECRET_KEY, ALLOWED_HOSTS,
 * DATABASE_URL, PORT): `DATABASE_URL=sqlite:////tmp/news.sqlite3 npm start` uses another database.
 * STATIC_ROOT too, read below (this file is code): tests collect into a temporary folder.
 */
import admin from 'tango/contrib/admin'
import auth, { AuthenticationMiddleware } from 'tango/contrib/auth'
import messages, { MessageMiddleware } from 'tango/contrib/messages'
import sessions, { SessionMiddleware } from 'tango/contrib/sessions'
import staticfiles from 'tango/contrib/staticfiles'
import { defineSettings } from 'tango/core'
import {
  CommonMiddleware, ConditionalGetMiddleware, CsrfViewMiddleware, GZipMiddleware, RequestLoggingMiddleware, SecurityMiddleware,
  XFrameOptionsMiddleware,
} from 'tango/middleware'
import { LocaleMiddleware } from 'tango/i18n'
import accounts from './accounts/app.ts'
import news from './news/app.ts'

const BASE_DIR = import.meta.dirname

export default defineSettings({
  BASE_DIR,
  // A demo key: production deployments set SECRET_KEY in the environment (`check --deploy` says so).
  SECRET_KEY: 'tango-insecure-sample-site-demo-key-do-not-use-in-production-0123456789',
  DEBUG: false,
  ALLOWED_HOSTS: ['127.0.0.1', 'localhost', '[::1]'],
  INSTALLED_APPS: [sessions, auth, messages, staticfiles, admin, accounts, news],
  MIDDLEWARE: [
    RequestLoggingMiddleware,
    SecurityMiddleware,
    GZipMiddleware,
    ConditionalGetMiddleware,
    SessionMiddleware,
    LocaleMiddleware,
    CommonMiddleware,
    CsrfViewMiddleware,
    AuthenticationMiddleware,
    MessageMiddleware,
    XFrameOptionsMiddleware,
  ],
  ROOT_URLCONF: () => import('./urls.ts'),
  // sample-site/db.sqlite3 (relative SQLite URLs resolve against BASE_DIR; *.sqlite3 is gitignored).
  // `npm start` creates it: migrate, then loaddemo fills it on first run.
  DATABASE_URL: 'sqlite:///db.sqlite3',
  TEMPLATES: { DIRS: [`${BASE_DIR}/templates`], APP_DIRS: true },
  // Password reset mails are printed on the server's console: a demo site sends no real mail.
  EMAIL_BACKEND: 'console',
  DEFAULT_FROM_EMAIL: 'news@localhost',
  LOGIN_URL: '/accounts/login/',
  LOGIN_REDIRECT_URL: '/',
  LOGOUT_REDIRECT_URL: '/',
  // English and Russian, chosen by the URL prefix (/ru/...), the language cookie, then Accept-Language.
  LANGUAGE_CODE: 'en',
  LANGUAGES: [['en', 'English'], ['ru', 'Русский']],
  LOCALE_PATHS: [`${BASE_DIR}/locale`],
  TIME_ZONE: 'UTC',
  // One cache for every server worker (the front page's fragments, login throttle counts): a table
  // in the site's database, made by `tango createcachetable` (npm start runs it).
  CACHES: { default: { BACKEND: 'database', LOCATION: 'tango_cache' } },
  // `npm start` runs collectstatic into this folder (gitignored); `serve` serves it with hashed names.
  STATIC_ROOT: process.env.STATIC_ROOT ?? `${BASE_DIR}/staticfiles`,
})

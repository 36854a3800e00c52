/**
 * Settings for the {{ project_name }} project, made by `tango startproject`.
 *
 * Every setting and its default: Tango's docs/settings.md. Environment variables override the values
 * here for what differs per machine: DEBUG, SECRET_KEY, ALLOWED_HOSTS (comma-separated), DATABASE_URL, PORT.
 * Before deploying, run `npx tango check --deploy`.
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

const BASE_DIR = import.meta.dirname

export default defineSettings({
  BASE_DIR,

  // SECURITY WARNING: keep the secret key used in production secret! Set SECRET_KEY in the environment there.
  SECRET_KEY: '{{ secret_key }}',

  // SECURITY WARNING: don't run with debug turned on in production! (DEBUG=0 in the environment turns it off.)
  DEBUG: true,

  // The host names this site serves; with DEBUG on, localhost is allowed while this is empty.
  ALLOWED_HOSTS: [],

  // Installed apps, imported as values: import polls from './polls/app.ts', then add polls at the end.
  INSTALLED_APPS: [admin, sessions, auth, messages, staticfiles],

  // Outermost first; docs/middleware.md explains the order.
  MIDDLEWARE: [
    RequestLoggingMiddleware,
    SecurityMiddleware,
    GZipMiddleware,
    ConditionalGetMiddleware,
    SessionMiddleware,
    CommonMiddleware,
    CsrfViewMiddleware,
    AuthenticationMiddleware,
    MessageMiddleware,
    XFrameOptionsMiddleware,
  ],

  ROOT_URLCONF: () => import('./urls.ts'),

  TEMPLATES: { DIRS: [`${BASE_DIR}/templates`], APP_DIRS: true },
})

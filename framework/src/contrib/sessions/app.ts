/**
 * The sessions app: list it in `INSTALLED_APPS` (for the `db` engine's model and migration and the
 * `clearsessions` command) and `SessionMiddleware` in `MIDDLEWARE`.
 *
 * @module
 */
import { defineApp, gettextNoop } from 'tango/core'
import { clearsessions } from './commands/clearsessions.ts'

/** The sessions app (Django's `django.contrib.sessions`). */
export default defineApp({ label: 'sessions', dir: import.meta.url, verboseName: gettextNoop('Sessions'), commands: [clearsessions] })

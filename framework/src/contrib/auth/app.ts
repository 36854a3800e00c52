/**
 * The auth app: list it in `INSTALLED_APPS` (after `sessions`) for the models, their migration, the
 * default permissions created after `migrate`, `user` in every template context, and the `createsuperuser` / `changepassword` commands.
 *
 * @module
 */
import { defineApp, gettextNoop } from 'tango/core'
import { registerContextProcessor } from 'tango/templates'
import { changepassword } from './commands/changepassword.ts'
import { createsuperuser } from './commands/createsuperuser.ts'
import { authContextProcessor } from './context-processor.ts'
import { connectDefaultPermissions } from './permissions.ts'

/** The auth app (Django's `django.contrib.auth`). */
export default defineApp({
  label: 'auth',
  dir: import.meta.url,
  verboseName: gettextNoop('Authentication and Authorization'),
  commands: [createsuperuser, changepassword],
  ready() {
    connectDefaultPermissions()
    registerContextProcessor(authContextProcessor)
  },
})

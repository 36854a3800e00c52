/**
 * The messages app: one-time notifications for the user ("Profile saved."), as Django's
 * `django.contrib.messages`. Install the app (it registers the context processor) and add
 * `MessageMiddleware` to `MIDDLEWARE`.
 *
 * @module
 */
import { defineApp, gettextNoop } from 'tango/core'
import { registerContextProcessor } from 'tango/templates'
import { messagesContextProcessor } from './context-processor.ts'

/** The messages app, for `INSTALLED_APPS`. Its `ready` registers {@link messagesContextProcessor}. */
export const messagesApp = defineApp({
  label: 'messages',
  dir: import.meta.url,
  verboseName: gettextNoop('Messages'),
  ready() {
    registerContextProcessor(messagesContextProcessor)
  },
})

export default messagesApp

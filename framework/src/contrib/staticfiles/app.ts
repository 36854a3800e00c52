/**
 * The staticfiles app (Django's `django.contrib.staticfiles`): list it in `INSTALLED_APPS` for the
 * `collectstatic` and `findstatic` commands and for hashed URLs: from its `ready` hook, `static()`
 * and `{% static %}` resolve through the manifest when `DEBUG` is off.
 *
 * @module
 */
import { defineApp, gettextNoop } from 'tango/core'
import { setStaticUrlResolver } from 'tango/templates'
import { collectstatic } from './commands/collectstatic.ts'
import { findstatic } from './commands/findstatic.ts'
import { manifestStaticUrl } from './storage.ts'

/** The staticfiles app. */
export default defineApp({
  label: 'staticfiles',
  dir: import.meta.url,
  verboseName: gettextNoop('Static Files'),
  commands: [collectstatic, findstatic],
  ready() {
    setStaticUrlResolver(manifestStaticUrl)
  },
})

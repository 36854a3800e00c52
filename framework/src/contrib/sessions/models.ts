/**
 * The sessions app's model: one row per database-backed session (Django's `django_session`).
 *
 * @module
 */
import { gettextLazy } from 'tango/core'
import { defineModel, f } from 'tango/db'

/**
 * A stored session (as Django's `Session`). `sessionData` is the session's values as signed JSON
 * (`signing.dumps`), so a row edited in the database outside Tango is rejected, not trusted.
 * `userId` is Tango's addition: a copy of the session's `_auth_user_id` (set by the auth app at
 * login), indexed so a user's sessions can be listed and ended without decoding every row.
 */
export const Session = defineModel('sessions.Session', {
  sessionKey: f.char({ maxLength: 40, primaryKey: true, verboseName: gettextLazy('session key') }),
  sessionData: f.text({ verboseName: gettextLazy('session data') }),
  expireDate: f.dateTime({ dbIndex: true, verboseName: gettextLazy('expire date') }),
  userId: f.char({ maxLength: 255, null: true, blank: true, dbIndex: true, verboseName: gettextLazy('user id') }),
}, { verboseName: gettextLazy('session'), verboseNamePlural: gettextLazy('sessions') })

declare module 'tango/db' {
  interface ModelRegistry {
    'sessions.Session': typeof Session
  }
}

/**
 * The admin's model: `admin.LogEntry` (Django's `django.contrib.admin.models.LogEntry`), one row per
 * addition, change or deletion made through the admin, shown on the index ("Recent actions") and on
 * each object's history page.
 *
 * Tango has no contenttypes app, so an entry names its model as `auth.Permission` does: `appLabel` and
 * `model` (the model's name lower-cased, as Django's `ContentType.model`). The `user` foreign key points
 * at the active user model (`settings.AUTH_USER_MODEL`, read when this module is imported: the admin
 * app's `ready` imports it after `configure()`).
 *
 * @module
 */
import { gettextLazy, settings } from 'tango/core'
import { defineModel, f } from 'tango/db'

import { ADDITION, CHANGE, DELETION } from './constants.ts'

/** The flag choices, as Django's `ACTION_FLAG_CHOICES` (labels are translated where they are shown). */
export const ACTION_FLAG_CHOICES = [{ value: ADDITION, label: 'Addition' }, { value: CHANGE, label: 'Change' }, { value: DELETION, label: 'Deletion' }] as const

/**
 * A history entry (Django's `LogEntry`). `changeMessage` holds Django's JSON
 * (`[{"added": {}}]`, `[{"changed": {"fields": ["Title"]}}]`, `[{"deleted": {...}}]`) or plain text.
 */
export const LogEntry = defineModel('admin.LogEntry', {
  actionTime: f.dateTime({ default: () => new Date(), editable: false, verboseName: gettextLazy('action time') }),
  // The user model in force when the app loads; typed as the standard user model.
  user: f.foreignKey(settings.AUTH_USER_MODEL as 'auth.User', { onDelete: 'CASCADE', verboseName: gettextLazy('user'), relatedName: '+' }),
  appLabel: f.char({ maxLength: 100, verboseName: gettextLazy('app label') }),
  model: f.char({ maxLength: 100, verboseName: gettextLazy('model') }),
  objectId: f.text({ null: true, blank: true, verboseName: gettextLazy('object id') }),
  objectRepr: f.char({ maxLength: 200, verboseName: gettextLazy('object repr') }),
  actionFlag: f.positiveInteger({ choices: ACTION_FLAG_CHOICES, verboseName: gettextLazy('action flag') }),
  changeMessage: f.text({ blank: true, default: '', verboseName: gettextLazy('change message') }),
}, {
  ordering: ['-actionTime'],
  verboseName: gettextLazy('log entry'),
  verboseNamePlural: gettextLazy('log entries'),
})

declare module 'tango/db' {
  interface ModelRegistry {
    'admin.LogEntry': typeof LogEntry
  }
}

/**
 * The history of one object (Django's `ModelAdmin.history_view`): its `LogEntry` rows, oldest first,
 * with who, when and what changed.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { PermissionDenied } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { changeMessageText, getLogEntryModel } from '../log.ts'
import { adminTemplates } from '../options.ts'
import type { ModelAdmin } from '../options.ts'
import { fill, objectDoesNotExistRedirect } from './shared.ts'

/** One row of the history table. */
export interface HistoryRow {
  readonly actionTime: Date
  readonly user: string
  readonly changeMessage: string
}

/**
 * The history view.
 * @throws PermissionDenied without the view or change permission.
 */
export async function historyView(admin: ModelAdmin, request: Request, objectId: string): Promise<Response> {
  if (!(await admin.hasViewOrChangePermission(request))) throw new PermissionDenied()
  const obj = await admin.getObject(request, objectId)
  if (obj === null) return objectDoesNotExistRedirect(admin, request, objectId)
  if (!(await admin.hasViewOrChangePermission(request, obj))) throw new PermissionDenied()
  const LogEntry = getLogEntryModel()
  const entries = await LogEntry.objects.filter({ appLabel: admin.opts.appLabel, model: admin.opts.name.toLowerCase(), objectId: String(obj.pk) }).orderBy('actionTime', 'id')
  const rows: HistoryRow[] = []
  for (const entry of entries) {
    const user = await entry.user
    rows.push({ actionTime: entry.actionTime, user: String((user as unknown as Record<string, unknown>).username ?? user), changeMessage: changeMessageText(entry.changeMessage) })
  }
  return admin.render(request, adminTemplates(admin.opts, 'object_history.html', admin.objectHistoryTemplate), {
    title: fill(gettext('Change history: {obj}'), { obj: String(obj) }),
    subtitle: null,
    actionList: rows,
    object: obj,
    objectText: String(obj),
    changeUrl: admin.urlFor('change', obj.pk),
    changelistUrl: admin.urlFor('changelist'),
    appLabel: admin.opts.appLabel,
  })
}

/**
 * The admin index (Django's `AdminSite.index`): the apps and models the user may see and "Recent
 * actions", the user's own latest `LogEntry` rows; and the app index (`AdminSite.app_index`).
 *
 * @module
 */
import { gettext } from 'tango/core'
import { modelRegistry } from 'tango/db'
import { Http404 } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { DELETION } from '../constants.ts'
import { getLogEntryModel } from '../log.ts'
import { userOf } from '../options.ts'
import type { AdminSite } from '../sites.ts'
import { renderSitePage } from '../sites.ts'
import { capfirst } from './shared.ts'

/** One line of "Recent actions". */
export interface RecentAction {
  readonly objectRepr: string
  readonly actionFlag: number
  readonly isAddition: boolean
  readonly isChange: boolean
  readonly isDeletion: boolean
  /** The model's verbose name (capitalised), or the stored label when the model is gone. */
  readonly modelName: string
  /** The object's change page, when it still may be reached. */
  readonly url: string | null
}

/** The user's latest entries (Django's `get_admin_log` tag with `for_user=user`). */
export async function recentActions(site: AdminSite, request: Request, limit = 10): Promise<RecentAction[]> {
  const user = await userOf(request)
  const LogEntry = getLogEntryModel()
  const entries = await LogEntry.objects.filter({ userId: user.pk as number }).orderBy('-actionTime', '-id').limit(limit)
  const out: RecentAction[] = []
  for (const entry of entries) {
    const model = modelRegistry.all().find((m) => m._meta.appLabel === entry.appLabel && m._meta.name.toLowerCase() === entry.model)
    const admin = model === undefined ? undefined : site.getModelAdmin(model)
    let url: string | null = null
    if (admin !== undefined && entry.actionFlag !== DELETION && entry.objectId !== null) {
      try {
        url = admin.urlFor('change', entry.objectId)
      } catch {
        url = null
      }
    }
    out.push({
      objectRepr: entry.objectRepr,
      actionFlag: entry.actionFlag,
      isAddition: entry.actionFlag === 1,
      isChange: entry.actionFlag === 2,
      isDeletion: entry.actionFlag === 3,
      modelName: model === undefined ? `${entry.appLabel}.${entry.model}` : capfirst(gettext(model._meta.verboseName)),
      url,
    })
  }
  return out
}

/** The index page. */
export async function indexView(site: AdminSite, request: Request): Promise<Response> {
  return renderSitePage(site, request, [...(site.indexTemplate === null ? [] : [site.indexTemplate]), 'admin/index.html'], {
    title: gettext(site.indexTitle),
    subtitle: null,
    appList: await site.getAppList(request),
    recentActions: await recentActions(site, request),
  })
}

/**
 * The index of one app.
 * @throws Http404 when the user may see none of its models (as Django).
 */
export async function appIndexView(site: AdminSite, request: Request, appLabel: string): Promise<Response> {
  const appList = await site.getAppList(request, appLabel)
  const app = appList[0]
  if (app === undefined) throw new Http404(gettext('The requested admin page does not exist.'))
  return renderSitePage(site, request, [
    ...(site.appIndexTemplate === null ? [] : [site.appIndexTemplate]), `admin/${appLabel}/app_index.html`, 'admin/app_index.html',
  ], {
    title: gettext('{app} administration').replace('{app}', app.name),
    subtitle: null,
    appList,
    appLabel,
    app,
  })
}

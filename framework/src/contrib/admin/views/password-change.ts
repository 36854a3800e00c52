/**
 * The admin's password change (Django's `AdminSite.password_change` / `password_change_done`): the
 * auth app's `PasswordChangeForm`; on success this session stays logged in.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { redirect } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { PasswordChangeForm, updateSessionAuthHash } from 'tango/contrib/auth'
import type { UserRow } from 'tango/contrib/auth'
import { userOf } from '../options.ts'
import type { AdminSite } from '../sites.ts'
import { renderSitePage } from '../sites.ts'

/** GET renders the form; a valid POST saves the password and redirects to `password_change_done`. */
export async function passwordChangeView(site: AdminSite, request: Request): Promise<Response> {
  const user = (await userOf(request)) as UserRow
  const form = new PasswordChangeForm(user, request.method === 'POST' ? { data: await request.form() } : {})
  const valid = request.method === 'POST' && (await form.isValid())
  if (valid) {
    await form.save()
    await updateSessionAuthHash(request, user)
    return redirect(site.url('password_change_done'))
  }
  return renderSitePage(site, request, [...(site.passwordChangeTemplate === null ? [] : [site.passwordChangeTemplate]), 'admin/password_change_form.html'], {
    title: gettext('Password change'), subtitle: null, form, hasErrors: request.method === 'POST' && !valid,
  })
}

/** "Your password was changed." */
export async function passwordChangeDoneView(site: AdminSite, request: Request): Promise<Response> {
  return renderSitePage(site, request, [...(site.passwordChangeDoneTemplate === null ? [] : [site.passwordChangeDoneTemplate]), 'admin/password_change_done.html'], {
    title: gettext('Password change successful'), subtitle: null,
  })
}

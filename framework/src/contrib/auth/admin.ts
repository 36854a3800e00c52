/**
 * The auth app's admin (Django's `django.contrib.auth.admin`): `GroupAdmin` (permissions in the
 * two-box chooser) and `UserAdmin` (a list with filters and search; an add form with two password
 * inputs; a change form that never shows the password hash, only a read-only summary and a link to
 * a separate "change password" page, as Django's `user_change_password`). The admin app's
 * autodiscovery imports this file; `auth.User` is registered only while it is the active user model.
 *
 * @module
 */
import { gettext, gettextLazy } from 'tango/core'
import { ValidationError } from 'tango/db'
import type { ModelInstance } from 'tango/db'
import { CharField, PasswordInput, modelForm } from 'tango/forms'
import type { FormOptions, ModelFormClass } from 'tango/forms'
import { PermissionDenied, redirect } from 'tango/http'
import type { Request, Response } from 'tango/http'
import { markSafe, escapeHtml } from 'tango/templates'
import { include, path } from 'tango/urls'
import type { URLEntry } from 'tango/urls'
import { ModelAdmin, display, objectDoesNotExistRedirect, site } from 'tango/contrib/admin'
import type { Fieldset } from 'tango/contrib/admin'
import { SUCCESS } from 'tango/contrib/messages'
import { SetPasswordForm } from './forms.ts'
import { identifyHasher, isPasswordUsable, makePassword } from './hashers.ts'
import { Group } from './models.ts'
import { validatePassword } from './password-validation.ts'
import type { UserRow } from './types.ts'
import { getUserModel } from './user-model.ts'

/** The admin of groups (Django's `GroupAdmin`). */
export class GroupAdmin extends ModelAdmin {
  override searchFields = ['name']
  override ordering = ['name']
  override filterHorizontal = ['permissions']
}

/**
 * The text shown instead of the password hash (Django's `ReadOnlyPasswordHashWidget`): the algorithm
 * and a link to the password form; never the hash or its salt.
 */
export const passwordSummary = display({ description: String(gettextLazy('Password')) }, function password(user: never): unknown {
  const encoded = String((user as { password?: unknown }).password ?? '')
  let summary: string
  if (encoded === '' || !isPasswordUsable(encoded)) summary = gettext('No password set.')
  else {
    try {
      summary = `${gettext('algorithm')}: ${identifyHasher(encoded).algorithm}`
    } catch {
      summary = gettext('Invalid password format or unknown hashing algorithm.')
    }
  }
  const help = gettext('Raw passwords are not stored, so there is no way to see the user’s password, but you can change the password using')
  return markSafe(`<strong>${escapeHtml(summary)}</strong> <span class="help">${escapeHtml(help)} <a href="../password/">${escapeHtml(gettext('this form'))}</a>.</span>`)
})

/** The add form: username and two password inputs (Django's `UserCreationForm` as `UserAdmin.add_form`). */
function userAddForm(): ModelFormClass {
  const User = getUserModel()
  const Base = modelForm(User, {
    fields: [User.USERNAME_FIELD],
    extraFields: {
      password1: CharField({ label: gettextLazy('Password'), strip: false, widget: new PasswordInput({ attrs: { autocomplete: 'new-password' } }) }),
      password2: CharField({ label: gettextLazy('Password confirmation'), strip: false, widget: new PasswordInput({ attrs: { autocomplete: 'new-password' } }), helpText: gettextLazy('Enter the same password as before, for verification.') }),
    },
  })
  return class UserAddForm extends Base {
    constructor(options: FormOptions & { instance?: ModelInstance | null } = {}) {
      super(options)
    }

    override clean(): void {
      const data = this.cleanedData as Record<string, string | undefined>
      if (data.password1 === undefined || data.password2 === undefined) return
      if (data.password1 !== data.password2) {
        this.addError('password2', gettext('The two password fields didn’t match.'))
        return
      }
      try {
        validatePassword(data.password2, { username: String(data[User.USERNAME_FIELD] ?? '') })
      } catch (error) {
        if (error instanceof ValidationError) this.addError('password2', [...error.messages])
        else throw error
      }
    }
  } as unknown as ModelFormClass
}

/** The admin of users (Django's `UserAdmin`). */
export class UserAdmin extends ModelAdmin {
  override listDisplay = ['username', 'email', 'firstName', 'lastName', 'isStaff']
  override listFilter = ['isStaff', 'isSuperuser', 'isActive', 'groups']
  override searchFields = ['username', 'firstName', 'lastName', 'email']
  override ordering = ['username']
  override filterHorizontal = ['groups', 'userPermissions']
  override readonlyFields = [passwordSummary, 'lastLogin', 'dateJoined']
  override fieldsets: readonly Fieldset[] = [
    [null, { fields: ['username', 'password'] }],
    [gettext('Personal info'), { fields: ['firstName', 'lastName', 'email'] }],
    [gettext('Permissions'), { fields: ['isActive', 'isStaff', 'isSuperuser', 'groups', 'userPermissions'] }],
    [gettext('Important dates'), { fields: ['lastLogin', 'dateJoined'] }],
  ]
  /** The fieldsets of the add form (Django's `add_fieldsets`). */
  addFieldsets: readonly Fieldset[] = [[null, { classes: ['wide'], fields: ['username', 'password1', 'password2'] }]]
  #addForm: ModelFormClass | null = null

  override async getFieldsets(request: Request, obj?: ModelInstance | null): Promise<readonly Fieldset[]> {
    return obj === null || obj === undefined ? this.addFieldsets : super.getFieldsets(request, obj)
  }

  override async getReadonlyFields(request: Request, obj?: ModelInstance | null): Promise<readonly (string | typeof passwordSummary)[]> {
    return obj === null || obj === undefined ? [] : super.getReadonlyFields(request, obj)
  }

  /** The add form for a new user, else the change form without the password field. */
  override async getForm(request: Request, obj: ModelInstance | null, options: { readonly fields?: readonly string[] } = {}): Promise<ModelFormClass> {
    if (obj === null) return (this.#addForm ??= userAddForm())
    return super.getForm(request, obj, options)
  }

  /** A new user gets the password of the add form, hashed. */
  override async saveModel(request: Request, obj: ModelInstance, form: Parameters<ModelAdmin['saveModel']>[2], change: boolean): Promise<void> {
    if (!change) {
      const password = (form.cleanedData as Record<string, unknown>).password1
      if (typeof password === 'string') (obj as unknown as { password: string }).password = await makePassword(password)
    }
    await super.saveModel(request, obj, form, change)
  }

  /** Adds `<id>/password/` (Django's `user_change_password`) before the model's URLs. */
  override getUrls(): URLEntry[] {
    const name = `${this.opts.appLabel}_${this.opts.name.toLowerCase()}_password_change`
    return [
      path('<path:objectId>/password/', this.site.adminView((request: Request, { objectId }: { objectId: string }) => this.userChangePassword(request, objectId)), { name }),
      path('', include(super.getUrls())),
    ]
  }

  /**
   * The password form of one user (Django's `UserAdmin.user_change_password`): two inputs, the
   * validators' checks; on success the change is logged and the browser goes back to the user.
   * @throws PermissionDenied without the change permission.
   */
  async userChangePassword(request: Request, objectId: string): Promise<Response> {
    if (!(await this.hasChangePermission(request))) throw new PermissionDenied()
    const user = await this.getObject(request, objectId)
    if (user === null) return objectDoesNotExistRedirect(this, request, objectId)
    const form = new SetPasswordForm(user as unknown as UserRow, request.method === 'POST' ? { data: await request.form() } : {})
    if (request.method === 'POST' && (await form.isValid())) {
      await form.save()
      await this.logChange(request, user, [{ changed: { fields: [gettext('password')] } }])
      this.messageUser(request, gettext('Password changed successfully.'), SUCCESS)
      return redirect(this.urlFor('change', user.pk))
    }
    return this.render(request, [`admin/${this.opts.appLabel}/${this.opts.name.toLowerCase()}/change_password.html`, 'admin/auth/user/change_password.html'], {
      title: gettext('Change password: {username}').replace('{username}', String(user)),
      subtitle: null,
      form,
      original: user,
      originalText: String(user),
      changeUrl: this.urlFor('change', user.pk),
      changelistUrl: this.urlFor('changelist'),
      hasErrors: request.method === 'POST',
    })
  }
}

site.register(Group, GroupAdmin)
const ActiveUser = getUserModel()
if (ActiveUser._meta.label === 'auth.User') site.register(ActiveUser, UserAdmin)

/**
 * {@link DeleteView}: a confirmation page on GET, deletion and a redirect on POST (as Django's
 * `django.views.generic.edit.DeleteView`).
 *
 * @module
 */
import { ImproperlyConfigured } from '../../core/errors.ts'
import type { Request } from '../../http/request.ts'
import { HttpResponseRedirect } from '../../http/response.ts'
import type { ViewParams } from '../base.ts'
import { DetailView } from './detail-view.ts'
import type { DeletableInstance } from './types.ts'

/**
 * GET renders `<app>/<model>_confirm_delete.html` with the object (context as {@link DetailView});
 * POST (the confirmation form) and DELETE delete it with `instance.delete()` (cascades and signals
 * included) and redirect (302) to {@link DeleteView.successUrl}. No matching row is a 404.
 *
 * `successUrl` may name the deleted object's fields in braces, filled before the deletion as
 * Django's `success_url.format(**obj.__dict__)`: `'/questions/{questionId}/choices/'`.
 *
 * @example
 * ```ts
 * path('questions/<int:pk>/delete/', DeleteView.asView({ model: Question, successUrl: '/questions/' }))
 * ```
 */
export class DeleteView<T extends DeletableInstance = DeletableInstance> extends DetailView<T> {
  /** Where to go after deleting; `{field}` placeholders take the object's values. */
  successUrl: string | null = null
  override templateNameSuffix = '_confirm_delete'

  /**
   * The redirect target (as Django's `DeletionMixin.get_success_url`), with the object's fields filled in.
   * @throws {@link ImproperlyConfigured} "No URL to redirect to. Provide a successUrl." when unset.
   */
  getSuccessUrl(): string {
    if (this.successUrl === null || this.successUrl === '') throw new ImproperlyConfigured('No URL to redirect to. Provide a successUrl.')
    const values = (this.object ?? {}) as unknown as Record<string, unknown>
    return this.successUrl.replace(/\{\{|\}\}|\{(\w+)\}/g, (match: string, name: string | undefined) => {
      if (name === undefined) return match[0] ?? ''
      if (!(name in values)) throw new ImproperlyConfigured(`successUrl '${this.successUrl ?? ''}' names '${name}', which the object does not have.`)
      return String(values[name])
    })
  }

  /**
   * Deletes the object and redirects (as Django's `BaseDeleteView.form_valid`). The success URL is
   * computed first, so it may use the object's fields.
   */
  async deleteObject(): Promise<HttpResponseRedirect> {
    const object = this.object
    if (object === null) throw new Error('deleteObject() called before getObject()')
    const url = this.getSuccessUrl()
    await object.delete()
    return new HttpResponseRedirect(url)
  }

  /**
   * POST: deletes and redirects.
   * @throws {@link Http404} when the object does not exist.
   */
  async post(_request: Request, _params: ViewParams): Promise<HttpResponseRedirect> {
    this.object = await this.getObject()
    return this.deleteObject()
  }

  /** DELETE: as POST (as Django's `DeletionMixin.delete`). */
  async delete(request: Request, params: ViewParams): Promise<HttpResponseRedirect> {
    return this.post(request, params)
  }
}

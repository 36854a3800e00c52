/**
 * {@link CreateView} and {@link UpdateView}: a model form on GET, validation and saving on POST,
 * then a redirect (as Django's `django.views.generic.edit` views with `ModelFormMixin`).
 *
 * @module
 */
import { ImproperlyConfigured } from '../../core/errors.ts'
import { modelForm } from '../../forms/model-form.ts'
import type { BaseModelForm, FormModel, ModelFormClass, ModelFormFormOptions } from '../../forms/model-form.ts'
import type { ModelInstance } from '../../db/models/instance.ts'
import type { ModelSpec } from '../../db/spec.ts'
import type { Request } from '../../http/request.ts'
import { HttpResponseRedirect } from '../../http/response.ts'
import type { HttpResponse, Response } from '../../http/response.ts'
import type { ViewParams } from '../base.ts'
import type { ContextData } from '../template-view.ts'
import { DetailView } from './detail-view.ts'

/** Fills `{field}` placeholders from `values` (`{{`/`}}` for literal braces), as Django's `str.format(**obj.__dict__)`. */
function fillUrl(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, (match: string, name: string | undefined) => {
    if (name === undefined) return match[0] ?? ''
    if (!(name in values)) throw new ImproperlyConfigured(`successUrl '${template}' names '${name}', which the object does not have.`)
    return String(values[name])
  })
}

/**
 * A view with a model form (Django's `ModelFormMixin` + `ProcessFormView`): GET renders the form,
 * POST (and PUT) validates it; valid, it saves and redirects (302), invalid it renders again (200)
 * with the errors. Template `<app>/<model>_form.html`, context `form` (and `object` once known).
 */
export class ModelFormView<T extends ModelInstance = ModelInstance> extends DetailView<T> {
  /** The model fields the form edits (Django requires `fields` or `formClass`). */
  fields: readonly string[] | '__all__' | null = null
  /** A form class to use instead of one derived from `model` and `fields`. */
  formClass: ModelFormClass | null = null
  /** Initial values of the form. */
  initial: Readonly<Record<string, unknown>> = {}
  /** The form's prefix. */
  prefix: string | null = null
  /** Where to go after saving; `{field}` placeholders take the saved object's values. Default: its `getAbsoluteUrl()`. */
  successUrl: string | null = null
  override templateNameSuffix = '_form'

  /** @inheritdoc */
  protected override modelMeta(): ModelSpec | null {
    return super.modelMeta() ?? this.formClass?.model?._meta ?? null
  }

  /**
   * The form class (Django's `get_form_class`): `formClass`, else one made from `model` and `fields`.
   * @throws {@link ImproperlyConfigured} when `fields` is missing, or both `fields` and `formClass` are set.
   */
  getFormClass(): ModelFormClass {
    if (this.formClass !== null) {
      if (this.fields !== null) throw new ImproperlyConfigured("Specifying both 'fields' and 'formClass' is not permitted.")
      return this.formClass
    }
    const model = (this.model ?? this.queryset?.model ?? null) as FormModel | null
    if (model === null) throw new ImproperlyConfigured(`${this.constructor.name} is missing a model: set model, queryset or formClass.`)
    if (this.fields === null) {
      throw new ImproperlyConfigured(`Using ModelFormMixin (base class of ${this.constructor.name}) without the 'fields' attribute is prohibited.`)
    }
    return modelForm(model, { fields: this.fields })
  }

  /** The form's options (Django's `get_form_kwargs`): `initial`, `prefix`, `instance`, and the data on POST/PUT. */
  async getFormKwargs(): Promise<ModelFormFormOptions> {
    const method = this.request.method
    const bound = method === 'POST' || method === 'PUT'
    return {
      initial: { ...this.initial },
      prefix: this.prefix,
      ...(this.object === null ? {} : { instance: this.object }),
      ...(bound ? { data: await this.request.form(), files: await this.request.files() } : {}),
    }
  }

  /** A form instance (Django's `get_form`). */
  async getForm(formClass: ModelFormClass = this.getFormClass()): Promise<BaseModelForm> {
    return new formClass(await this.getFormKwargs())
  }

  /**
   * The redirect target: `successUrl` with the object's fields, else the object's `getAbsoluteUrl()`.
   * @throws {@link ImproperlyConfigured} when neither exists.
   */
  getSuccessUrl(): string {
    const values = (this.object ?? {}) as unknown as Record<string, unknown>
    if (this.successUrl !== null && this.successUrl !== '') return fillUrl(this.successUrl, values)
    const absolute = values.getAbsoluteUrl
    if (typeof absolute === 'function') return String((absolute as () => unknown).call(this.object))
    throw new ImproperlyConfigured('No URL to redirect to.  Either provide a url or define a getAbsoluteUrl method on the Model.')
  }

  /** Saves and redirects (Django's `form_valid`). */
  async formValid(form: BaseModelForm): Promise<Response> {
    this.object = await form.save() as T
    return new HttpResponseRedirect(this.getSuccessUrl())
  }

  /** Renders the form again with its errors, status 200 (Django's `form_invalid`). */
  async formInvalid(form: BaseModelForm): Promise<HttpResponse> {
    await form.prepare()
    return this.renderToResponse(await this.getContextData({ ...this.params, form }))
  }

  /** The context: `form` (made when not given), `object`, `<model>`, the params, `view`, `extraContext`. */
  override async getContextData(params: ViewParams): Promise<ContextData> {
    let form = params.form as BaseModelForm | undefined
    if (form === undefined) {
      form = await this.getForm()
      await form.prepare()
    }
    return { ...(await super.getContextData(params)), form }
  }

  /** POST: validates, then {@link ModelFormView.formValid} or {@link ModelFormView.formInvalid}. */
  async post(_request: Request, _params: ViewParams): Promise<Response> {
    const form = await this.getForm()
    return (await form.isValid()) ? this.formValid(form) : this.formInvalid(form)
  }

  /** PUT: as POST. */
  async put(request: Request, params: ViewParams): Promise<Response> {
    return this.post(request, params)
  }
}

/**
 * Creates an object (as Django's `CreateView`).
 *
 * @example
 * ```ts
 * path('articles/new/', CreateView.asView({ model: Article, fields: ['title', 'body'], successUrl: '/articles/{id}/' }))
 * ```
 */
export class CreateView<T extends ModelInstance = ModelInstance> extends ModelFormView<T> {
  /** GET: an empty form. */
  override async get(_request: Request, params: ViewParams): Promise<HttpResponse> {
    this.object = null
    return this.renderToResponse(await this.getContextData(params))
  }

  /** @inheritdoc */
  override async post(request: Request, params: ViewParams): Promise<Response> {
    this.object = null
    return super.post(request, params)
  }
}

/**
 * Edits an object found by `pk` or `slug` in the URL (as Django's `UpdateView`); a missing row is a 404.
 *
 * @example
 * ```ts
 * path('articles/<int:pk>/edit/', UpdateView.asView({ model: Article, fields: ['title', 'body'], successUrl: '/articles/{id}/' }))
 * ```
 */
export class UpdateView<T extends ModelInstance = ModelInstance> extends ModelFormView<T> {
  /** GET: the form filled from the object. */
  override async get(_request: Request, params: ViewParams): Promise<HttpResponse> {
    this.object = await this.getObject()
    return this.renderToResponse(await this.getContextData(params))
  }

  /** @inheritdoc */
  override async post(request: Request, params: ViewParams): Promise<Response> {
    this.object = await this.getObject()
    return super.post(request, params)
  }
}

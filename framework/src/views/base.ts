/**
 * Class-based views: {@link View}, the base of `TemplateView`, `RedirectView` and the generic views
 * (as Django's `django.views.generic.base.View`). One instance per request; a method per HTTP verb.
 *
 * @module
 */
import { ImproperlyConfigured } from '../core/errors.ts'
import { MethodNotAllowed } from '../http/errors.ts'
import type { Request } from '../http/request.ts'
import { HttpResponse } from '../http/response.ts'
import type { Response } from '../http/response.ts'
import type { ViewFunction } from '../urls/types.ts'

/** URL parameters a class-based view receives. */
export type ViewParams = Readonly<Record<string, unknown>>

/** A method handler on a class-based view: `get(request, params)`, `post(request, params)`, ... */
export type MethodHandler = (request: Request, params: ViewParams) => Response | Promise<Response>

/** The attributes of a view class that `asView()` may set: its non-method fields. */
export type ViewInitOptions<T> = {
  readonly [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K extends 'request' | 'params' ? never : K]?: T[K]
}

/** A view function made by {@link View.asView}, carrying the class and options it was made from. */
export interface ClassViewFunction<T extends View = View> extends ViewFunction<ViewParams> {
  readonly viewClass: new () => T
  readonly viewInitOptions: ViewInitOptions<T>
}

/** The HTTP methods a view may answer, lower case, as Django's `http_method_names`. */
export const HTTP_METHOD_NAMES: readonly string[] = Object.freeze(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'])

/**
 * The base class-based view. Subclasses add methods named after HTTP verbs (`get`, `post`, ...),
 * each `(request, params) => Response | Promise<Response>`; {@link View.asView} turns the class into
 * a view function for `path()`. HEAD uses `get` when there is no `head`; OPTIONS answers with `Allow`;
 * any other method gets 405.
 *
 * @example
 * ```ts
 * class Hello extends View {
 *   greeting = 'Hello'
 *   get() { return new HttpResponse(`${this.greeting}, ${this.params.name}`) }
 * }
 * path('hello/<str:name>/', Hello.asView({ greeting: 'Hi' }))
 * ```
 */
export class View {
  /** The methods this view accepts, lower case; narrow it to refuse some. */
  httpMethodNames: readonly string[] = HTTP_METHOD_NAMES
  /** The current request, set by {@link View.setup}. */
  request!: Request
  /** The URL parameters, set by {@link View.setup}. */
  params: ViewParams = {}

  /**
   * Makes a view function that builds a fresh instance per request, applies `initOptions` to it and
   * calls {@link View.dispatch} (as Django's `as_view(**initkwargs)`).
   *
   * @param initOptions - values for the class's fields, e.g. `{ templateName: 'about.html' }`.
   * @throws {@link ImproperlyConfigured} for an option that is an HTTP method name or not a field of the class.
   */
  static asView<T extends View>(this: new () => T, initOptions: ViewInitOptions<T> = {}): ClassViewFunction<T> {
    // `this` is the subclass asView() was called on; the arrow function below keeps it.
    const probe = new this()
    for (const key of Object.keys(initOptions)) {
      if (HTTP_METHOD_NAMES.includes(key)) {
        throw new ImproperlyConfigured(`The method name '${key}' is not accepted as an option of ${this.name}.asView().`)
      }
      if (!(key in probe)) {
        throw new ImproperlyConfigured(`${this.name}.asView() received an invalid option '${key}': only fields the class already has can be set.`)
      }
    }
    const view = (request: Request, params: ViewParams): Promise<Response> => {
      const instance = new this()
      Object.assign(instance, initOptions)
      instance.setup(request, params)
      return instance.dispatch(request, params)
    }
    Object.defineProperty(view, 'name', { value: this.name })
    return Object.assign(view, { viewClass: this, viewInitOptions: initOptions })
  }

  /** Stores the request and params on the instance before dispatch (as Django's `setup`). */
  setup(request: Request, params: ViewParams): void {
    this.request = request
    this.params = params
  }

  /** The handler for a lower-case method name, or `null`. HEAD falls back to GET. */
  handlerFor(method: string): MethodHandler | null {
    if (!this.httpMethodNames.includes(method)) return null
    const own = (this as unknown as Record<string, unknown>)[method]
    if (typeof own === 'function') return own as MethodHandler
    if (method === 'head') return this.handlerFor('get')
    return null
  }

  /**
   * Calls the method named after the request's method (as Django's `dispatch`).
   * @throws {@link MethodNotAllowed} (405 with `Allow`) when the view has no such method.
   */
  async dispatch(request: Request, params: ViewParams): Promise<Response> {
    const handler = this.handlerFor(request.method.toLowerCase())
    if (handler === null) return this.httpMethodNotAllowed(request)
    return handler.call(this, request, params)
  }

  /**
   * Refuses the request (as Django's `http_method_not_allowed`).
   * @throws {@link MethodNotAllowed} listing {@link View.allowedMethods}.
   */
  httpMethodNotAllowed(_request: Request): never {
    throw new MethodNotAllowed(this.allowedMethods())
  }

  /** The methods this view answers, upper case, for the `Allow` header. */
  allowedMethods(): string[] {
    return this.httpMethodNames.filter((m) => this.handlerFor(m) !== null).map((m) => m.toUpperCase())
  }

  /** Answers OPTIONS with the `Allow` header and an empty body (as Django's `View.options`). */
  options(_request: Request, _params: ViewParams): Response {
    return new HttpResponse('', { headers: { allow: this.allowedMethods().join(', ') } })
  }
}

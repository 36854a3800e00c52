/**
 * The CSRF context processor (as Django's `django.template.context_processors.csrf`): `csrf_token`
 * and `csrf_input()` in every template rendered with a request.
 *
 * @module
 */
import type { Request } from '../../http/request.ts'
import type { ContextProcessor } from '../../templates/context-processors.ts'
import { markSafe } from '../../templates/safe.ts'
import type { SafeString } from '../../templates/safe.ts'
import { getToken } from './token.ts'

/** The name of the form field carrying the token (Django's `csrfmiddlewaretoken`). */
export const CSRF_FIELD_NAME = 'csrfmiddlewaretoken'

/**
 * A token computed on first use (as Django's `SimpleLazyObject(get_token)`): a page that never
 * prints it does not make the response set the CSRF cookie. One render, one token.
 */
class LazyCsrfToken {
  readonly #request: Request
  #value: string | null = null

  constructor(request: Request) {
    this.#request = request
  }

  get value(): string {
    return (this.#value ??= getToken(this.#request))
  }

  toString(): string {
    return this.value
  }

  toJSON(): string {
    return this.value
  }
}

/**
 * Adds, for templates rendered with a request:
 * - `csrf_token`: the masked token (prints as its 64 characters; computed only when printed);
 * - `csrf_input()`: the hidden field `<input type="hidden" name="csrfmiddlewaretoken" value="...">`,
 *   already marked safe (Django's `{% csrf_token %}` tag).
 *
 * `CsrfViewMiddleware`, `csrfProtect` and `ensureCsrfCookie` register it with
 * `registerContextProcessor`; add it to an engine's `contextProcessors` yourself otherwise.
 * @example
 * ```html
 * <form method="post">{{ csrf_input() }} ... </form>
 * <script>fetch(url, { method: 'POST', headers: { 'X-CSRFToken': '{{ csrf_token }}' } })</script>
 * ```
 */
export const csrfContextProcessor: ContextProcessor = function csrf(request) {
  const token = new LazyCsrfToken(request)
  const csrfInput = (): SafeString => markSafe(`<input type="hidden" name="${CSRF_FIELD_NAME}" value="${token.value}">`)
  return { csrf_token: token, csrf_input: csrfInput }
}

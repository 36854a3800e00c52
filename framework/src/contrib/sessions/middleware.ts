/**
 * `SessionMiddleware`: gives every request a lazily loaded `request.session` and writes the cookie
 * back when the session changed (Django's `SessionMiddleware`).
 *
 * @module
 */
import { settings } from 'tango/core'
import type { Middleware } from 'tango/handler'
import type { Request, Response } from 'tango/http'
import type { SessionBase } from './backends/base.ts'
import { UpdateError } from './backends/base.ts'
import { getSessionStore } from './backends/index.ts'
import { SessionInterrupted } from './errors.ts'

declare module 'tango/http' {
  interface Request {
    /** The request's session; set by `SessionMiddleware` (list it in `MIDDLEWARE` before anything that reads it). */
    session: SessionBase
  }
}

/**
 * Django's `SessionMiddleware`. Settings are read once, when the chain is built.
 *
 * On the way in: `request.session` is a store for the `SESSION_COOKIE_NAME` cookie's key; nothing is
 * read until the view (or a later middleware) awaits a session method.
 *
 * On the way out, as Django:
 * - a request that came with a session cookie whose session is now empty (flushed, or the cookie was
 *   tampered, expired or unknown) gets the cookie deleted;
 * - an accessed session adds `Vary: Cookie`;
 * - a modified session (any session with `SESSION_SAVE_EVERY_REQUEST`) that is not empty is saved and
 *   its cookie set with `SESSION_COOKIE_*` attributes, `Max-Age` from the session's expiry (none when
 *   it expires at browser close); not on 5xx responses, where the view may have failed half-way.
 *
 * @throws {@link SessionInterrupted} (400) when the session was deleted while the request ran.
 * @throws ImproperlyConfigured when the chain is built with an unsupported `SESSION_ENGINE`.
 */
export const SessionMiddleware: Middleware = (getResponse) => {
  const Store = getSessionStore()
  const name = settings.SESSION_COOKIE_NAME
  const path = settings.SESSION_COOKIE_PATH
  const domain = settings.SESSION_COOKIE_DOMAIN
  const sameSite = settings.SESSION_COOKIE_SAMESITE
  const scope = { path, ...(domain === null ? {} : { domain }), ...(sameSite === null ? {} : { sameSite }) }
  const cookieOptions = { ...scope, secure: settings.SESSION_COOKIE_SECURE, httpOnly: settings.SESSION_COOKIE_HTTPONLY }
  const saveEveryRequest = settings.SESSION_SAVE_EVERY_REQUEST

  async function processResponse(request: Request, response: Response): Promise<Response> {
    const session = request.session
    const empty = session.isEmpty()
    if (name in request.cookies && empty) {
      response.deleteCookie(name, scope)
      response.headers.appendList('vary', 'Cookie')
      return response
    }
    if (session.accessed) response.headers.appendList('vary', 'Cookie')
    if ((session.modified || saveEveryRequest) && !empty && response.status < 500) {
      const maxAge = (await session.getExpireAtBrowserClose()) ? undefined : await session.getExpiryAge()
      try {
        await session.save()
      } catch (error) {
        if (error instanceof UpdateError) throw new SessionInterrupted()
        throw error
      }
      const key = session.sessionKey
      if (key !== null) response.setCookie(name, key, maxAge === undefined ? cookieOptions : { ...cookieOptions, maxAge })
    }
    return response
  }

  return async (request) => {
    request.session = new Store(request.cookies[name] ?? null)
    return processResponse(request, await getResponse(request))
  }
}

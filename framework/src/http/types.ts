/**
 * The app interface, Tango's WSGI: a request in, a response out. The node:http adapter, the
 * `TestClient` and the Fetch adapter all drive a {@link RequestHandler}.
 *
 * @module
 */
import type { Request } from './request.ts'
import type { Response } from './response.ts'

/**
 * A whole application as one function (what `createHandler()` returns). It should never reject:
 * errors are turned into responses by the handler; a server adapter answers 500 if it does.
 */
export type RequestHandler = (request: Request) => Promise<Response>

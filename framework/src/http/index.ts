/**
 * `tango/http`: requests, responses, cookies and HTTP errors.
 *
 * @module
 */
export { Request, decodePath, parseQuery } from './request.ts'
export type { RequestInit, RequestHeaders, RequestBodySource, ResolverMatchInfo } from './request.ts'
export {
  BaseResponse, HttpResponse, StreamingResponse, JsonResponse, HttpResponseRedirect, HttpResponsePermanentRedirect,
  HttpResponseNotModified, redirect,
} from './response.ts'
export type { Response, ResponseInit } from './response.ts'
export { ResponseHeaders } from './headers.ts'
export { parseCookieHeader, serializeCookie } from './cookies.ts'
export type { CookieOptions, SetCookie } from './cookies.ts'
export { HttpError, Http404, PermissionDenied, BadRequest, DisallowedHost, MethodNotAllowed, RequestDataTooBig } from './errors.ts'

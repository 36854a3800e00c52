/**
 * `tango/http`: requests, responses, cookies, HTTP errors and the server adapters (node:http, Fetch).
 *
 * @module
 */
export { Request, decodePath, parseQuery } from './request.ts'
export { QueryDict } from './query-dict.ts'
export { parseUrlencoded } from './urlencoded.ts'
export { parseMultipart } from './multipart.ts'
export type { MultipartLimits, MultipartResult } from './multipart.ts'
export type { UploadedFile } from './uploaded-file.ts'
export type { RequestInit, RequestHeaders, RequestBodySource, ResolverMatchInfo } from './request.ts'
export {
  BaseResponse, HttpResponse, StreamingResponse, JsonResponse, HttpResponseRedirect, HttpResponsePermanentRedirect,
  HttpResponseNotModified, redirect,
} from './response.ts'
export type { Response, ResponseInit } from './response.ts'
export { ResponseHeaders } from './headers.ts'
export { parseCookieHeader, serializeCookie } from './cookies.ts'
export type { CookieOptions, SetCookie } from './cookies.ts'
export { FileResponse, parseRange, contentDisposition } from './file-response.ts'
export type { FileResponseOptions, PreloadedFile } from './file-response.ts'
export { guessContentType } from './content-types.ts'
export { createNodeListener, createHttpServer, DEFAULT_SERVER_OPTIONS } from './node-adapter.ts'
export type { NodeListener, HttpServerOptions } from './node-adapter.ts'
export { toFetchHandler, toFetchResponse } from './fetch-adapter.ts'
export type { FetchHandler, FetchConnectionInfo } from './fetch-adapter.ts'
export type { RequestHandler } from './types.ts'
export { HttpError, Http404, PermissionDenied, BadRequest, DisallowedHost, MethodNotAllowed, RequestDataTooBig,
  TooManyFieldsSent, TooManyFilesSent,
} from './errors.ts'
export { urlHasAllowedHostAndScheme } from './safe-url.ts'

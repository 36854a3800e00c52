/**
 * `tango`: the names a project uses most, gathered from the subsystems. Everything here is also
 * exported from its own subpath (`tango/core`, `tango/http`, `tango/urls`, `tango/views`), which is
 * where the rest of each subsystem lives.
 *
 * @module
 */
export { defineSettings, defineApp, configure, settings, TangoError, ImproperlyConfigured } from './core/index.ts'
export type { Settings, SettingsInput, AppConfig } from './core/index.ts'
export { HttpResponse, JsonResponse, StreamingResponse, FileResponse, redirect, Http404, PermissionDenied, BadRequest } from './http/index.ts'
export type { Request, Response } from './http/index.ts'
export { path, rePath, include, reverse } from './urls/index.ts'
export { render, View, TemplateView, RedirectView, requireGET, requirePOST, requireSafe, requireHttpMethods } from './views/index.ts'

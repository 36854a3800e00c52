/**
 * `tango/views`: the `render` shortcut, HTTP method decorators and class-based views (`View`,
 * `TemplateView`, `RedirectView`), as Django's `django.shortcuts`, `django.views.decorators.http`
 * and `django.views.generic.base`.
 *
 * @example
 * ```ts
 * import { render, requireGET, TemplateView } from 'tango/views'
 * export const index = requireGET(async (request) => render(request, 'news/index.html', { articles }))
 * export const about = TemplateView.asView({ templateName: 'about.html' })
 * ```
 *
 * @module
 */
export { render } from './render.ts'
export type { RenderOptions } from './render.ts'
export { requireHttpMethods, requireGET, requirePOST, requireSafe } from './decorators.ts'
export type { ViewDecorator } from './decorators.ts'
export { View, HTTP_METHOD_NAMES } from './base.ts'
export type { ViewParams, MethodHandler, ViewInitOptions, ClassViewFunction } from './base.ts'
export { TemplateView } from './template-view.ts'
export type { ContextData } from './template-view.ts'
export { RedirectView } from './redirect-view.ts'
export type { ViewFunction } from '../urls/types.ts'
export { Paginator, Page, InvalidPage, PageNotAnInteger, EmptyPage, ELLIPSIS } from './paginator.ts'
export type { PaginatableQuerySet, ObjectList, PaginatorOptions, PaginatorErrorMessages, PageNumberInput } from './paginator.ts'
export { ListView, DetailView, DeleteView, CreateView, UpdateView, ModelFormView } from './generic/index.ts'
export type { PaginatedResult, ViewModel, ViewQuerySet, LookupFilter, DeletableInstance } from './generic/index.ts'
export { getObjectOr404, getListOr404 } from '../db/shortcuts.ts'

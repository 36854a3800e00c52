/**
 * Generic class-based views on QuerySets (as Django's `django.views.generic` list, detail and edit
 * views): {@link ListView}, {@link DetailView}, {@link DeleteView}. Re-exported by `tango/views`.
 *
 * @module
 */
export { ListView } from './list-view.ts'
export type { PaginatedResult } from './list-view.ts'
export { DetailView } from './detail-view.ts'
export { DeleteView } from './delete-view.ts'
export { CreateView, UpdateView, ModelFormView } from './edit-views.ts'
export type { ViewModel, ViewQuerySet, LookupFilter, DeletableInstance } from './types.ts'

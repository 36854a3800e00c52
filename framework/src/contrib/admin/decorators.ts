/**
 * Django's `@admin.display` and `@admin.action` as plain helpers: they attach the attributes the
 * change list and the actions menu read (`description`, `boolean`, `ordering`, `emptyValue`,
 * `permissions`) to a function.
 *
 * @module
 */
import type { AnyModel, QuerySet, Row } from 'tango/db'
import type { Request, Response } from 'tango/http'
import type { ModelAdmin } from './options.ts'

/** What {@link display} attaches: Django's `@admin.display(description=, boolean=, ordering=, empty_value=)`. */
export interface DisplayOptions {
  /** The column header (default: the function's name, in words). */
  readonly description?: string
  /** Show the value as a yes/no/unknown icon. */
  readonly boolean?: boolean
  /** The field (or expression path) the column sorts by; without it the column is not sortable. */
  readonly ordering?: string
  /** Shown for `null`, `undefined` and `''` (default the ModelAdmin's `emptyValueDisplay`). */
  readonly emptyValue?: string
}

/** A computed column of `listDisplay` or an entry of `readonlyFields`: a function of the row, plus {@link DisplayOptions}. */
export type DisplayFunction<M extends AnyModel = AnyModel> = ((obj: OfModel<M, Row<M>>) => unknown) & { -readonly [K in keyof DisplayOptions]?: DisplayOptions[K] }

/**
 * `T` for a specific model, `never` for "any model": a function taking `Row<typeof Book>` then fits
 * where a function of any model's rows is expected, so a `ModelAdmin<typeof Book>` is a `ModelAdmin`.
 * Code handling any model calls these functions through a cast.
 */
export type OfModel<M extends AnyModel, T> = AnyModel extends M ? never : T

/**
 * Marks `fn` as a display function (Django's `@admin.display`).
 * @returns `fn` itself, with the options set on it.
 * @example
 * ```ts
 * const wasPublishedRecently = display({ description: 'Published recently?', boolean: true, ordering: 'pubDate' },
 *   (q: Row<typeof Question>) => q.pubDate >= new Date(Date.now() - 86_400_000))
 * site.register(Question, { listDisplay: ['questionText', wasPublishedRecently] })
 * ```
 */
export function display<F extends (obj: never) => unknown>(options: DisplayOptions, fn: F): F & DisplayOptions {
  return Object.assign(fn, options)
}

/** What {@link action} attaches: Django's `@admin.action(description=, permissions=)`. */
export interface ActionOptions {
  /** The label in the actions menu; `%(verbose_name_plural)s` is filled in as Django does. */
  readonly description?: string
  /** Permissions the user needs for the action to be offered: `'view'`, `'add'`, `'change'`, `'delete'` (the `has<X>Permission` hooks), or any name `foo` when the ModelAdmin has `hasFooPermission(request)`. */
  readonly permissions?: readonly string[]
}

/**
 * An admin action (Django's action function): called with the ModelAdmin, the request and the selected
 * rows; may return a response (a confirmation page) or nothing (back to the change list).
 */
export type AdminAction<M extends AnyModel = AnyModel> = ((modelAdmin: OfModel<M, ModelAdmin<M>>, request: Request, queryset: OfModel<M, QuerySet<M>>) => Promise<Response | void> | Response | void)
  & { -readonly [K in keyof ActionOptions]?: ActionOptions[K] }

/**
 * Marks `fn` as an admin action (Django's `@admin.action`).
 * @returns `fn`, with `description` and `permissions` set.
 * @example
 * ```ts
 * const publish = action({ description: 'Publish selected articles', permissions: ['change'] },
 *   async (admin, request, queryset) => { await queryset.update({ status: 'p' }) })
 * ```
 */
export function action<F extends (modelAdmin: never, request: Request, queryset: never) => unknown>(options: ActionOptions, fn: F): F & ActionOptions {
  return Object.assign(fn, options)
}

/**
 * The admin's system checks (a subset of Django's `admin.E...` checks), run by `tango check`:
 * the apps the admin needs are installed, and each registered ModelAdmin names fields its model has.
 *
 * @module
 */
import { CheckLevel, apps, checkMessage, registerCheck } from 'tango/core'
import type { CheckMessage } from 'tango/core'
import type { AnyModel } from 'tango/db'
import { fieldForPath } from './changelist/fields.ts'
import { FieldListFilter, ListFilter } from './changelist/filters/base.ts'
import { flattenFieldsets } from './forms.ts'
import type { ModelAdmin } from './options.ts'
import type { AdminSite } from './sites.ts'
import { site as defaultSite } from './sites.ts'
import { fieldOf } from './utils.ts'

/** Django's `admin.E401`–`E406`: the apps the admin depends on. */
function checkDependencies(): CheckMessage[] {
  const out: CheckMessage[] = []
  const needed: [string, string][] = [['auth', 'admin.E405'], ['messages', 'admin.E406'], ['sessions', 'admin.E407']]
  for (const [label, id] of needed) {
    if (apps.get(label) === undefined) {
      out.push(checkMessage(CheckLevel.ERROR, `'${label}' must be in INSTALLED_APPS in order to use the admin application.`, { id, obj: 'admin' }))
    }
  }
  return out
}

/**
 * The ModelAdmin checks of one site: `fields` / `fieldsets` / `readonlyFields` name model fields or
 * admin methods (Django's `admin.E035` / `E108`-style), `listDisplay` entries resolve, `listFilter`
 * entries are filters or field paths (`admin.E113`–`E116`), and inlines have a foreign key to their
 * parent (`admin.E202`).
 */
export function checkSite(site: AdminSite): CheckMessage[] {
  const out: CheckMessage[] = []
  for (const [model, admin] of site.registry) {
    const obj = `${admin.constructor.name}(${model._meta.label})`
    const known = (name: string): boolean => fieldOf(model, name) !== undefined || typeof (admin as unknown as Record<string, unknown>)[name] === 'function'
      || admin.readonlyFields.some((r) => typeof r === 'function' && r.name === name) || name === '__str__'
    const formNames = admin.fieldsets !== null ? flattenFieldsets(admin.fieldsets) : (admin.fields ?? []).flatMap((f) => (typeof f === 'string' ? [f] : [...f]))
    for (const name of formNames) {
      if (!known(name) && !(admin.form?.baseFields[name] !== undefined)) {
        out.push(checkMessage(CheckLevel.ERROR, `The value of 'fields' refers to '${name}', which is not a field of '${model._meta.label}'.`, { id: 'admin.E035', obj }))
      }
    }
    for (const entry of admin.listDisplay) {
      if (typeof entry !== 'string' || entry.includes('__')) continue
      if (!known(entry) && !(entry in (model.prototype as object))) {
        out.push(checkMessage(CheckLevel.ERROR, `The value of 'listDisplay' refers to '${entry}', which is not a callable, an attribute of '${admin.constructor.name}', or a field of '${model._meta.label}'.`, { id: 'admin.E108', obj }))
      }
    }
    out.push(...checkListFilter(model, admin.listFilter, obj))
    for (const Inline of admin.inlines) {
      const inlineModel = (Inline as unknown as { model?: { _meta: { fields: readonly { type: string; relation: { to: string } | null }[]; label: string } } }).model
      if (inlineModel === undefined) continue
      const fk = inlineModel._meta.fields.some((f) => f.type === 'ForeignKey' && f.relation !== null && (f.relation.to === model._meta.label || f.relation.to === model._meta.name))
      if (!fk) out.push(checkMessage(CheckLevel.ERROR, `'${inlineModel._meta.label}' has no ForeignKey to '${model._meta.label}'.`, { id: 'admin.E202', obj }))
    }
  }
  return out
}

/**
 * Django's `_check_list_filter`: a class must be a {@link ListFilter} but not a {@link FieldListFilter}
 * (`admin.E113`, `admin.E114`); a pair must be `[field path, FieldListFilter subclass]` (`admin.E115`);
 * a field path must reach a field (`admin.E116`, for pairs too).
 */
function checkListFilter(model: AnyModel, listFilter: ModelAdmin['listFilter'], obj: string): CheckMessage[] {
  const out: CheckMessage[] = []
  const error = (msg: string, id: string): void => void out.push(checkMessage(CheckLevel.ERROR, msg, { id, obj }))
  const checkPath = (path: string, label: string): void => {
    if (fieldForPath(model, path) === undefined) error(`The value of '${label}' refers to '${path}', which does not refer to a Field.`, 'admin.E116')
  }
  listFilter.forEach((item, i) => {
    const label = `listFilter[${i}]`
    if (typeof item === 'string') {
      checkPath(item, label)
    } else if (Array.isArray(item)) {
      const [path, Cls] = item as readonly unknown[]
      if (item.length !== 2 || typeof path !== 'string') {
        error(`The value of '${label}' must be a pair of a field name and a 'FieldListFilter' subclass.`, 'admin.E115')
        return
      }
      if (typeof Cls !== 'function' || !(Cls.prototype instanceof FieldListFilter)) error(`The value of '${label}[1]' must inherit from 'FieldListFilter'.`, 'admin.E115')
      checkPath(path, `${label}[0]`)
    } else if (typeof item === 'function') {
      if (!(item.prototype instanceof ListFilter)) error(`The value of '${label}' must inherit from 'ListFilter'.`, 'admin.E113')
      else if (item.prototype instanceof FieldListFilter) error(`The value of '${label}' must not inherit from 'FieldListFilter'.`, 'admin.E114')
    }
  })
  return out
}

/** Registers the checks (the admin app's `ready` does this once). */
export function registerAdminChecks(): void {
  if (registered) return
  registered = true
  registerCheck(() => [...checkDependencies(), ...checkSite(defaultSite)], { tags: ['admin'] })
}
let registered = false

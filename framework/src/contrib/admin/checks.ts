/**
 * The admin's system checks (a subset of Django's `admin.E...` checks), run by `tango check`:
 * the apps the admin needs are installed, and each registered ModelAdmin names fields its model has.
 *
 * @module
 */
import { CheckLevel, apps, checkMessage, registerCheck } from 'tango/core'
import type { CheckMessage } from 'tango/core'
import { flattenFieldsets } from './forms.ts'
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
 * admin methods (Django's `admin.E035` / `E108`-style), `listDisplay` entries resolve, and inlines
 * have a foreign key to their parent (`admin.E202`).
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
    for (const Inline of admin.inlines) {
      const inlineModel = (Inline as unknown as { model?: { _meta: { fields: readonly { type: string; relation: { to: string } | null }[]; label: string } } }).model
      if (inlineModel === undefined) continue
      const fk = inlineModel._meta.fields.some((f) => f.type === 'ForeignKey' && f.relation !== null && (f.relation.to === model._meta.label || f.relation.to === model._meta.name))
      if (!fk) out.push(checkMessage(CheckLevel.ERROR, `'${inlineModel._meta.label}' has no ForeignKey to '${model._meta.label}'.`, { id: 'admin.E202', obj }))
    }
  }
  return out
}

/** Registers the checks (the admin app's `ready` does this once). */
export function registerAdminChecks(): void {
  if (registered) return
  registered = true
  registerCheck(() => [...checkDependencies(), ...checkSite(defaultSite)], { tags: ['admin'] })
}
let registered = false

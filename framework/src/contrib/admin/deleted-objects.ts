/**
 * What deleting objects takes along, for the confirmation pages (Django's
 * `admin.utils.get_deleted_objects` and the `unordered_list` filter): every object under the one
 * whose deletion cascades to it, a summary per model, the protected objects that refuse the
 * deletion, and the models the user may not delete. `ModelAdmin.getDeletedObjects` calls it.
 *
 * @module
 */
import { gettext } from 'tango/core'
import { Collector, ProtectedError } from 'tango/db'
import type { AnyModel, ModelInstance } from 'tango/db'
import type { Request } from 'tango/http'
import { escapeHtml, isSafe, markSafe } from 'tango/templates'
import type { SafeString } from 'tango/templates'
import type { AdminSite } from './sites.ts'
import { capfirst } from './utils.ts'
import { fill } from './views/shared.ts'

/**
 * One object of a deletion listing (Django's `format_callback`): `"Review: Ada (5)"` as plain text
 * (escaped when rendered), or, when the user may change it in this admin site, safe markup whose
 * object part links to its change page: `Review: <a href="...">Ada (5)</a>`.
 */
export type DeletedObject = string | SafeString

/**
 * Django's nested list (the input of its `unordered_list` filter): each object, followed by the
 * list of what its deletion cascades to when there is any, e.g.
 * `['Author: Ann', ['Book: Dune', ['Review: Paul (5)'], 'Book: Emma']]`.
 */
export type NestedObjectList = readonly (DeletedObject | NestedObjectList)[]

/** What {@link getDeletedObjects} finds (Django's `get_deleted_objects`). */
export interface DeletedObjects {
  /** Every object that would be deleted: the given ones, each followed by what cascades from it. */
  readonly deletedObjects: NestedObjectList
  /** Capitalised plural verbose name → count, for the summary, in collection order. */
  readonly modelCount: readonly { readonly name: string; readonly count: number }[]
  /** Verbose names of models the user may not delete (the deletion is refused). */
  readonly permsNeeded: readonly string[]
  /** Every object that blocks the deletion through a `PROTECT` (or `RESTRICT`) foreign key. */
  readonly protected: readonly DeletedObject[]
}

type CollectArgs = Parameters<Collector['collect']>
type CollectedModel = CollectArgs[0]

/** The model class of an instance the ORM returned (instances are built by their model's constructor). */
function modelOf(obj: object): CollectedModel {
  return (obj as { constructor: unknown }).constructor as CollectedModel
}

function keyOf(model: { readonly _meta: { readonly label: string; readonly pk: string } }, obj: object): string {
  const pk = (obj as Record<string, unknown>)[model._meta.pk]
  return `${model._meta.label}\0${String(pk)}`
}

/** A node of the deletion tree: an instance, or an automatic many-to-many join row (no model class). */
type Node =
  | { readonly kind: 'object'; readonly model: CollectedModel; readonly obj: object }
  | { readonly kind: 'join'; readonly text: string }

/**
 * The Collector that also remembers who brought each object in and keeps going past `PROTECT`
 * (Django's `admin.utils.NestedObjects`): the deletion is never run, only described.
 */
class NestedObjects extends Collector {
  /** Parent key (`null` for the objects asked for) → child keys, in collection order. */
  readonly edges = new Map<string | null, string[]>()
  readonly nodes = new Map<string, Node>()
  /** Blocking objects by key (an object may block through several paths). */
  readonly protected = new Map<string, object>()

  addEdge(source: string | null, target: string): void {
    let list = this.edges.get(source)
    if (list === undefined) this.edges.set(source, (list = []))
    list.push(target)
  }

  override async collect(...[model, objs, source = null]: CollectArgs): Promise<void> {
    for (const obj of objs) {
      const parent = source?.parentOf(obj)
      const key = keyOf(model, obj)
      this.addEdge(source && parent ? keyOf(source.model, parent) : null, key)
      if (!this.nodes.has(key)) this.nodes.set(key, { kind: 'object', model, obj })
    }
    try {
      await super.collect(model, objs, source)
    } catch (error) {
      // Every level catches its own: the rest of the cascade is still listed, and every protected object.
      if (!(error instanceof ProtectedError)) throw error
      for (const obj of error.protectedObjects) this.protected.set(keyOf(modelOf(obj as object), obj as object), obj as object)
    }
  }

  /** The tree under the roots (Django's `nested`); an object reached twice is listed once. */
  async nested(format: (node: Node) => Promise<DeletedObject>): Promise<NestedObjectList> {
    const seen = new Set<string>()
    const walk = async (key: string): Promise<(DeletedObject | NestedObjectList)[]> => {
      if (seen.has(key)) return []
      seen.add(key)
      const children: (DeletedObject | NestedObjectList)[] = []
      for (const child of this.edges.get(key) ?? []) children.push(...(await walk(child)))
      const node = this.nodes.get(key)
      if (node === undefined) return children
      return children.length ? [await format(node), children] : [await format(node)]
    }
    const roots: (DeletedObject | NestedObjectList)[] = []
    for (const root of this.edges.get(null) ?? []) roots.push(...(await walk(root)))
    return roots
  }
}

/**
 * Collects what deleting `objs` would remove and describes it for the confirmation page, as
 * Django's `get_deleted_objects`. Each object reads "Verbose name: str(obj)"; its `str(obj)` links to
 * its change page when its model is registered in `adminSite` and the user may change it. Automatic
 * many-to-many join rows are listed as Django's auto-created through model's
 * ("Book-genre relationship: Book_genres object (3)").
 * @param objs - instances of one model, the ones to delete (none: everything is empty).
 * @param adminSite - the site whose registrations decide links and delete permissions.
 */
export async function getDeletedObjects(objs: readonly ModelInstance[], request: Request, adminSite: AdminSite): Promise<DeletedObjects> {
  const first = objs[0]
  if (first === undefined) return { deletedObjects: [], modelCount: [], permsNeeded: [], protected: [] }
  const collector = new NestedObjects()
  await collector.collect(modelOf(first), objs)
  for (const obj of collector.restricted()) collector.protected.set(keyOf(modelOf(obj), obj), obj)

  const modelCount: { name: string; count: number }[] = []
  for (const { model, objects } of collector.collected()) {
    modelCount.push({ name: capfirst(gettext(model._meta.verboseNamePlural)), count: objects.length })
  }
  const joinCounts = new Map<string, { name: string; count: number }>()
  for (const row of await collector.joinRows()) {
    const self = row.owner === row.target
    const names = { from: `${self ? 'from_' : ''}${row.owner._meta.name.toLowerCase()}`, to: `${self ? 'to_' : ''}${row.target._meta.name.toLowerCase()}` }
    const key = `join\0${row.owner._meta.label}\0${row.field.name}\0${String(row.id)}`
    collector.nodes.set(key, { kind: 'join', text: `${capfirst(fill(gettext('{from}-{to} relationship'), names))}: ${row.owner._meta.name}_${row.field.name} object (${String(row.id)})` })
    collector.addEdge(keyOf(row.parentModel, row.parent), key)
    const label = `${row.owner._meta.label}_${row.field.name}`
    let count = joinCounts.get(label)
    if (count === undefined) joinCounts.set(label, (count = { name: capfirst(fill(gettext('{from}-{to} relationships'), names)), count: 0 }))
    count.count += 1
  }
  modelCount.push(...joinCounts.values())

  const permsNeeded = new Set<string>()
  const format = async (node: Node): Promise<DeletedObject> => {
    if (node.kind === 'join') return node.text
    // The Collector's model classes are the registered models.
    const model = node.model as unknown as AnyModel
    const obj = node.obj as ModelInstance
    const name = capfirst(gettext(model._meta.verboseName))
    const admin = adminSite.getModelAdmin(model)
    if (admin === undefined) return `${name}: ${String(obj)}`
    if (!(await admin.hasDeletePermission(request, obj))) permsNeeded.add(gettext(model._meta.verboseName))
    if (!(await admin.hasChangePermission(request, obj))) return `${name}: ${String(obj)}`
    return markSafe(`${escapeHtml(name)}: <a href="${escapeHtml(admin.urlFor('change', obj.pk))}">${escapeHtml(String(obj))}</a>`)
  }
  const deletedObjects = await collector.nested(format)
  const blocked: DeletedObject[] = []
  for (const obj of collector.protected.values()) blocked.push(await format({ kind: 'object', model: modelOf(obj), obj }))
  return { deletedObjects, modelCount, permsNeeded: [...permsNeeded], protected: blocked }
}

/**
 * Renders a nested list as `<li>` items, a sub-list in a nested `<ul>` inside the item it follows,
 * as Django's `unordered_list` filter (same layout, tabs and newlines): text is escaped, safe
 * strings (links) are kept. The caller writes the outer `<ul>`.
 */
export function unorderedList(items: NestedObjectList): SafeString {
  const format = (list: NestedObjectList, tabs: number): string => {
    const indent = '\t'.repeat(tabs)
    const output: string[] = []
    for (let i = 0; i < list.length; i++) {
      const item = list[i]!
      // A list with no item before it (never produced by getDeletedObjects) is shown as its items.
      if (Array.isArray(item)) {
        output.push(format(item as NestedObjectList, tabs))
        continue
      }
      const next = list[i + 1]
      let sublist = ''
      if (Array.isArray(next)) {
        i += 1
        if (next.length) sublist = `\n${indent}<ul>\n${format(next as NestedObjectList, tabs + 1)}\n${indent}</ul>\n${indent}`
      }
      const text = isSafe(item) ? item.toString() : escapeHtml(String(item))
      output.push(`${indent}<li>${text}${sublist}</li>`)
    }
    return output.join('\n')
  }
  return markSafe(format(items, 1))
}


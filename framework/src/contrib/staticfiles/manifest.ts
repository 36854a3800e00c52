/**
 * The manifest `collectstatic` writes in `STATIC_ROOT`, `staticfiles.json`, in Django's format, byte
 * for byte as Python's `json.dumps` writes it:
 * `{"paths": {"css/base.css": "css/base.5af66c1b1797.css"}, "version": "1.1", "hash": "<12 hex>"}`,
 * where `hash` is the MD5 (12 hex digits) of the sorted `[name, hashed]` pairs as JSON.
 *
 * @module
 */
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileHash } from './hashing.ts'

/** The manifest's file name (Django's `manifest_name`). */
export const MANIFEST_NAME = 'staticfiles.json'
/** The format version written (Django's `manifest_version`). */
export const MANIFEST_VERSION = '1.1'

/** A manifest as read: original name → hashed name. */
export interface Manifest {
  readonly paths: Readonly<Record<string, string>>
  readonly version: string
  readonly hash: string
}

/** Python's `json.dumps` with its defaults: `", "` / `": "` separators and `ensure_ascii`. @internal */
export function pythonJsonDumps(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`
  }
  return JSON.stringify(value)
}

/** Django's `manifest_hash`: the file hash of the sorted items as JSON. */
export function manifestHash(paths: Readonly<Record<string, string>>): string {
  const items = Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return fileHash(pythonJsonDumps(items))
}

/**
 * The manifest's text for `paths` (entries in sorted order).
 * @returns what {@link writeManifest} writes.
 */
export function serializeManifest(paths: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  return pythonJsonDumps({ paths: sorted, version: MANIFEST_VERSION, hash: manifestHash(sorted) })
}

/** Writes `<root>/staticfiles.json` atomically (a running server never reads half a file). */
export function writeManifest(root: string, paths: Readonly<Record<string, string>>): void {
  const target = join(root, MANIFEST_NAME)
  const temporary = `${target}.${process.pid}.tmp`
  writeFileSync(temporary, serializeManifest(paths))
  renameSync(temporary, target)
}

/**
 * Reads `<root>/staticfiles.json`.
 * @returns the manifest, or `null` when there is none.
 * @throws Error when it exists but is not a manifest of version 1.0 or 1.1 (as Django's
 *   "Couldn't load manifest").
 */
export function readManifest(root: string): Manifest | null {
  let text: string
  try {
    text = readFileSync(join(root, MANIFEST_NAME), 'utf8')
  } catch {
    return null
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`Couldn't load manifest '${join(root, MANIFEST_NAME)}': it is not JSON.`)
  }
  const candidate = parsed as Partial<Manifest> | null
  if (candidate === null || typeof candidate !== 'object' || typeof candidate.paths !== 'object' || candidate.paths === null ||
    (candidate.version !== '1.0' && candidate.version !== '1.1')) {
    throw new Error(`Couldn't load manifest '${join(root, MANIFEST_NAME)}' (version ${String(candidate?.version)})`)
  }
  return { paths: candidate.paths, version: candidate.version, hash: typeof candidate.hash === 'string' ? candidate.hash : '' }
}

/** The manifest file's mtime in ms, or `null` when there is none. @internal */
export function manifestMtime(root: string): number | null {
  try {
    return statSync(join(root, MANIFEST_NAME)).mtimeMs
  } catch {
    return null
  }
}

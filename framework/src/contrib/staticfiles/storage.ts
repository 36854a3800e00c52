/**
 * {@link ManifestStaticFilesStorage}: what `collectstatic` does after copying, as Django's
 * `ManifestStaticFilesStorage` (`HashedFilesMixin` + `ManifestFilesMixin`): a content-hashed copy of
 * every file next to the original, references inside CSS rewritten to hashed names (repeated passes
 * until CSS that references CSS settles), and the `staticfiles.json` manifest; plus URLs from it.
 *
 * @module
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, posix, resolve, sep } from 'node:path'
import { ImproperlyConfigured, settings } from 'tango/core'
import { urlQuote } from 'tango/templates'
import { isAdjustable, rewriteReferences } from './css.ts'
import { MissingManifestEntry, PostProcessError } from './errors.ts'
import { hashedName, safeDecode, splitUrl } from './hashing.ts'
import { manifestMtime, readManifest, writeManifest } from './manifest.ts'

/** Django's `max_post_process_passes`. */
export const MAX_POST_PROCESS_PASSES = 5

/** One file's outcome of {@link ManifestStaticFilesStorage.postProcess}. */
export interface PostProcessResult {
  /** The original name, or `All` for a failure of the whole run (passes exceeded). */
  readonly name: string
  /** The hashed name, `null` on failure. */
  readonly hashedName: string | null
  /** Whether a hashed file was written (or rewritten) in this run. */
  readonly processed: boolean
  /** Why this file failed. */
  readonly error?: Error
}

/** Python's `posixpath.normpath` for relative names. */
function normpath(name: string): string {
  const out: string[] = []
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop()
    else out.push(part)
  }
  return out.join('/') || '.'
}

/**
 * Files under `STATIC_ROOT` (or `location`), with hashed names.
 *
 * @example
 * ```ts
 * const storage = new ManifestStaticFilesStorage()
 * for (const result of storage.postProcess(['css/base.css', 'img/logo.png'])) console.log(result)
 * storage.saveManifest()
 * ```
 */
export class ManifestStaticFilesStorage {
  readonly #location: string
  /** Original name → hashed name, filled by {@link ManifestStaticFilesStorage.postProcess}. */
  hashedFiles: Record<string, string> = {}

  /** @param location - default `STATIC_ROOT`. @throws ImproperlyConfigured when neither is set. */
  constructor(location?: string) {
    const root = location ?? settings.STATIC_ROOT
    if (!root) throw new ImproperlyConfigured("You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.")
    this.#location = resolve(root)
  }

  /** The absolute folder. */
  get location(): string {
    return this.#location
  }

  /** The absolute path of a stored name. @throws Error when it would leave the folder. */
  path(name: string): string {
    const full = resolve(this.#location, ...name.split('/').filter((s) => s !== ''))
    if (!full.startsWith(this.#location + sep)) throw new Error(`The path '${name}' is outside STATIC_ROOT.`)
    return full
  }

  #read(name: string): Buffer {
    return readFileSync(this.path(name))
  }

  #save(name: string, content: Uint8Array): void {
    const full = this.path(name)
    mkdirSync(dirname(full), { recursive: true })
    const temporary = `${full}.${process.pid}.tmp`
    writeFileSync(temporary, content)
    renameSync(temporary, full)
  }

  /** Django's `_stored_name`: the hashed name of a referenced file, from this run or from its bytes. */
  #storedName(name: string, hashed: Record<string, string>, referrer: string): string {
    const parts = splitUrl(name)
    const clean = normpath(parts.path)
    const known = hashed[clean]
    const suffix = (parts.query ? `?${parts.query}` : name.includes('?#') ? '?' : '') + (parts.fragment ? `#${parts.fragment}` : '')
    if (known !== undefined) return known + suffix
    let content: Buffer
    try {
      content = this.#read(clean)
    } catch {
      throw new PostProcessError(`The file '${clean}' could not be found in STATIC_ROOT ('${this.#location}'); it is referenced from '${referrer}'.`)
    }
    return hashedName(clean + suffix, content)
  }

  /**
   * One pass of Django's `_post_process` over `paths`, deepest folders first.
   * @returns each file's result, and whether any adjustable file's hash changed in this pass.
   */
  *#pass(paths: readonly string[], adjustable: ReadonlySet<string>, hashed: Record<string, string>): Generator<PostProcessResult & { substitutions: boolean }> {
    const ordered = [...paths].sort((a, b) => b.split('/').length - a.split('/').length)
    for (const name of ordered) {
      let substitutions = true
      let original: Buffer
      try {
        original = this.#read(name)
      } catch (error) {
        yield { name, hashedName: null, processed: false, error: error as Error, substitutions: false }
        continue
      }
      // The hash of the original content, or of the previous pass's result (Django's hash_key lookup).
      let hashedNameOut = hashed[name] ?? hashedName(name, original)
      const hashedExists = existsSync(this.path(hashedNameOut))
      let processed = false
      if (adjustable.has(name)) {
        const oldHashed = hashedNameOut
        let content: string
        try {
          content = new TextDecoder('utf-8', { fatal: true }).decode(original)
          content = rewriteReferences(name, content, (target) => this.#storedName(target, hashed, name), settings.STATIC_URL)
        } catch (error) {
          yield { name, hashedName: null, processed: false, error: error as Error, substitutions: false }
          continue
        }
        const bytes = Buffer.from(content)
        hashedNameOut = hashedName(name, bytes)
        // The name is the content's hash: an existing file of that name already holds these bytes.
        if (!existsSync(this.path(hashedNameOut))) this.#save(hashedNameOut, bytes)
        if (oldHashed === hashedNameOut) substitutions = false
        processed = true
      } else if (!hashedExists) {
        this.#save(hashedNameOut, original)
        processed = true
      }
      hashed[name] = hashedNameOut
      yield { name, hashedName: hashedNameOut, processed, substitutions }
    }
  }

  /**
   * Hashes every file of `paths` (names already copied into the folder) and rewrites the references
   * of CSS and JS files, as Django's `post_process`: one pass over everything, then passes over the
   * adjustable files until no hash changes (at most {@link MAX_POST_PROCESS_PASSES}). Fills
   * {@link ManifestStaticFilesStorage.hashedFiles}; call {@link ManifestStaticFilesStorage.saveManifest} after.
   *
   * @param paths - names relative to the folder, `/`-separated.
   * @returns one result per file (failures carry `error`); an extra `All` result when the passes
   *   did not settle (a reference cycle between CSS files).
   */
  postProcess(paths: readonly string[]): PostProcessResult[] {
    const hashed: Record<string, string> = {}
    const adjustable = new Set(paths.filter(isAdjustable))
    const results: PostProcessResult[] = []
    const adjustableResults = new Map<string, PostProcessResult>()
    for (const { substitutions: _, ...result } of this.#pass(paths, adjustable, hashed)) {
      if (!adjustable.has(result.name) || result.error !== undefined) results.push(result)
      else adjustableResults.set(result.name, result)
    }
    const failed = new Set(results.filter((r) => r.error !== undefined).map((r) => r.name))
    const again = [...adjustable].filter((name) => !failed.has(name))
    let substitutions = false
    for (let i = 0; i < MAX_POST_PROCESS_PASSES; i++) {
      substitutions = false
      for (const { substitutions: changed, ...result } of this.#pass(again, adjustable, hashed)) {
        adjustableResults.set(result.name, { ...result, processed: result.processed || (adjustableResults.get(result.name)?.processed ?? false) })
        substitutions ||= changed
      }
      if (!substitutions) break
    }
    if (substitutions) results.push({ name: 'All', hashedName: null, processed: false, error: new PostProcessError('Max post-process passes exceeded.') })
    this.hashedFiles = { ...this.hashedFiles, ...hashed }
    results.push(...adjustableResults.values())
    return results
  }

  /** Writes `staticfiles.json` with {@link ManifestStaticFilesStorage.hashedFiles}. */
  saveManifest(): void {
    mkdirSync(this.#location, { recursive: true })
    writeManifest(this.#location, this.hashedFiles)
  }
}

/** The manifest of `STATIC_ROOT`, read once and re-read when the file changes (checked at most once a second). */
let cached: { root: string; mtime: number | null; paths: Readonly<Record<string, string>> | null; checkedAt: number } | null = null

/** Forgets the cached manifest (collectstatic calls it after writing one). */
export function clearManifestCache(): void {
  cached = null
}

function manifestPaths(root: string): Readonly<Record<string, string>> | null {
  const now = Date.now()
  if (cached !== null && cached.root === root && now - cached.checkedAt < 1000) return cached.paths
  const mtime = manifestMtime(root)
  if (cached !== null && cached.root === root && cached.mtime === mtime) {
    cached.checkedAt = now
    return cached.paths
  }
  cached = { root, mtime, paths: readManifest(root)?.paths ?? null, checkedAt: now }
  return cached.paths
}

/**
 * The URL of a static file, as `ManifestStaticFilesStorage.url`: with `DEBUG`, `STATIC_URL` + the
 * name; without, `STATIC_URL` + its hashed name from the manifest (a `?query` / `#fragment` kept).
 *
 * @param name - e.g. `news/site.css`.
 * @returns e.g. `/static/news/site.0123456789ab.css`.
 * @throws {@link MissingManifestEntry} when `DEBUG` is off and the manifest lacks the file (or
 *   there is no manifest: `collectstatic` has not run). Django's `manifest_strict`.
 */
export function manifestStaticUrl(name: string): string {
  const base = settings.STATIC_URL.endsWith('/') ? settings.STATIC_URL : `${settings.STATIC_URL}/`
  const relative = name.replace(/^\/+/, '')
  if (settings.DEBUG) return base + urlQuote(relative)
  const parts = splitUrl(relative)
  const clean = normpath(safeDecode(parts.path))
  if (parts.path.endsWith('/') || clean === '.') return base + urlQuote(relative)
  const root = settings.STATIC_ROOT
  if (!root) throw new MissingManifestEntry(clean, 'STATIC_ROOT is not set: set it and run `tango collectstatic`.')
  const paths = manifestPaths(resolve(root))
  if (paths === null) throw new MissingManifestEntry(clean, `There is no manifest in STATIC_ROOT ('${resolve(root)}'): run \`tango collectstatic\`.`)
  const hashed = paths[clean]
  if (hashed === undefined) throw new MissingManifestEntry(clean, 'Check the name, or run `tango collectstatic` again.')
  let url = base + urlQuote(posix.normalize(hashed), "/~!*()'")
  if (parts.query) url += `?${parts.query}`
  else if (relative.includes('?#')) url += '?'
  if (parts.fragment) url += `#${parts.fragment}`
  return url
}

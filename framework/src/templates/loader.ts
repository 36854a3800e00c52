/**
 * The template loader: searches an ordered list of folders, first match wins (as Django's
 * filesystem and app-directories loaders chained). It also remembers which file backs which name,
 * so errors can name the template rather than its path.
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs'
import { resolve, sep } from 'node:path'

/** What nunjucks expects back from a loader. */
export interface LoadedSource {
  readonly src: string
  readonly path: string
  /** `true` recompiles on every use (DEBUG); `false` lets nunjucks cache the compiled template. */
  readonly noCache: boolean
}

/**
 * Finds templates in folders, in order. A name may not climb out of its folder (`../x` is not
 * found), as Django's `safe_join`.
 */
export class TemplateLoader {
  /** The folders searched, absolute, in order. */
  readonly dirs: readonly string[]
  readonly #noCache: boolean
  readonly #names = new Map<string, string>()
  /** Outside DEBUG, what {@link TemplateLoader.find} answered for each name, misses included (Django's cached loader). */
  readonly #found = new Map<string, string | null>()

  /**
   * @param dirs - folders to search, in order; relative ones resolve against the current directory.
   * @param options - `noCache`: hand nunjucks fresh sources every time (DEBUG).
   */
  constructor(dirs: readonly string[], options: { readonly noCache?: boolean } = {}) {
    this.dirs = Object.freeze(dirs.map((d) => resolve(d)))
    this.#noCache = options.noCache ?? false
  }

  /** The paths {@link TemplateLoader.find} looks at for `name`, in order. */
  candidates(name: string): string[] {
    if (name.includes('\0')) return []
    const out: string[] = []
    for (const dir of this.dirs) {
      const path = resolve(dir, name)
      if (path.startsWith(dir + sep)) out.push(path)
    }
    return out
  }

  /**
   * The file that holds `name`, or `null`. Outside DEBUG the answer is remembered, misses too, as
   * Django's cached loader does (template names come from code, so the map stays small).
   */
  find(name: string): string | null {
    if (this.#noCache) return this.#search(name)
    let path = this.#found.get(name)
    if (path === undefined) {
      path = this.#search(name)
      this.#found.set(name, path)
    }
    return path
  }

  #search(name: string): string | null {
    for (const path of this.candidates(name)) {
      // `throwIfNoEntry: false`: a miss is the common case when a list of overrides is tried.
      if (statSync(path, { throwIfNoEntry: false })?.isFile() === true) return path
    }
    return null
  }

  /** The template name a file was loaded under, or `null`. */
  nameOf(path: string): string | null {
    return this.#names.get(path) ?? null
  }

  /**
   * nunjucks' loader hook: the source for `name`, or `null` when no folder has it.
   * Reads synchronously, as nunjucks' own FileSystemLoader: outside DEBUG each template is read
   * and compiled once, then served from nunjucks' cache.
   */
  getSource(name: string): LoadedSource | null {
    const path = this.find(name)
    if (path === null) return null
    this.#names.set(path, name)
    return { src: readFileSync(path, 'utf8'), path, noCache: this.#noCache }
  }
}

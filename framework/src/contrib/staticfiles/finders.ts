/**
 * Static file finders (Django's `django.contrib.staticfiles.finders`): where `findstatic`,
 * `collectstatic` and runserver look for a file. {@link FileSystemFinder} searches `STATICFILES_DIRS`,
 * {@link AppDirectoriesFinder} each installed app's `static/` folder, in `INSTALLED_APPS` order; the
 * first match wins.
 *
 * @module
 */
import { statSync } from 'node:fs'
import { resolve, sep } from 'node:path'
import { apps, settings } from 'tango/core'
import { listFiles } from './utils.ts'

/** A file a finder lists: its path under `STATIC_URL` and where it is on disk. */
export interface FoundFile {
  /** `/`-separated, relative to the static folder: `news/site.css`. */
  readonly path: string
  /** The absolute path of the source file. */
  readonly source: string
  /** The static folder it was found in. */
  readonly root: string
}

/** A finder (Django's `BaseFinder`). */
export interface StaticFinder {
  /**
   * The absolute paths of `path` in this finder's folders: the first only, unless `all`.
   * A path that could leave the folders (`..`, absolute, NUL, backslash) finds nothing.
   */
  find(path: string, all?: boolean): string[]
  /** Every file, skipping names that match `ignorePatterns`. */
  list(ignorePatterns: readonly string[]): FoundFile[]
  /** The folders searched, in order. */
  readonly locations: readonly string[]
}

function safeJoin(root: string, path: string): string | null {
  if (path === '' || path.startsWith('/') || path.includes('\0') || path.includes('\\')) return null
  const segments = path.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.length === 0 || segments.includes('..')) return null
  const full = resolve(root, ...segments)
  return full.startsWith(root + sep) ? full : null
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/** Searches a list of folders in order. */
abstract class FolderFinder implements StaticFinder {
  abstract get locations(): readonly string[]

  find(path: string, all = false): string[] {
    const matches: string[] = []
    for (const root of this.locations) {
      const full = safeJoin(root, path)
      if (full !== null && isFile(full)) {
        matches.push(full)
        if (!all) break
      }
    }
    return matches
  }

  list(ignorePatterns: readonly string[]): FoundFile[] {
    const out: FoundFile[] = []
    for (const root of this.locations) {
      for (const path of listFiles(root, ignorePatterns)) out.push({ path, source: resolve(root, ...path.split('/')), root })
    }
    return out
  }
}

/** Finds files in `STATICFILES_DIRS` (Django's `FileSystemFinder`). */
export class FileSystemFinder extends FolderFinder {
  /** Each of `STATICFILES_DIRS`, absolute, as read now. */
  get locations(): readonly string[] {
    return settings.STATICFILES_DIRS.map((dir) => resolve(dir))
  }
}

/** Finds files in each installed app's `static/` folder (Django's `AppDirectoriesFinder`). */
export class AppDirectoriesFinder extends FolderFinder {
  /** The apps' `static/` folders in `INSTALLED_APPS` order. */
  get locations(): readonly string[] {
    return apps.all().flatMap((app) => (app.staticDir === null ? [] : [resolve(app.staticDir)]))
  }
}

/** The finders in order (Django's default `STATICFILES_FINDERS`). */
export function getFinders(): StaticFinder[] {
  return [new FileSystemFinder(), new AppDirectoriesFinder()]
}

/** Every folder the finders search, in order (Django's `searched_locations`). */
export function searchedLocations(): string[] {
  return getFinders().flatMap((finder) => [...finder.locations])
}

/**
 * Finds a static file by its relative path, through every finder (Django's `finders.find`).
 *
 * @param path - e.g. `news/site.css`.
 * @param all - return every match instead of the first.
 * @returns the first absolute path or `null`; with `all`, every path (maybe none).
 * @example
 * ```ts
 * find('news/site.css')       // '/srv/site/news/static/news/site.css'
 * find('news/site.css', true) // every copy, the one served first
 * ```
 */
export function find(path: string): string | null
export function find(path: string, all: true): string[]
export function find(path: string, all: boolean): string | null | string[]
export function find(path: string, all = false): string | null | string[] {
  const matches: string[] = []
  for (const finder of getFinders()) {
    const found = finder.find(path, all)
    if (!all && found[0] !== undefined) return found[0]
    matches.push(...found)
  }
  return all ? matches : null
}

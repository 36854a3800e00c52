/**
 * runserver's file watcher: one non-recursive `fs.watch` per folder, so `node_modules`, `.git` and
 * other dot-folders are never walked (node's recursive mode on Linux walks and watches everything
 * below, which costs thousands of inotify watches in a project with a local `node_modules`). New
 * folders are picked up as they appear.
 *
 * @module
 * @internal
 */
import { readdirSync, statSync, watch } from 'node:fs'
import type { FSWatcher } from 'node:fs'
import { join } from 'node:path'

/** Files whose change restarts the server: code, templates, settings and data files. @internal */
export const WATCHED_FILE = /(\.(?:[cm]?[jt]sx?|json|html?|txt|njk|nunjucks|jinja2?|xml)|^\.env(?:\..*)?)$/

/** Folders never watched. */
const SKIPPED_DIR = /^(?:node_modules|\..*|__pycache__|staticfiles|dist|coverage)$/

/** A set of watched folder trees. @internal */
export class FileWatcher {
  readonly #watchers = new Map<string, FSWatcher>()
  readonly #onChange: (path: string) => void
  #closed = false

  /**
   * @param roots - folders to watch, with everything below them (minus skipped folders).
   * @param onChange - called with the absolute path of each changed watched file (not debounced).
   */
  constructor(roots: readonly string[], onChange: (path: string) => void) {
    this.#onChange = onChange
    for (const root of roots) this.#add(root)
  }

  /** Number of folders watched. */
  get size(): number {
    return this.#watchers.size
  }

  #add(dir: string): void {
    if (this.#closed || this.#watchers.has(dir)) return
    let watcher: FSWatcher
    try {
      watcher = watch(dir, { persistent: true }, (_event, name) => {
        if (name === null) return
        const path = join(dir, String(name))
        if (WATCHED_FILE.test(String(name))) this.#onChange(path)
        else if (!SKIPPED_DIR.test(String(name))) this.#maybeDir(path)
      })
    } catch {
      return // vanished or unreadable
    }
    watcher.on('error', () => {
      watcher.close()
      this.#watchers.delete(dir)
    })
    this.#watchers.set(dir, watcher)
    let entries: string[] = []
    try {
      entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !SKIPPED_DIR.test(e.name)).map((e) => e.name)
    } catch {
      // removed while we looked
    }
    for (const name of entries) this.#add(join(dir, name))
  }

  /** A created (or renamed) folder: watch it, and treat its watched files as changed. */
  #maybeDir(path: string): void {
    try {
      if (!statSync(path).isDirectory()) return
    } catch {
      const watcher = this.#watchers.get(path)
      watcher?.close()
      this.#watchers.delete(path)
      return
    }
    if (this.#watchers.has(path)) return
    this.#add(path)
    this.#onChange(path)
  }

  /** Stops watching. */
  close(): void {
    this.#closed = true
    for (const watcher of this.#watchers.values()) watcher.close()
    this.#watchers.clear()
  }
}

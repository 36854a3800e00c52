/**
 * Small helpers of the staticfiles app: glob matching (`fnmatch`, for ignore patterns) and walking a
 * folder (Django's `django.contrib.staticfiles.utils.get_files`).
 *
 * @module
 * @internal
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Django's default `collectstatic` ignore patterns. */
export const DEFAULT_IGNORE_PATTERNS: readonly string[] = Object.freeze(['CVS', '.*', '*~'])

const compiled = new Map<string, RegExp>()

/** Python's `fnmatch.fnmatchcase`: `*`, `?`, `[seq]`, `[!seq]`. @internal */
export function fnmatch(name: string, pattern: string): boolean {
  let regex = compiled.get(pattern)
  if (regex === undefined) {
    let source = ''
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i] as string
      if (c === '*') source += '.*'
      else if (c === '?') source += '.'
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 2)
        if (end === -1) source += '\\['
        else {
          let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\')
          if (body.startsWith('!')) body = `^${body.slice(1)}`
          source += `[${body}]`
          i = end
        }
      } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    }
    regex = new RegExp(`^${source}$`, 's')
    compiled.set(pattern, regex)
  }
  return regex.test(name)
}

/** Whether `path` matches one of `patterns` (Django's `matches_patterns`). @internal */
export function matchesPatterns(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => fnmatch(path, pattern))
}

/**
 * Every file under `root`, as `/`-separated paths relative to it, sorted, skipping files and folders
 * whose name (or relative path) matches an ignore pattern (as Django's `get_files`).
 * @internal
 */
export function listFiles(root: string, ignorePatterns: readonly string[], location = ''): string[] {
  let entries
  try {
    entries = readdirSync(location === '' ? root : join(root, location), { withFileTypes: true })
  } catch {
    return []
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const files: string[] = []
  const dirs: string[] = []
  for (const entry of entries) {
    if (matchesPatterns(entry.name, ignorePatterns)) continue
    const rel = location === '' ? entry.name : `${location}/${entry.name}`
    if (location !== '' && matchesPatterns(rel, ignorePatterns)) continue
    if (entry.isDirectory()) dirs.push(rel)
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(rel)
  }
  for (const dir of dirs) files.push(...listFiles(root, ignorePatterns, dir))
  return files
}

/**
 * Rewriting references inside CSS (and source map comments in JS) to hashed names, as Django's
 * `HashedFilesMixin.patterns` and `url_converter`: `url(...)` and `@import "..."` in `*.css`,
 * `sourceMappingURL` comments in `*.css` and `*.js`. Relative references are resolved against the
 * referring file; `data:` and other absolute URLs (`https:`, `//cdn`), root paths outside
 * `STATIC_URL`, fragment-only references and references inside CSS comments are left alone; a
 * `#fragment` (and the `?#iefix` font hack) is kept.
 *
 * @module
 */
import { posix } from 'node:path'
import { safeDecode, splitUrl } from './hashing.ts'
import { fnmatch } from './utils.ts'

/** One substitution: a regex whose `url` group is the reference, and how to write it back. */
interface Substitution {
  readonly regex: RegExp
  readonly template: (url: string, quote: string) => string
  /** Matches inside `/* ... *\/` are skipped (not for the source map comment, which is one). */
  readonly skipComments: boolean
}

const CSS_SUBSTITUTIONS: readonly Substitution[] = [
  { regex: /url\((?<quote>['"]?)\s*(?<url>.*?)\k<quote>\)/gi, template: (url, quote) => `url(${quote}${url}${quote})`, skipComments: true },
  { regex: /@import\s*["']\s*(?<url>.*?)["']/gi, template: (url) => `@import url("${url}")`, skipComments: true },
  { regex: /^\/\*#[ \t]sourceMappingURL=(?<url>.*)[ \t]*\*\/$/gm, template: (url) => `/*# sourceMappingURL=${url} */`, skipComments: false },
]

const JS_SUBSTITUTIONS: readonly Substitution[] = [
  { regex: /^\/\/# sourceMappingURL=(?<url>.*)$/gm, template: (url) => `//# sourceMappingURL=${url}`, skipComments: false },
]

/** The files whose content is rewritten (Django's `patterns` keys). */
export const ADJUSTABLE_PATTERNS: readonly string[] = Object.freeze(['*.css', '*.js'])

/** Whether `name`'s references are rewritten by {@link rewriteReferences}. */
export function isAdjustable(name: string): boolean {
  return ADJUSTABLE_PATTERNS.some((pattern) => fnmatch(name, pattern))
}

/** Maps a referenced static file (`/`-separated, relative to `STATIC_ROOT`) to its hashed name; throws when missing. */
export type StoredNameLookup = (name: string) => string

function commentRanges(content: string): [number, number][] {
  const ranges: [number, number][] = []
  for (const match of content.matchAll(/\/\*[\s\S]*?\*\//g)) ranges.push([match.index, match.index + match[0].length])
  return ranges
}

/**
 * Rewrites every reference in `content` (the file `name`) to the hashed name `storedName` gives.
 *
 * @param name - the referring file, `/`-separated, relative to `STATIC_ROOT` (`css/site.css`).
 * @param content - its text.
 * @param storedName - the hashed name of a referenced file (Django's `_stored_name`).
 * @param staticUrl - `STATIC_URL`, for references written as `/static/...`.
 * @returns the new text (the same text when nothing matched).
 * @throws what `storedName` throws for a reference to a missing file.
 */
export function rewriteReferences(name: string, content: string, storedName: StoredNameLookup, staticUrl: string): string {
  const substitutions = fnmatch(name, '*.css') ? CSS_SUBSTITUTIONS : fnmatch(name, '*.js') ? JS_SUBSTITUTIONS : []
  let text = content
  for (const { regex, template, skipComments } of substitutions) {
    const comments = skipComments ? commentRanges(text) : []
    text = text.replace(regex, (...args: unknown[]) => {
      const matched = args[0] as string
      const offset = args[args.length - 3] as number
      const groups = args[args.length - 1] as { url?: string; quote?: string }
      if (comments.some(([start, end]) => offset >= start && offset < end)) return matched
      const url = groups.url ?? ''
      const converted = convertUrl(name, url, storedName, staticUrl)
      return converted === null ? matched : template(converted, groups.quote ?? '')
    })
  }
  return text
}

/** Django's `url_converter` body: the new reference, or `null` to leave the match as it was. */
function convertUrl(name: string, url: string, storedName: StoredNameLookup, staticUrl: string): string | null {
  // Absolute, protocol-relative and data: URLs.
  if (/^[a-z]+:/i.test(url) || url.startsWith('//')) return null
  // Root paths that are not static files (dynamic CSS?).
  if (url.startsWith('/') && !url.startsWith(staticUrl)) return null
  const hash = url.indexOf('#')
  const urlPath = (hash === -1 ? url : url.slice(0, hash)).replace(/\?$/, '')
  const fragment = hash === -1 ? '' : url.slice(hash + 1)
  if (urlPath === '') return null
  const targetName = urlPath.startsWith('/') ? urlPath.slice(staticUrl.length) : posix.join(posix.dirname(name), urlPath)
  const parts = splitUrl(safeDecode(targetName))
  // A folder reference (`url(fonts/)`) is not hashed.
  const hashed = parts.path.endsWith('/') ? safeDecode(targetName) : storedName(safeDecode(targetName))
  const hashedBase = hashed.split('/').pop() ?? hashed
  let transformed = [...urlPath.split('/').slice(0, -1), hashedBase].join('/')
  if (fragment !== '') transformed += (url.includes('?#') ? '?#' : '#') + fragment
  return safeDecode(transformed)
}

/**
 * Content-hashed names, as Django's `HashedFilesMixin.hashed_name`: `css/base.css` becomes
 * `css/base.5af66c1b1797.css`, the 12 first hex digits of the MD5 of the content, before the last
 * extension (Python's `os.path.splitext`). A query or fragment is kept.
 *
 * @module
 */
import { createHash } from 'node:crypto'

/** The 12 first hex digits of the MD5 of `content` (Django's `file_hash`). */
export function fileHash(content: Uint8Array | string): string {
  return createHash('md5').update(content).digest('hex').slice(0, 12)
}

/** Python's `os.path.splitext` on a base name: leading dots never start the extension. @internal */
export function splitExt(fileName: string): [string, string] {
  const dot = fileName.lastIndexOf('.')
  if (dot <= 0 || /^\.+$/.test(fileName.slice(0, dot + 1))) return [fileName, '']
  return [fileName.slice(0, dot), fileName.slice(dot)]
}

/**
 * Splits `name` into path, query and fragment (Python's `urlsplit` for a relative name).
 * @internal
 */
export function splitUrl(name: string): { path: string; query: string | null; fragment: string | null } {
  let rest = name
  let fragment: string | null = null
  const hash = rest.indexOf('#')
  if (hash !== -1) {
    fragment = rest.slice(hash + 1)
    rest = rest.slice(0, hash)
  }
  let query: string | null = null
  const q = rest.indexOf('?')
  if (q !== -1) {
    query = rest.slice(q + 1)
    rest = rest.slice(0, q)
  }
  return { path: rest, query, fragment }
}

/**
 * The hashed name of `name` for this content (Django's `hashed_name`).
 *
 * @param name - `/`-separated, may carry `?query` / `#fragment` (kept, Django's `?#` font hack too).
 * @param content - the file's bytes.
 * @returns e.g. `css/base.5af66c1b1797.css`.
 */
export function hashedName(name: string, content: Uint8Array | string): string {
  const parts = splitUrl(safeDecode(name))
  const clean = parts.path.trim()
  const slash = clean.lastIndexOf('/')
  const dir = slash === -1 ? '' : clean.slice(0, slash + 1)
  const [root, ext] = splitExt(clean.slice(slash + 1))
  let out = `${dir}${root}.${fileHash(content)}${ext}`
  if (parts.query !== null && parts.query !== '') out += `?${parts.query}`
  else if (name.includes('?#') && !parts.query) out += '?'
  if (parts.fragment !== null && parts.fragment !== '') out += `#${parts.fragment}`
  return out
}

/** Python's `unquote`: percent-decoding that leaves malformed escapes alone. @internal */
export function safeDecode(text: string): string {
  return text.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run)
    } catch {
      return run
    }
  })
}

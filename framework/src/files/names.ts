/**
 * File name helpers shared by the storages: Django's `get_valid_filename`, `validate_file_name` and
 * `safe_join` (`django/utils/text.py`, `django/core/files/utils.py`, `django/utils/_os.py`).
 *
 * @module
 */
import { basename, isAbsolute, resolve, sep } from 'node:path'
import { SuspiciousFileOperation } from './errors.ts'

/**
 * A file name safe to store, from any string (as Django's `get_valid_filename`): surrounding spaces
 * removed, inner spaces turned into `_`, and every character that is not a letter, digit, `-`, `_` or
 * `.` dropped (so `/`, `\`, `..` segments, NUL and shell characters are gone).
 *
 * @param name - e.g. a client's upload name, `"john's portrait in 2004.jpg"`.
 * @returns e.g. `johns_portrait_in_2004.jpg`.
 * @throws {@link SuspiciousFileOperation} when nothing usable is left (`''`, `.`, `..`).
 */
export function getValidFilename(name: string): string {
  const s = name.trim().replace(/ /g, '_').replace(/[^-\p{L}\p{N}\p{M}_.]/gu, '')
  if (s === '' || s === '.' || s === '..') throw new SuspiciousFileOperation(`Could not derive file name from '${name}'`)
  return s
}

/**
 * The stored name for a file a client uploaded: its directories stripped (a browser may send
 * `C:\\Users\\me\\cv.pdf`), then {@link getValidFilename}.
 *
 * @param filename - the client's name.
 * @returns a bare, safe file name.
 * @throws {@link SuspiciousFileOperation} when nothing usable is left.
 */
export function clientFilename(filename: string): string {
  return getValidFilename(basename(filename.replace(/\\/g, '/')))
}

/**
 * Checks a relative storage name (as Django's `validate_file_name(name, allow_relative_path=True)`):
 * no NUL, not absolute, no `..` segment, not empty. Backslashes count as separators.
 *
 * @returns the name with `/` separators and no empty or `.` segments.
 * @throws {@link SuspiciousFileOperation} for anything that could leave the storage's folder.
 */
export function validateFileName(name: string): string {
  const slashed = name.replace(/\\/g, '/')
  if (slashed.includes('\0')) throw new SuspiciousFileOperation(`File name '${name}' contains a NUL byte.`)
  if (slashed.startsWith('/') || isAbsolute(slashed) || /^[A-Za-z]:/.test(slashed)) {
    throw new SuspiciousFileOperation(`Detected path traversal attempt in '${name}'`)
  }
  const parts = slashed.split('/').filter((p) => p !== '' && p !== '.')
  if (parts.some((p) => p === '..')) throw new SuspiciousFileOperation(`Detected path traversal attempt in '${name}'`)
  if (parts.length === 0) throw new SuspiciousFileOperation(`Could not derive file name from '${name}'`)
  return parts.join('/')
}

/**
 * Joins `name` to `base` and checks the result stays inside `base` (as Django's `safe_join`).
 *
 * @param base - an absolute folder.
 * @param name - a relative name, `/` or `\` separated.
 * @returns the absolute path.
 * @throws {@link SuspiciousFileOperation} when the result is outside `base`.
 */
export function safeJoin(base: string, name: string): string {
  const root = resolve(base)
  const full = resolve(root, validateFileName(name))
  if (full !== root && !full.startsWith(root + sep)) {
    throw new SuspiciousFileOperation(`The joined path (${full}) is located outside of the base path component (${root})`)
  }
  return full
}

/**
 * Precompressed copies (`.gz`, `.br`) of the collected files, for servers that send them as they are
 * (nginx's `gzip_static`, Tango's `serve`), as WhiteNoise's `CompressedManifestStaticFilesStorage`:
 * files already compressed (images, fonts, archives) are skipped, and a copy is kept only when it is
 * smaller than the file.
 *
 * @module
 */
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { extname } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** Extensions never compressed: their content is compressed already (WhiteNoise's list). */
export const SKIP_COMPRESS_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg', '.jpeg', '.png', '.gif', '.webp', '.avif', '.heic', '.zip', '.gz', '.tgz', '.bz2', '.tbz', '.xz', '.br', '.zst',
  '.swf', '.flv', '.woff', '.woff2', '.3gp', '.3gpp', '.asf', '.avi', '.m4v', '.mov', '.mp4', '.mpeg', '.mpg', '.webm',
  '.wmv', '.mp3', '.ogg', '.m4a', '.aac', '.flac', '.pdf', '.7z', '.rar', '.jar',
])

/** Whether `name` is worth compressing (by extension). */
export function isCompressible(name: string): boolean {
  return !SKIP_COMPRESS_EXTENSIONS.has(extname(name).toLowerCase())
}

/** What {@link compressFile} did for each encoding. */
export interface CompressResult {
  /** Written now. */
  readonly written: string[]
  /** Present and newer than the file already. */
  readonly current: string[]
}

const ENCODERS = [
  { suffix: '.gz', encode: (data: Buffer) => gzipSync(data, { level: 9 }) },
  { suffix: '.br', encode: (data: Buffer) => brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }) },
] as const

function mtimeOf(path: string): number | null {
  try {
    return statSync(path).mtimeMs
  } catch {
    return null
  }
}

/**
 * Writes `<path>.gz` (gzip level 9) and `<path>.br` (brotli quality 11) when they are missing or
 * older than the file, and only when smaller than the file (a stale larger copy is removed). Each
 * copy gets the file's mtime, so its `Last-Modified` matches.
 *
 * @param path - an absolute file path.
 * @returns the suffixes written and those already current.
 */
export function compressFile(path: string): CompressResult {
  const written: string[] = []
  const current: string[] = []
  const source = statSync(path)
  let data: Buffer | null = null
  for (const { suffix, encode } of ENCODERS) {
    const existing = mtimeOf(path + suffix)
    // Copies carry the file's mtime, rounded by utimes to about a millisecond.
    if (existing !== null && existing >= source.mtimeMs - 1) {
      current.push(suffix)
      continue
    }
    data ??= readFileSync(path)
    const compressed = encode(data)
    if (compressed.length < data.length) {
      writeFileSync(path + suffix, compressed)
      utimesSync(path + suffix, source.atime, source.mtime)
      written.push(suffix)
    } else if (existing !== null) {
      rmSync(path + suffix, { force: true })
    }
  }
  return { written, current }
}

/**
 * The work of `collectstatic` (Django's `collectstatic.Command.collect`): copy every file the finders
 * list into `STATIC_ROOT` (the first of each path wins; files not modified since the last run are
 * skipped), then post-process them with {@link ManifestStaticFilesStorage} (hashed copies, CSS
 * references, `staticfiles.json`) and write precompressed `.gz` / `.br` copies.
 *
 * @module
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { ImproperlyConfigured, settings } from 'tango/core'
import { compressFile, isCompressible } from './compress.ts'
import { getFinders } from './finders.ts'
import { ProgressBar } from './progress.ts'
import type { OutputStream } from './progress.ts'
import { clearManifestCache, ManifestStaticFilesStorage } from './storage.ts'
import { DEFAULT_IGNORE_PATTERNS } from './utils.ts'

/** What {@link collectStatic} takes. */
export interface CollectOptions {
  /** Delete everything in `STATIC_ROOT` first (`--clear`). */
  readonly clear?: boolean
  /** Print what would be done, change nothing (`--dry-run`). */
  readonly dryRun?: boolean
  /** Skip hashing, the manifest and compression (`--no-post-process`). */
  readonly postProcess?: boolean
  /** Extra glob patterns of files and folders to skip (`--ignore`). */
  readonly ignorePatterns?: readonly string[]
  /** Also skip Django's defaults `CVS`, `.*`, `*~` (default `true`; `--no-default-ignore` is `false`). */
  readonly useDefaultIgnorePatterns?: boolean
  /** Write `.gz` / `.br` copies (default `true`). */
  readonly compress?: boolean
  /** 0 quiet, 1 normal, 2 every file (Django's `--verbosity`). Default 1. */
  readonly verbosity?: number
  /** Where messages go; default `process.stdout`. A TTY gets a progress bar. */
  readonly stdout?: OutputStream
  /** Where failures go; default `process.stderr`. */
  readonly stderr?: OutputStream
}

/** What {@link collectStatic} did. */
export interface CollectResult {
  /** `STATIC_ROOT`, absolute. */
  readonly destination: string
  /** Names copied (or that would be, with `dryRun`). */
  readonly modified: readonly string[]
  /** Names skipped because the copy was up to date. */
  readonly unmodified: readonly string[]
  /** Names whose hashed copy was written. */
  readonly postProcessed: readonly string[]
  /** Names found more than once (the first was used). */
  readonly duplicates: readonly string[]
  /** Post-processing failures; the manifest is not written when there is one. */
  readonly errors: readonly { readonly name: string; readonly error: Error }[]
  /** `.gz` / `.br` files written. */
  readonly compressed: number
  /** The summary line, Django's: `N static files copied to '...', M unmodified, K post-processed.` */
  readonly summary: string
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** Deletes the contents of `root` (Django's `clear_dir`), logging each file. */
function clearDir(root: string, dryRun: boolean, log: (message: string, level: number) => void): void {
  let entries
  try {
    entries = readdirSync(root, { withFileTypes: true, recursive: true })
  } catch {
    return
  }
  const files = entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name)).sort()
  for (const file of files) {
    const name = file.slice(root.length + 1).split(sep).join('/')
    if (dryRun) log(`Pretending to delete '${name}'`, 1)
    else {
      log(`Deleting '${name}'`, 1)
      rmSync(file, { force: true })
    }
  }
  if (!dryRun) for (const entry of readdirSync(root)) rmSync(join(root, entry), { recursive: true, force: true })
}

/**
 * Collects the static files into `STATIC_ROOT`.
 *
 * @param options - see {@link CollectOptions}.
 * @returns counts and names; see {@link CollectResult}.
 * @throws ImproperlyConfigured when `STATIC_ROOT` is not set (Django's message).
 */
export function collectStatic(options: CollectOptions = {}): CollectResult {
  if (!settings.STATIC_ROOT) {
    throw new ImproperlyConfigured("You're using the staticfiles app without having set the STATIC_ROOT setting to a filesystem path.")
  }
  const destination = resolve(settings.STATIC_ROOT)
  const verbosity = options.verbosity ?? 1
  const dryRun = options.dryRun === true
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const log = (message: string, level = 2): void => {
    if (verbosity >= level) stdout.write(`${message}\n`)
  }
  const ignore = [...(options.useDefaultIgnorePatterns === false ? [] : DEFAULT_IGNORE_PATTERNS), ...(options.ignorePatterns ?? [])]

  if (options.clear) clearDir(destination, dryRun, log)

  // Which file each path comes from: the first finder, first folder wins.
  const found = new Map<string, string>()
  const duplicates: string[] = []
  for (const finder of getFinders()) {
    for (const file of finder.list(ignore)) {
      if (found.has(file.path)) duplicates.push(file.path)
      else found.set(file.path, file.source)
    }
  }
  if (verbosity >= 1 && stdout.isTTY !== true) log(`Found ${plural(found.size, 'static file')}.`, 1)

  const modified: string[] = []
  const unmodified: string[] = []
  const copying = new ProgressBar(stdout, 'Copying', found.size)
  let done = 0
  for (const [name, source] of found) {
    copying.update(++done)
    const target = join(destination, ...name.split('/'))
    const sourceStat = statSync(source)
    let targetStat = null
    try {
      targetStat = statSync(target)
    } catch {
      // not collected yet
    }
    // Django compares modification times to the second; the size too, so a restored older file is recopied.
    if (targetStat !== null && Math.floor(targetStat.mtimeMs / 1000) >= Math.floor(sourceStat.mtimeMs / 1000) && targetStat.size === sourceStat.size) {
      unmodified.push(name)
      log(`Skipping '${name}' (not modified)`)
      continue
    }
    if (dryRun) log(`Pretending to copy '${source}'`, 1)
    else {
      log(`Copying '${source}'`)
      mkdirSync(dirname(target), { recursive: true })
      copyFileSync(source, target)
    }
    modified.push(name)
  }
  copying.done()

  const postProcessed: string[] = []
  const errors: { name: string; error: Error }[] = []
  let compressed = 0
  if (options.postProcess !== false && !dryRun) {
    const storage = new ManifestStaticFilesStorage(destination)
    const names = [...found.keys()]
    for (const result of storage.postProcess(names)) {
      if (result.error !== undefined) {
        errors.push({ name: result.name, error: result.error })
        stderr.write(`Post-processing '${result.name}' failed!\n  ${result.error.message}\n`)
        continue
      }
      if (result.processed) {
        log(`Post-processed '${result.name}' as '${result.hashedName}'`)
        postProcessed.push(result.name)
      }
    }
    if (errors.length === 0) {
      storage.saveManifest()
      clearManifestCache()
      if (options.compress !== false) {
        const targets = [...new Set([...names, ...Object.values(storage.hashedFiles)])].filter(isCompressible)
        const compressing = new ProgressBar(stdout, 'Compressing', targets.length)
        let n = 0
        for (const name of targets) {
          compressing.update(++n)
          const written = compressFile(storage.path(name)).written
          for (const suffix of written) log(`Compressed '${name}' as '${name}${suffix}'`)
          compressed += written.length
        }
        compressing.done()
      }
    }
  }

  for (const name of new Set(duplicates)) {
    if (verbosity >= 1) {
      stderr.write(`Found another file with the destination path '${name}'. It will be ignored since only the first encountered file is collected. If this is not what you want, make sure every static file has a unique path.\n`)
    }
  }
  const summary = `${plural(modified.length, 'static file')} copied to '${destination}'` +
    (unmodified.length > 0 ? `, ${unmodified.length} unmodified` : '') +
    (postProcessed.length > 0 ? `, ${postProcessed.length} post-processed` : '') + '.'
  return { destination, modified, unmodified, postProcessed, duplicates: [...new Set(duplicates)], errors, compressed, summary }
}

/**
 * {@link FileSystemStorage}: files in a folder on the local disk, as Django's
 * `django.core.files.storage.FileSystemStorage`.
 *
 * @module
 */
import { createReadStream } from 'node:fs'
import { mkdir, open, readdir, readFile, rm, rmdir, stat, unlink } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { dirname, posix, relative, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { ImproperlyConfigured } from '../core/errors.ts'
import { settings } from '../core/settings.ts'
import { getRandomString } from '../core/signing.ts'
import { SuspiciousFileOperation } from './errors.ts'
import { getValidFilename, safeJoin, validateFileName } from './names.ts'
import type { FileContent, Storage } from './storage.ts'

/** What {@link FileSystemStorage} takes; each option defaults to a setting read at the time of use. */
export interface FileSystemStorageOptions {
  /** The folder; default `MEDIA_ROOT`. */
  readonly location?: string
  /** The URL prefix; default `MEDIA_URL`. Must end with `/`. */
  readonly baseUrl?: string
  /** Mode of new files (Django's `FILE_UPLOAD_PERMISSIONS`), default `0o644`. */
  readonly fileMode?: number
  /** Mode of new folders (Django's `FILE_UPLOAD_DIRECTORY_PERMISSIONS`), default `0o755`. */
  readonly directoryMode?: number
}

/** Python's `quote(path, safe="/~!*()'")`, Django's `filepath_to_uri`. */
function filepathToUri(name: string): string {
  return encodeURIComponent(name.replace(/\\/g, '/')).replace(/%2F/g, '/')
}

/** pathlib's `PurePath(name).suffixes` joined: `.tar.gz` for `backup.tar.gz`, `''` for `.bashrc`. */
function suffixes(fileName: string): string {
  if (fileName.endsWith('.')) return ''
  const parts = fileName.replace(/^\.+/, '').split('.').slice(1)
  return parts.length === 0 ? '' : `.${parts.join('.')}`
}

/**
 * Stores files under a folder (default `MEDIA_ROOT`) and serves them under a URL (default `MEDIA_URL`).
 * Names never leave the folder: absolute names, `..` segments and NUL bytes throw
 * {@link SuspiciousFileOperation}; the file part of a saved name goes through `getValidFilename`;
 * a taken name gets `_<7 random characters>` before its extension (`cv_a1B2c3D.pdf`), as Django.
 * Files are created exclusively (`O_EXCL`), so two concurrent saves of one name never overwrite each other.
 *
 * @example
 * ```ts
 * const storage = new FileSystemStorage({ location: '/srv/uploads', baseUrl: '/uploads/' })
 * const name = await storage.save('avatars/alice.png', bytes) // 'avatars/alice.png' or 'avatars/alice_Xk3p9Qz.png'
 * storage.url(name) // '/uploads/avatars/alice.png'
 * ```
 */
export class FileSystemStorage implements Storage {
  readonly #location: string | undefined
  readonly #baseUrl: string | undefined
  readonly #fileMode: number
  readonly #directoryMode: number

  /** @param options - folder, URL prefix and modes; see {@link FileSystemStorageOptions}. */
  constructor(options: FileSystemStorageOptions = {}) {
    this.#location = options.location
    this.#baseUrl = options.baseUrl
    this.#fileMode = options.fileMode ?? 0o644
    this.#directoryMode = options.directoryMode ?? 0o755
  }

  /**
   * The absolute folder.
   * @throws {@link ImproperlyConfigured} when no location was given and `MEDIA_ROOT` is not set.
   */
  get location(): string {
    const location = this.#location ?? settings.MEDIA_ROOT
    if (location === null || location === '') {
      throw new ImproperlyConfigured('MEDIA_ROOT is not set: set it to the folder uploaded files are kept in.')
    }
    return resolve(location)
  }

  /** The URL prefix, ending with `/`. @throws {@link ImproperlyConfigured} when it does not. */
  get baseUrl(): string {
    const base = this.#baseUrl ?? settings.MEDIA_URL
    if (!base.endsWith('/')) throw new ImproperlyConfigured(`MEDIA_URL (or the storage's baseUrl) must end with a slash: '${base}'.`)
    return base
  }

  /** @inheritDoc */
  path(name: string): string {
    return safeJoin(this.location, name)
  }

  /** @inheritDoc */
  url(name: string): string {
    return this.baseUrl + filepathToUri(validateFileName(name)).replace(/^\/+/, '')
  }

  /** @inheritDoc */
  async exists(name: string): Promise<boolean> {
    try {
      await stat(this.path(name))
      return true
    } catch (error) {
      if (error instanceof SuspiciousFileOperation) throw error
      return false
    }
  }

  /** @inheritDoc */
  async size(name: string): Promise<number> {
    return (await stat(this.path(name))).size
  }

  /** @inheritDoc */
  async getModifiedTime(name: string): Promise<Date> {
    return (await stat(this.path(name))).mtime
  }

  /** @inheritDoc */
  async open(name: string): Promise<Readable> {
    const path = this.path(name)
    const handle = await open(path, 'r')
    return createReadStream(path, { fd: handle.fd, autoClose: true })
  }

  /** @inheritDoc */
  async read(name: string): Promise<Buffer> {
    return readFile(this.path(name))
  }

  /** @inheritDoc */
  async delete(name: string): Promise<void> {
    if (name === '') throw new SuspiciousFileOperation('The name must be given to delete().')
    const path = this.path(name)
    try {
      // As Django: an (empty) folder is removed with rmdir, a file unlinked.
      if ((await stat(path)).isDirectory()) await rmdir(path)
      else await unlink(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }

  /** @inheritDoc */
  async listdir(path: string): Promise<[string[], string[]]> {
    const folder = path === '' ? this.location : this.path(path)
    const directories: string[] = []
    const files: string[] = []
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) directories.push(entry.name)
      else files.push(entry.name)
    }
    return [directories.sort(), files.sort()]
  }

  /** @inheritDoc */
  async getAvailableName(name: string, maxLength?: number): Promise<string> {
    const clean = validateFileName(name)
    const dirName = posix.dirname(clean) === '.' ? '' : posix.dirname(clean)
    const fileName = getValidFilename(posix.basename(clean))
    const ext = suffixes(fileName)
    let root = fileName.slice(0, fileName.length - ext.length)
    const join = (file: string): string => (dirName === '' ? file : `${dirName}/${file}`)
    let candidate = join(fileName)
    const alternative = (): string => join(`${root}_${getRandomString(7)}${ext}`)
    while ((await this.exists(candidate)) || (maxLength !== undefined && candidate.length > maxLength)) {
      candidate = alternative()
      if (maxLength === undefined) continue
      const truncation = candidate.length - maxLength
      if (truncation > 0) {
        root = root.slice(0, -truncation)
        if (root === '') {
          throw new SuspiciousFileOperation(`Storage can not find an available filename for '${name}'. Please make sure that the corresponding file field allows sufficient 'max_length'.`)
        }
        candidate = alternative()
      }
    }
    return candidate
  }

  /** @inheritDoc */
  async save(name: string, content: FileContent): Promise<string> {
    let candidate = await this.getAvailableName(name)
    for (;;) {
      const full = this.path(candidate)
      await mkdir(dirname(full), { recursive: true, mode: this.#directoryMode })
      let handle
      try {
        handle = await open(full, 'wx', this.#fileMode)
      } catch (error) {
        // Taken between the check and the open (a concurrent save): pick another name, as Django.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          candidate = await this.getAvailableName(candidate)
          continue
        }
        throw error
      }
      try {
        await writeContent(handle, content)
      } catch (error) {
        await handle.close()
        await rm(full, { force: true })
        throw error
      }
      await handle.close()
      return relative(this.location, full).split(sep).join('/')
    }
  }
}

async function writeContent(handle: FileHandle, content: FileContent): Promise<void> {
  if (typeof content === 'string' || content instanceof Uint8Array) {
    await handle.writeFile(content)
    return
  }
  for await (const chunk of content) await handle.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
}

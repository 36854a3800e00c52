/**
 * The {@link Storage} interface: where uploaded (and generated) files live, as Django's
 * `django.core.files.storage.Storage`. A `FileField` stores the name `save()` returns and asks the
 * storage for its URL.
 *
 * @module
 */
import type { Readable } from 'node:stream'

/** What {@link Storage.save} accepts: bytes, text (written as UTF-8), or a stream of bytes (an upload). */
export type FileContent = string | Uint8Array | AsyncIterable<Uint8Array | string>

/**
 * A file store. Names are relative, `/`-separated (`avatars/alice.png`); every method refuses a name
 * that would leave the store with `SuspiciousFileOperation`.
 */
export interface Storage {
  /**
   * Stores `content` under `name`, or under a free variant of it (see {@link Storage.getAvailableName}).
   * @returns the name actually used: keep it, not the one you asked for.
   */
  save(name: string, content: FileContent): Promise<string>
  /** A readable stream of the file's bytes. Rejects (`ENOENT`) when it does not exist. */
  open(name: string): Promise<Readable>
  /** The whole file. Rejects (`ENOENT`) when it does not exist. */
  read(name: string): Promise<Buffer>
  /** Deletes the file; a missing file is not an error (as Django). */
  delete(name: string): Promise<void>
  /** Whether a file or folder of that name exists. */
  exists(name: string): Promise<boolean>
  /** Size in bytes. */
  size(name: string): Promise<number>
  /** The URL the file is served at, e.g. `/media/avatars/alice.png`. */
  url(name: string): string
  /** The absolute filesystem path (only storages on the local disk have one). */
  path(name: string): string
  /** The folders and files directly in `path` (`''` is the root), each sorted: `[directories, files]`. */
  listdir(path: string): Promise<[string[], string[]]>
  /** When the file was last changed. */
  getModifiedTime(name: string): Promise<Date>
  /**
   * A name, derived from `name`, that is free in this store: the file part made safe, then
   * `_<7 random characters>` inserted before the extension while the name is taken.
   * @param maxLength - the longest name allowed (a `FileField`'s `max_length`); the root is
   *   truncated to fit.
   */
  getAvailableName(name: string, maxLength?: number): Promise<string>
}

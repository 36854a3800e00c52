/**
 * {@link defaultStorage}: the project's storage for uploads, on `MEDIA_ROOT` and `MEDIA_URL` (as
 * Django's `default_storage`).
 *
 * @module
 */
import { FileSystemStorage } from './filesystem.ts'

/**
 * A {@link FileSystemStorage} that reads `MEDIA_ROOT` and `MEDIA_URL` each time it is used, so it
 * follows `configure()` (and tests that change settings). Methods throw `ImproperlyConfigured` while
 * `MEDIA_ROOT` is unset.
 *
 * @example
 * ```ts
 * import { defaultStorage } from 'tango/files'
 * const name = await defaultStorage.save('avatars/alice.png', upload)
 * ```
 */
export const defaultStorage: FileSystemStorage = new FileSystemStorage()

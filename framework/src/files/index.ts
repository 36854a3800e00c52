/**
 * `tango/files`: where uploaded files are stored, as Django's `django.core.files.storage`: the
 * {@link Storage} interface, {@link FileSystemStorage} and {@link defaultStorage} (on `MEDIA_ROOT`,
 * served under `MEDIA_URL`). In DEBUG, `runserver` and `serve` answer `MEDIA_URL` from `MEDIA_ROOT`;
 * in production the proxy serves it (see docs/static-files.md).
 *
 * @module
 * @example
 * ```ts
 * import { defaultStorage, clientFilename } from 'tango/files'
 * const name = await defaultStorage.save(`avatars/${clientFilename(upload.filename)}`, upload.content)
 * const href = defaultStorage.url(name)
 * ```
 */
export type { FileContent, Storage } from './storage.ts'
export { FileSystemStorage } from './filesystem.ts'
export type { FileSystemStorageOptions } from './filesystem.ts'
export { defaultStorage } from './default-storage.ts'
export { SuspiciousFileOperation } from './errors.ts'
export { clientFilename, getValidFilename, safeJoin, validateFileName } from './names.ts'

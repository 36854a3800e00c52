/**
 * `tango/contrib/staticfiles`: collecting static files for production, as Django's
 * `django.contrib.staticfiles` with `ManifestStaticFilesStorage`: finders, `findstatic`,
 * `collectstatic` (content-hashed names, the `staticfiles.json` manifest, CSS references rewritten,
 * `.gz`/`.br` copies), and hashed URLs from `static()` / `{% static %}` when `DEBUG` is off.
 * See docs/static-files.md.
 *
 * @module
 * @example
 * ```ts
 * import staticfiles from 'tango/contrib/staticfiles'
 * export default defineSettings({ INSTALLED_APPS: [staticfiles, ...], STATIC_ROOT: `${BASE_DIR}/staticfiles` })
 * // then: tango collectstatic --no-input
 * ```
 */
export { default, default as staticfilesApp } from './app.ts'
export { find, getFinders, searchedLocations, FileSystemFinder, AppDirectoriesFinder } from './finders.ts'
export type { FoundFile, StaticFinder } from './finders.ts'
export { ManifestStaticFilesStorage, manifestStaticUrl, clearManifestCache, MAX_POST_PROCESS_PASSES } from './storage.ts'
export type { PostProcessResult } from './storage.ts'
export { collectStatic } from './collect.ts'
export type { CollectOptions, CollectResult } from './collect.ts'
export type { OutputStream } from './progress.ts'
export { fileHash, hashedName } from './hashing.ts'
export { MANIFEST_NAME, MANIFEST_VERSION, readManifest, serializeManifest, manifestHash } from './manifest.ts'
export type { Manifest } from './manifest.ts'
export { rewriteReferences, isAdjustable } from './css.ts'
export { compressFile, isCompressible, SKIP_COMPRESS_EXTENSIONS } from './compress.ts'
export type { CompressResult } from './compress.ts'
export { MissingManifestEntry, PostProcessError } from './errors.ts'
export { collectstatic } from './commands/collectstatic.ts'
export { findstatic } from './commands/findstatic.ts'

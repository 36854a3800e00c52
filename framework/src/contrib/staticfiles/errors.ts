/**
 * Errors of the staticfiles app.
 *
 * @module
 */
import { TangoError } from 'tango/core'

/**
 * `static()` (or `{% static %}`) was asked for a file the manifest does not list, with `DEBUG` off
 * (Django's `ValueError: Missing staticfiles manifest entry for '...'`, `manifest_strict`).
 * Code `E_STATIC_MANIFEST_ENTRY`. Run `collectstatic`, or fix the file name.
 */
export class MissingManifestEntry extends TangoError {
  /** The file asked for, e.g. `news/site.css`. */
  readonly file: string

  /** @param file - the name asked for; @param hint - what to do about it. */
  constructor(file: string, hint: string) {
    super('E_STATIC_MANIFEST_ENTRY', `Missing staticfiles manifest entry for '${file}'. ${hint}`)
    this.file = file
  }
}

/**
 * Post-processing could not hash a file or a file it references (Django's `ValueError: The file '...'
 * could not be found`). Code `E_STATIC_POST_PROCESS`; `collectstatic` reports it per file and exits 1.
 */
export class PostProcessError extends TangoError {
  /** @param message - names the file and the reference. */
  constructor(message: string) {
    super('E_STATIC_POST_PROCESS', message)
  }
}

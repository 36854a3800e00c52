/**
 * {@link UploadedFile}: one file from a multipart form, held in memory.
 *
 * @module
 */

/** A file sent in a `multipart/form-data` body (as Django's `InMemoryUploadedFile`). */
export interface UploadedFile {
  /** The form field's name. */
  readonly name: string
  /** The file name the client gave, path stripped; may be empty. Never trust it as a path on disk. */
  readonly filename: string
  /** The part's `Content-Type` as sent, e.g. `image/png`; `application/octet-stream` when absent. */
  readonly contentType: string
  /** Size in bytes. */
  readonly size: number
  /** The bytes. */
  readonly content: Buffer
}

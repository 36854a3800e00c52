/**
 * The root of Tango's error hierarchy: every error the framework throws on purpose carries a stable
 * `code` (documented in `docs/errors.md`), so callers and logs can match on it instead of on text.
 *
 * @module
 */

/** Any error Tango throws deliberately. `code` is stable across releases, e.g. `E_IMPROPERLY_CONFIGURED`. */
export class TangoError extends Error {
  /** A stable identifier such as `E_BAD_REQUEST_BODY`. */
  readonly code: string

  /**
   * @param code - the stable code for this failure.
   * @param message - a sentence a developer can act on.
   * @param options - `cause`, as for `Error`.
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
    this.code = code
  }
}

/**
 * Settings or project layout are wrong (as Django's `ImproperlyConfigured`). Thrown at start-up with a
 * message that names the setting at fault.
 */
export class ImproperlyConfigured extends TangoError {
  /** @param message - names the setting and what is wrong with it. */
  constructor(message: string, options?: ErrorOptions) {
    super('E_IMPROPERLY_CONFIGURED', message, options)
  }
}

/**
 * The default middleware stack, the list `startproject` writes into `settings.MIDDLEWARE`.
 *
 * @module
 */
import type { Middleware } from '../handler/types.ts'
import { CommonMiddleware } from './common.ts'
import { ConditionalGetMiddleware } from './conditional-get.ts'
import { GZipMiddleware } from './gzip.ts'
import { RequestLoggingMiddleware } from './request-logging.ts'
import { SecurityMiddleware } from './security.ts'
import { XFrameOptionsMiddleware } from './x-frame-options.ts'

/**
 * Tango's default middleware, outermost first (`docs/middleware.md` explains each position):
 *
 * 1. `RequestLoggingMiddleware`: outermost, so it logs the final status and the whole time,
 *    redirects and 400s from the layers below included.
 * 2. `SecurityMiddleware`: rejects bad hosts and redirects to HTTPS before any work is done;
 *    its headers go on every response, error pages included (as first in Django's list).
 * 3. `GZipMiddleware`: before anything that reads or changes the body on the way out, so it
 *    compresses the final body (Django's documented position).
 * 4. `ConditionalGetMiddleware`: inside GZip, so the ETag is the hash of the uncompressed body
 *    (GZip then weakens it), and a 304 has no body left to compress.
 * 5. `CommonMiddleware`: `APPEND_SLASH`, deciding on the router's 404; sessions, CSRF and auth
 *    middleware go after it, as in Django.
 * 6. `XFrameOptionsMiddleware`: innermost of the defaults, as in Django's list.
 */
export const DEFAULT_MIDDLEWARE: readonly Middleware[] = Object.freeze([
  RequestLoggingMiddleware,
  SecurityMiddleware,
  GZipMiddleware,
  ConditionalGetMiddleware,
  CommonMiddleware,
  XFrameOptionsMiddleware,
])

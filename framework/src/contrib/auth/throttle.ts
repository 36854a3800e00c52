/**
 * Login throttling (beyond Django): after `limit` failed logins for one username, or from one client
 * address, within `windowSeconds`, further attempts are refused until the oldest counted failure
 * leaves the window. Counts live in this process's memory: several server processes each count
 * their own, and a restart forgets them (a shared store waits for the cache framework).
 *
 * @module
 */

import { settings } from 'tango/core'

/** Failed logins allowed per key within the window when neither options nor settings say (5). */
export const LOGIN_THROTTLE_LIMIT = 5
/** The window, in seconds, when neither options nor settings say (15 minutes). */
export const LOGIN_THROTTLE_WINDOW = 15 * 60

/** Options of {@link LoginThrottle}. */
export interface LoginThrottleOptions {
  /** Failures allowed per key within the window; default `settings.LOGIN_THROTTLE_LIMIT`, read at each check. */
  readonly limit?: number
  /** Window length in seconds; default `settings.LOGIN_THROTTLE_WINDOW`, read at each check. */
  readonly windowSeconds?: number
  /** Clock in milliseconds (tests move it); default `Date.now`. */
  readonly now?: () => number
}

/**
 * Counts failed logins per key (`user:<username>`, `addr:<client address>`; see {@link throttleKeys})
 * in a sliding window.
 */
export class LoginThrottle {
  readonly #limit: number | undefined
  readonly #windowSeconds: number | undefined
  readonly #now: () => number
  readonly #failures = new Map<string, number[]>()

  constructor(options: LoginThrottleOptions = {}) {
    this.#limit = options.limit
    this.#windowSeconds = options.windowSeconds
    this.#now = options.now ?? Date.now
  }

  /** Failures allowed per key within the window (the option, else the setting, else 5). */
  get limit(): number {
    return this.#limit ?? settings.LOGIN_THROTTLE_LIMIT ?? LOGIN_THROTTLE_LIMIT
  }

  /** The window in seconds (the option, else the setting, else 900). */
  get windowSeconds(): number {
    return this.#windowSeconds ?? settings.LOGIN_THROTTLE_WINDOW ?? LOGIN_THROTTLE_WINDOW
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.windowSeconds * 1000
    const list = (this.#failures.get(key) ?? []).filter((t) => t > since)
    if (list.length === 0) this.#failures.delete(key)
    else this.#failures.set(key, list)
    return list
  }

  /**
   * Seconds until an attempt for any of `keys` is allowed again (at least 1), or `null` when none is
   * blocked now.
   */
  retryAfter(keys: readonly string[]): number | null {
    let wait = 0
    for (const key of keys) {
      const list = this.#recent(key)
      if (list.length < this.limit) continue
      // The attempt is allowed again once enough failures have aged out of the window.
      const freeAt = list[list.length - this.limit]! + this.windowSeconds * 1000
      wait = Math.max(wait, Math.ceil((freeAt - this.#now()) / 1000))
    }
    return wait > 0 ? wait : null
  }

  /** Records one failed login for each of `keys`. */
  fail(keys: readonly string[]): void {
    const now = this.#now()
    for (const key of keys) this.#failures.set(key, [...this.#recent(key), now])
  }

  /** Forgets the failures of `key` (a successful login resets its username's count). */
  reset(key: string): void {
    this.#failures.delete(key)
  }

  /** Forgets everything (tests). */
  clear(): void {
    this.#failures.clear()
  }
}

/** The keys of a login attempt: the username (case-folded) and the client address. */
export function throttleKeys(username: string, clientAddress: string): { readonly user: string; readonly address: string } {
  return { user: `user:${username.toLowerCase()}`, address: `addr:${clientAddress}` }
}

/** The throttle the login view uses unless given another. */
export const defaultLoginThrottle = new LoginThrottle()

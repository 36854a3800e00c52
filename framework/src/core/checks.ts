/**
 * The system check framework (as Django's `django.core.checks`): small functions that inspect the
 * project's settings and report problems as {@link CheckMessage}s with stable ids such as
 * `security.W004`. `tango check` runs the ordinary checks; `tango check --deploy` adds the ones that
 * only matter in production. Apps register their own checks with {@link registerCheck}, usually
 * from their `ready` hook.
 *
 * @module
 */
import { INSECURE_SECRET_KEY_PREFIX, settings } from './settings.ts'

/** Severity of a {@link CheckMessage}, numeric as Django's (`checks.WARNING === 30`). */
export const CheckLevel = Object.freeze({ DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40, CRITICAL: 50 })

/** One of the values of {@link CheckLevel}. */
export type CheckLevelValue = (typeof CheckLevel)[keyof typeof CheckLevel]

/** The level names `check --fail-level` accepts. */
export type CheckLevelName = keyof typeof CheckLevel

/** A problem a check found. Plain and frozen. */
export interface CheckMessage {
  /** How serious it is; ERROR and above make `tango check` exit 1. */
  readonly level: CheckLevelValue
  /** A stable id, `<tag>.<letter><number>`: `security.W004`, `urls.E010`. */
  readonly id: string
  /** What is wrong, one or two sentences. */
  readonly msg: string
  /** How to fix it, or `null`. */
  readonly hint: string | null
  /** What the message is about (an app label, a setting name), or `null` for the project ("?" in output). */
  readonly obj: string | null
}

/** A check: reads settings (or anything else) and returns the problems it found. */
export type CheckFunction = () => readonly CheckMessage[] | Promise<readonly CheckMessage[]>

/** How a check is registered. */
export interface CheckOptions {
  /** Tags to select it by (`tango check --tag security`). Default: none. */
  readonly tags?: readonly string[]
  /** Run only with `--deploy` (Django's `deploy=True`). Default `false`. */
  readonly deploy?: boolean
}

/** What {@link runChecks} takes. */
export interface RunChecksOptions {
  /** Include deployment checks. Default `false`. */
  readonly deploy?: boolean
  /** Only checks carrying one of these tags; empty or absent means all. */
  readonly tags?: readonly string[]
  /** Ids to drop from the result (Django's `SILENCED_SYSTEM_CHECKS`). */
  readonly silenced?: readonly string[]
}

interface Registered {
  readonly fn: CheckFunction
  readonly tags: readonly string[]
  readonly deploy: boolean
}

const registry: Registered[] = []

/**
 * Builds a {@link CheckMessage}.
 *
 * @param level - a {@link CheckLevel} value.
 * @param msg - what is wrong.
 * @param options - `id` (required in practice: messages are matched on it), `hint`, `obj`.
 * @example
 * ```ts
 * checkMessage(CheckLevel.WARNING, 'NEWS_PAGE_SIZE is large.', { id: 'news.W001', hint: 'Use 50 or fewer.' })
 * ```
 */
export function checkMessage(
  level: CheckLevelValue,
  msg: string,
  options: { readonly id: string; readonly hint?: string | null; readonly obj?: string | null },
): CheckMessage {
  return Object.freeze({ level, id: options.id, msg, hint: options.hint ?? null, obj: options.obj ?? null })
}

/** True when the message is at or above `failLevel` (default ERROR), as Django's `is_serious()`. */
export function isSerious(message: CheckMessage, failLevel: CheckLevelValue = CheckLevel.ERROR): boolean {
  return message.level >= failLevel
}

/**
 * Registers a check (as Django's `@register`).
 *
 * @param fn - the check; it may be async.
 * @param options - tags and whether it only runs with `--deploy`.
 * @returns a function that unregisters it (for tests).
 */
export function registerCheck(fn: CheckFunction, options: CheckOptions = {}): () => void {
  const entry: Registered = { fn, tags: Object.freeze([...(options.tags ?? [])]), deploy: options.deploy ?? false }
  registry.push(entry)
  return () => {
    const index = registry.indexOf(entry)
    if (index !== -1) registry.splice(index, 1)
  }
}

/** Every tag some registered check carries, sorted (for `check --list-tags`). */
export function checkTags(deploy = false): string[] {
  const tags = new Set<string>()
  for (const entry of registry) if (deploy || !entry.deploy) for (const tag of entry.tags) tags.add(tag)
  return [...tags].sort()
}

/**
 * Runs the registered checks against the active settings, in registration order.
 *
 * @param options - `deploy` adds the deployment checks; `tags` narrows to checks with those tags;
 *   `silenced` drops messages by id.
 * @returns the messages found, in order; empty when all is well.
 */
export async function runChecks(options: RunChecksOptions = {}): Promise<CheckMessage[]> {
  const tags = options.tags ?? []
  const silenced = new Set(options.silenced ?? [])
  const out: CheckMessage[] = []
  for (const entry of [...registry]) {
    if (entry.deploy && options.deploy !== true) continue
    if (tags.length > 0 && !entry.tags.some((tag) => tags.includes(tag))) continue
    for (const message of await entry.fn()) if (!silenced.has(message.id)) out.push(message)
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Tango's own checks. Ids and wording follow django/core/checks/security/base.py and urls.py.

const SECRET_KEY_MIN_LENGTH = 50
const SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5

/** Django's `_check_secret_key`: long enough, varied enough and not the generated development key. */
function isWeakSecretKey(key: string): boolean {
  return key.length < SECRET_KEY_MIN_LENGTH || new Set(key).size < SECRET_KEY_MIN_UNIQUE_CHARACTERS || key.startsWith(INSECURE_SECRET_KEY_PREFIX)
}

function weakKeyMessage(setting: string): string {
  return `Your ${setting} has less than ${SECRET_KEY_MIN_LENGTH} characters, less than ${SECRET_KEY_MIN_UNIQUE_CHARACTERS} unique characters, ` +
    `or it's prefixed with '${INSECURE_SECRET_KEY_PREFIX}' indicating that it was generated automatically by Tango. ` +
    "Please generate a long and random value, otherwise many of Tango's security-critical features will be vulnerable to attack."
}

const W = CheckLevel.WARNING

function securityChecks(): CheckMessage[] {
  const out: CheckMessage[] = []
  if (settings.SECURE_HSTS_SECONDS === 0) {
    out.push(checkMessage(W, 'You have not set a value for the SECURE_HSTS_SECONDS setting. If your entire site is served only over SSL, ' +
      'you may want to consider setting a value and enabling HTTP Strict Transport Security. Be sure to read the documentation first; ' +
      'enabling HSTS carelessly can cause serious, irreversible problems.', { id: 'security.W004' }))
  } else {
    if (!settings.SECURE_HSTS_INCLUDE_SUBDOMAINS) {
      out.push(checkMessage(W, 'You have not set the SECURE_HSTS_INCLUDE_SUBDOMAINS setting to true. Without this, your site is ' +
        'potentially vulnerable to attack via an insecure connection to a subdomain. Only set this to true if you are certain that ' +
        'all subdomains of your domain should be served exclusively via SSL.', { id: 'security.W005' }))
    }
  }
  if (!settings.SECURE_SSL_REDIRECT) {
    out.push(checkMessage(W, 'Your SECURE_SSL_REDIRECT setting is not set to true. Unless your site should be available over both SSL and ' +
      'non-SSL connections, you may want to either set this setting to true or configure a load balancer or reverse-proxy server ' +
      'to redirect all connections to HTTPS.', { id: 'security.W008' }))
  }
  if (isWeakSecretKey(settings.SECRET_KEY)) {
    out.push(checkMessage(W, weakKeyMessage('SECRET_KEY'), { id: 'security.W009', hint: 'Set SECRET_KEY in the environment of the production server.' }))
  }
  settings.SECRET_KEY_FALLBACKS.forEach((key, index) => {
    if (isWeakSecretKey(key)) out.push(checkMessage(W, weakKeyMessage(`SECRET_KEY_FALLBACKS[${index}]`), { id: 'security.W025' }))
  })
  if (!settings.SESSION_COOKIE_SECURE) {
    out.push(checkMessage(W, 'You have not set SESSION_COOKIE_SECURE to true. Using a secure-only session cookie makes it more difficult ' +
      'for network traffic sniffers to hijack user sessions.', { id: 'security.W012' }))
  }
  if (!settings.CSRF_COOKIE_SECURE) {
    out.push(checkMessage(W, 'You have not set CSRF_COOKIE_SECURE to true. Using a secure-only CSRF cookie makes it more difficult for ' +
      'network traffic sniffers to steal the CSRF token.', { id: 'security.W016' }))
  }
  if (settings.DEBUG) {
    out.push(checkMessage(W, 'You should not have DEBUG set to true in deployment.', { id: 'security.W018' }))
  }
  if (settings.ALLOWED_HOSTS.length === 0) {
    out.push(checkMessage(W, 'ALLOWED_HOSTS must not be empty in deployment.', { id: 'security.W020' }))
  }
  if (settings.SECURE_REFERRER_POLICY === null) {
    out.push(checkMessage(W, 'You have not set the SECURE_REFERRER_POLICY setting. Without this, your site will not send a Referrer-Policy header. ' +
      'You should consider enabling this header to protect user privacy.', { id: 'security.W022' }))
  }
  return out
}

async function urlChecks(): Promise<CheckMessage[]> {
  const out: CheckMessage[] = []
  if (!settings.STATIC_URL.endsWith('/')) {
    out.push(checkMessage(CheckLevel.ERROR, 'The STATIC_URL setting must end with a slash.', { id: 'urls.E006' }))
  }
  const load = settings.ROOT_URLCONF
  if (load === null) {
    out.push(checkMessage(CheckLevel.ERROR, 'The ROOT_URLCONF setting is not set, so no URL can be resolved.', {
      id: 'urls.E010',
      hint: "Set ROOT_URLCONF: () => import('./urls.ts') in settings.ts.",
    }))
    return out
  }
  let conf: unknown
  try {
    conf = await load()
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return [...out, checkMessage(CheckLevel.ERROR, `The ROOT_URLCONF module could not be imported: ${reason}`, { id: 'urls.E011' })]
  }
  const patterns = typeof conf === 'object' && conf !== null ? (conf as { urlpatterns?: unknown }).urlpatterns : undefined
  if (!Array.isArray(patterns)) {
    out.push(checkMessage(CheckLevel.ERROR, 'The ROOT_URLCONF module does not export a urlpatterns array.', {
      id: 'urls.E012',
      hint: 'export const urlpatterns = [path(...), ...]',
    }))
  }
  return out
}

registerCheck(urlChecks, { tags: ['urls'] })
registerCheck(securityChecks, { tags: ['security'], deploy: true })

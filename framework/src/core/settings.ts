/**
 * Settings: one typed object per project, written in `settings.ts` with {@link defineSettings} and
 * installed with {@link configure}. Names and defaults follow Django's `global_settings`.
 *
 * Environment variables override the file for the values that differ per machine: `DEBUG`,
 * `SECRET_KEY`, `ALLOWED_HOSTS` (comma-separated), `DATABASE_URL` and `PORT`.
 *
 * @module
 */
import type { AppConfig } from './apps.ts'
import { apps } from './apps.ts'
import { ImproperlyConfigured } from './errors.ts'

/**
 * A middleware factory, as Django's middleware: called once with the next handler, it returns the
 * handler that wraps it. The returned function may carry `processView` and `processException` hooks.
 * The concrete types live in `tango/handler`; settings only need to hold the values.
 */
export type MiddlewareFactory = (getResponse: never) => unknown

/** What a project's URL configuration module exports (see `tango/urls`). */
export interface UrlConf {
  readonly urlpatterns: readonly unknown[]
  readonly handler404?: unknown
  readonly handler500?: unknown
}

/** The `TEMPLATES` setting: one nunjucks engine. */
export interface TemplatesSetting {
  /** Project template folders, searched before app folders (absolute paths). */
  readonly DIRS: readonly string[]
  /** Search each installed app's `templates/` folder too (default `true`). */
  readonly APP_DIRS: boolean
}

/** One entry of `DATABASES`. */
export interface DatabaseSetting {
  /** `sqlite:///relative/to/BASE_DIR.sqlite3`, `sqlite:////absolute.sqlite3`, `sqlite::memory:` or `postgres://user:pass@host:port/name`. */
  readonly URL: string
  /** Backend options: for SQLite `busyTimeout` (ms); for PostgreSQL `max` (pool size) and anything `pg.Pool` takes. */
  readonly OPTIONS?: Readonly<Record<string, unknown>>
}

/** One entry of `CACHES` (Django's `CACHES` entries; see `tango/cache`). */
export interface CacheSetting {
  /** `locmem` (per process), `database`, `file`, `redis` or `dummy`. */
  readonly BACKEND: 'locmem' | 'database' | 'file' | 'redis' | 'dummy'
  /** Backend-specific: the locmem instance name, the cache table, the folder, or the Redis URL. */
  readonly LOCATION?: string
  /** Default timeout in seconds (Django: 300); `null` keeps entries until evicted. */
  readonly TIMEOUT?: number | null
  /** Prefix of every key of this cache. */
  readonly KEY_PREFIX?: string
  /** Default version of keys (Django: 1). */
  readonly VERSION?: number
  /** Backend options, e.g. `MAX_ENTRIES` and `CULL_FREQUENCY` (Django's names). */
  readonly OPTIONS?: Readonly<Record<string, unknown>>
}

/**
 * Every setting Tango reads. Projects may add their own by declaration merging:
 * `declare module 'tango/core' { interface Settings { MY_SETTING: string } }`.
 */
export interface Settings {
  /** Absolute path of the project's folder. Default: the current directory. */
  BASE_DIR: string
  /** Debug pages and reloading; never on in production. Default `false`. Env: `DEBUG`. */
  DEBUG: boolean
  /** Signs cookies and tokens; must be long, random and secret. Env: `SECRET_KEY`. */
  SECRET_KEY: string
  /** Older keys still accepted when verifying signatures, so keys can rotate. */
  SECRET_KEY_FALLBACKS: readonly string[]
  /** Host names this site serves (`.example.com` matches subdomains, `*` any). Env: `ALLOWED_HOSTS`. */
  ALLOWED_HOSTS: readonly string[]
  /** Installed apps, as imported values, in order. */
  INSTALLED_APPS: readonly AppConfig[]
  /** Middleware factories, outermost first. */
  MIDDLEWARE: readonly MiddlewareFactory[]
  /** Loads the root URL configuration module, e.g. `() => import('./urls.ts')`. */
  ROOT_URLCONF: (() => Promise<UrlConf>) | null
  /** The template engine. */
  TEMPLATES: TemplatesSetting
  /** Redirect `/foo` to `/foo/` when only the latter matches (Django's default: `true`). */
  APPEND_SLASH: boolean
  /** Largest request body read into memory, in bytes (Django: 2.5 MB = 2,621,440). Larger gets 413. */
  DATA_UPLOAD_MAX_MEMORY_SIZE: number | null
  /** Most form fields in one request (Django: 1000). More gets 400. */
  DATA_UPLOAD_MAX_NUMBER_FIELDS: number | null
  /** Most uploaded files in one request (Django: 100). More gets 400. */
  DATA_UPLOAD_MAX_NUMBER_FILES: number | null
  /** Largest single uploaded file, in bytes (default 10 MiB). Larger gets 413. */
  FILE_UPLOAD_MAX_SIZE: number
  /** URL prefix of static files. Default `/static/`. */
  STATIC_URL: string
  /** Extra folders of static files, searched before the apps' `static/`. */
  STATICFILES_DIRS: readonly string[]
  /** Where `collectstatic` writes, and `serve` serves from when set. */
  STATIC_ROOT: string | null
  /** Addresses of reverse proxies whose `X-Forwarded-For` is believed (gunicorn's `forwarded_allow_ips`); `*` trusts all. */
  FORWARDED_ALLOW_IPS: readonly string[]
  /** A header and value that mark a request as HTTPS behind a proxy, e.g. `['x-forwarded-proto', 'https']`. */
  SECURE_PROXY_SSL_HEADER: readonly [string, string] | null
  /** Use `X-Forwarded-Host` for the host (only behind a trusted proxy). Default `false`. */
  USE_X_FORWARDED_HOST: boolean
  /** Seconds of `Strict-Transport-Security`; 0 sends none. */
  SECURE_HSTS_SECONDS: number
  SECURE_HSTS_INCLUDE_SUBDOMAINS: boolean
  SECURE_HSTS_PRELOAD: boolean
  /** Redirect plain HTTP to HTTPS. */
  SECURE_SSL_REDIRECT: boolean
  /** Host to redirect to for HTTPS; `null` keeps the request's host. */
  SECURE_SSL_HOST: string | null
  /** Path regexes (as strings, no leading slash) exempt from the SSL redirect. */
  SECURE_REDIRECT_EXEMPT: readonly string[]
  /** Send `X-Content-Type-Options: nosniff`. Default `true`. */
  SECURE_CONTENT_TYPE_NOSNIFF: boolean
  /** `Referrer-Policy`; default `same-origin`; `null` sends none. */
  SECURE_REFERRER_POLICY: string | null
  /** `Cross-Origin-Opener-Policy`; default `same-origin`; `null` sends none. */
  SECURE_CROSS_ORIGIN_OPENER_POLICY: string | null
  /** `X-Frame-Options` value. Default `DENY`. */
  X_FRAME_OPTIONS: 'DENY' | 'SAMEORIGIN'
  /** Session cookie name (Django: `sessionid`). */
  SESSION_COOKIE_NAME: string
  /** Session lifetime in seconds (Django: two weeks, 1,209,600). */
  SESSION_COOKIE_AGE: number
  SESSION_COOKIE_DOMAIN: string | null
  SESSION_COOKIE_PATH: string
  /** Keep the session cookie away from scripts. Default `true`. */
  SESSION_COOKIE_HTTPONLY: boolean
  /** `Lax` (default), `Strict`, `None`, or `null` for no attribute. */
  SESSION_COOKIE_SAMESITE: 'Lax' | 'Strict' | 'None' | null
  /** A browser-session cookie (no Max-Age) instead of SESSION_COOKIE_AGE. Default `false`. */
  SESSION_EXPIRE_AT_BROWSER_CLOSE: boolean
  /** Save the session (and refresh its expiry) on every request, not only when modified. Default `false`. */
  SESSION_SAVE_EVERY_REQUEST: boolean
  /** Where sessions live: `db` (default), `signedCookies`, `cache`, `cachedDb`. */
  SESSION_ENGINE: 'db' | 'signedCookies' | 'cache' | 'cachedDb'
  /** The `CACHES` alias the `cache` and `cachedDb` session engines use (Django's `SESSION_CACHE_ALIAS`). Default `default`. */
  SESSION_CACHE_ALIAS: string
  /** CSRF cookie name (Django: `csrftoken`). */
  CSRF_COOKIE_NAME: string
  /** CSRF cookie lifetime in seconds (Django: one year, 31,449,600). */
  CSRF_COOKIE_AGE: number
  CSRF_COOKIE_DOMAIN: string | null
  CSRF_COOKIE_PATH: string
  /** Default `false`, so JavaScript can read the token for `X-CSRFToken`. */
  CSRF_COOKIE_HTTPONLY: boolean
  CSRF_COOKIE_SAMESITE: 'Lax' | 'Strict' | 'None' | null
  /** Request header that carries the token (lower case). Default `x-csrftoken`. */
  CSRF_HEADER_NAME: string
  /** Origins (`https://example.com`, `https://*.example.com`) allowed for unsafe requests besides the host. */
  CSRF_TRUSTED_ORIGINS: readonly string[]
  /** Keep the CSRF secret in the session instead of a cookie. Default `false`. */
  CSRF_USE_SESSIONS: boolean
  /** Message storage: `fallback` (cookie, then session; default), `cookie`, `session`. */
  MESSAGE_STORAGE: 'fallback' | 'cookie' | 'session'
  /** Lowest message level recorded (Django: 20, INFO). */
  MESSAGE_LEVEL: number
  /** `console`, `file`, `locmem`, `smtp`, `dummy`; `null` means `console` with DEBUG, else `smtp`. */
  EMAIL_BACKEND: 'console' | 'file' | 'locmem' | 'smtp' | 'dummy' | null
  EMAIL_HOST: string
  EMAIL_PORT: number
  EMAIL_HOST_USER: string
  EMAIL_HOST_PASSWORD: string
  EMAIL_USE_TLS: boolean
  EMAIL_USE_SSL: boolean
  /** SMTP timeout in seconds; `null` for the library's default. */
  EMAIL_TIMEOUT: number | null
  /** Folder the `file` backend writes to. */
  EMAIL_FILE_PATH: string | null
  /** Sender of mail the site sends (Django: `webmaster@localhost`). */
  DEFAULT_FROM_EMAIL: string
  /** Sender of error mail to admins (Django: `root@localhost`). */
  SERVER_EMAIL: string
  /**
   * The user model's label (Django's `AUTH_USER_MODEL`): `'auth.User'`, or a project's model declared
   * with `defineUserModel`. Read by `getUserModel()`; while it names another model `auth.User` is
   * swapped out (no table, no manager). Set it before the first `migrate`.
   */
  AUTH_USER_MODEL: string
  /** Where `loginRequired` sends anonymous users (Django: `/accounts/login/`). */
  LOGIN_URL: string
  /** Where a login goes when no `next` is given (Django: `/accounts/profile/`). */
  LOGIN_REDIRECT_URL: string
  /** Where logout goes; `null` renders the logged-out page (Django's default). */
  LOGOUT_REDIRECT_URL: string | null
  /** Seconds a password reset link stays valid (Django's default: three days, 259,200). */
  PASSWORD_RESET_TIMEOUT: number
  /** Failed logins allowed per username and per client address within the window (beyond Django). Default 5. */
  LOGIN_THROTTLE_LIMIT: number
  /** The login throttle's window, in seconds. Default 900 (15 minutes). */
  LOGIN_THROTTLE_WINDOW: number
  /** Mark the session cookie `Secure` (checked by `check --deploy`). */
  SESSION_COOKIE_SECURE: boolean
  /** Mark the CSRF cookie `Secure` (checked by `check --deploy`). */
  CSRF_COOKIE_SECURE: boolean
  /** The default database's URL (`sqlite:///db.sqlite3`, `postgres://...`), used when `DATABASES` is null. Env: `DATABASE_URL`. */
  DATABASE_URL: string
  /** Named databases (as Django's `DATABASES`); `null` means `{ default: { URL: DATABASE_URL } }`. */
  DATABASES: Readonly<Record<string, DatabaseSetting>> | null
  /** Port `serve` and `runserver` bind by default. Env: `PORT`. Default 8000. */
  PORT: number
  /** Log one line per request (method, path, status, bytes, ms). Default `true`. */
  REQUEST_LOGGING: boolean
  /** Translate (Django's `USE_I18N`). Default `true`. */
  USE_I18N: boolean
  /** The site's default language, a language tag (Django: `en-us`). */
  LANGUAGE_CODE: string
  /** The languages the site offers, as `[code, name]` pairs. Default English and Russian (the catalogs Tango ships). */
  LANGUAGES: readonly (readonly [string, string])[]
  /** Extra folders of `<lang>/LC_MESSAGES/tango.po` catalogs, searched before the apps' `locale/`. */
  LOCALE_PATHS: readonly string[]
  /** The cookie `setLanguage` writes and `LocaleMiddleware` reads (Django: `django_language`). */
  LANGUAGE_COOKIE_NAME: string
  /** Seconds the language cookie lives; `null` for a browser-session cookie (Django's default). */
  LANGUAGE_COOKIE_AGE: number | null
  LANGUAGE_COOKIE_PATH: string
  LANGUAGE_COOKIE_DOMAIN: string | null
  LANGUAGE_COOKIE_SECURE: boolean
  LANGUAGE_COOKIE_HTTPONLY: boolean
  LANGUAGE_COOKIE_SAMESITE: 'Lax' | 'Strict' | 'None' | null
  /** Store datetimes in UTC and convert for display (Django's `USE_TZ`). Default `true`. */
  USE_TZ: boolean
  /** The default time zone for display and input, an IANA name. Default `UTC`. */
  TIME_ZONE: string
  /** The caches, by alias (Django's `CACHES`); `default` must exist. Default one `locmem` cache. */
  CACHES: Readonly<Record<string, CacheSetting>>
  /** The cache the per-site cache middleware uses. Default `default`. */
  CACHE_MIDDLEWARE_ALIAS: string
  /** Seconds the per-site cache middleware keeps a page. Default 600. */
  CACHE_MIDDLEWARE_SECONDS: number
  /** Prefix of the per-site cache middleware's keys. Default `''`. */
  CACHE_MIDDLEWARE_KEY_PREFIX: string
  /** Folder of user-uploaded files (`FileSystemStorage`); `null` until set. */
  MEDIA_ROOT: string | null
  /** URL prefix of user-uploaded files. Default `/media/`. */
  MEDIA_URL: string
}

/** What a project writes: any subset of {@link Settings}. */
export type SettingsInput = Partial<Settings>

/** The value Django's `startproject` would never ship to production; `check --deploy` flags it. */
export const INSECURE_SECRET_KEY_PREFIX = 'tango-insecure-'

/** Tango's defaults, as Django's `global_settings`. */
export function defaultSettings(): Settings {
  return {
    BASE_DIR: process.cwd(),
    DEBUG: false,
    SECRET_KEY: '',
    SECRET_KEY_FALLBACKS: [],
    ALLOWED_HOSTS: [],
    INSTALLED_APPS: [],
    MIDDLEWARE: [],
    ROOT_URLCONF: null,
    TEMPLATES: { DIRS: [], APP_DIRS: true },
    APPEND_SLASH: true,
    DATA_UPLOAD_MAX_MEMORY_SIZE: 2_621_440,
    DATA_UPLOAD_MAX_NUMBER_FIELDS: 1000,
    DATA_UPLOAD_MAX_NUMBER_FILES: 100,
    FILE_UPLOAD_MAX_SIZE: 10 * 1024 * 1024,
    STATIC_URL: '/static/',
    STATICFILES_DIRS: [],
    STATIC_ROOT: null,
    FORWARDED_ALLOW_IPS: [],
    SECURE_PROXY_SSL_HEADER: null,
    USE_X_FORWARDED_HOST: false,
    SECURE_HSTS_SECONDS: 0,
    SECURE_HSTS_INCLUDE_SUBDOMAINS: false,
    SECURE_HSTS_PRELOAD: false,
    SECURE_SSL_REDIRECT: false,
    SECURE_SSL_HOST: null,
    SECURE_REDIRECT_EXEMPT: [],
    SECURE_CONTENT_TYPE_NOSNIFF: true,
    SECURE_REFERRER_POLICY: 'same-origin',
    SECURE_CROSS_ORIGIN_OPENER_POLICY: 'same-origin',
    X_FRAME_OPTIONS: 'DENY',
    SESSION_COOKIE_NAME: 'sessionid',
    SESSION_COOKIE_AGE: 1_209_600,
    SESSION_COOKIE_DOMAIN: null,
    SESSION_COOKIE_PATH: '/',
    SESSION_COOKIE_HTTPONLY: true,
    SESSION_COOKIE_SAMESITE: 'Lax',
    SESSION_EXPIRE_AT_BROWSER_CLOSE: false,
    SESSION_SAVE_EVERY_REQUEST: false,
    SESSION_ENGINE: 'db',
    SESSION_CACHE_ALIAS: 'default',
    CSRF_COOKIE_NAME: 'csrftoken',
    CSRF_COOKIE_AGE: 31_449_600,
    CSRF_COOKIE_DOMAIN: null,
    CSRF_COOKIE_PATH: '/',
    CSRF_COOKIE_HTTPONLY: false,
    CSRF_COOKIE_SAMESITE: 'Lax',
    CSRF_HEADER_NAME: 'x-csrftoken',
    CSRF_TRUSTED_ORIGINS: [],
    CSRF_USE_SESSIONS: false,
    MESSAGE_STORAGE: 'fallback',
    MESSAGE_LEVEL: 20,
    EMAIL_BACKEND: null,
    EMAIL_HOST: 'localhost',
    EMAIL_PORT: 25,
    EMAIL_HOST_USER: '',
    EMAIL_HOST_PASSWORD: '',
    EMAIL_USE_TLS: false,
    EMAIL_USE_SSL: false,
    EMAIL_TIMEOUT: null,
    EMAIL_FILE_PATH: null,
    DEFAULT_FROM_EMAIL: 'webmaster@localhost',
    SERVER_EMAIL: 'root@localhost',
    AUTH_USER_MODEL: 'auth.User',
    LOGIN_URL: '/accounts/login/',
    LOGIN_REDIRECT_URL: '/accounts/profile/',
    LOGOUT_REDIRECT_URL: null,
    PASSWORD_RESET_TIMEOUT: 60 * 60 * 24 * 3,
    LOGIN_THROTTLE_LIMIT: 5,
    LOGIN_THROTTLE_WINDOW: 15 * 60,
    USE_I18N: true,
    LANGUAGE_CODE: 'en-us',
    LANGUAGES: [['en', 'English'], ['ru', 'Russian']],
    LOCALE_PATHS: [],
    LANGUAGE_COOKIE_NAME: 'tango_language',
    LANGUAGE_COOKIE_AGE: null,
    LANGUAGE_COOKIE_PATH: '/',
    LANGUAGE_COOKIE_DOMAIN: null,
    LANGUAGE_COOKIE_SECURE: false,
    LANGUAGE_COOKIE_HTTPONLY: false,
    LANGUAGE_COOKIE_SAMESITE: null,
    USE_TZ: true,
    TIME_ZONE: 'UTC',
    CACHES: { default: { BACKEND: 'locmem' } },
    CACHE_MIDDLEWARE_ALIAS: 'default',
    CACHE_MIDDLEWARE_SECONDS: 600,
    CACHE_MIDDLEWARE_KEY_PREFIX: '',
    MEDIA_ROOT: null,
    MEDIA_URL: '/media/',
    SESSION_COOKIE_SECURE: false,
    CSRF_COOKIE_SECURE: false,
    DATABASE_URL: 'sqlite:///db.sqlite3',
    DATABASES: null,
    PORT: 8000,
    REQUEST_LOGGING: true,
  }
}

type Kind = 'boolean' | 'string' | 'number' | 'string[]' | 'function' | 'object'

/** The expected kind of each built-in setting, to give a clear error for a wrong value. */
const KINDS: Record<keyof Settings, readonly Kind[]> = {
  BASE_DIR: ['string'],
  DEBUG: ['boolean'],
  SECRET_KEY: ['string'],
  SECRET_KEY_FALLBACKS: ['string[]'],
  ALLOWED_HOSTS: ['string[]'],
  INSTALLED_APPS: ['object'],
  MIDDLEWARE: ['object'],
  ROOT_URLCONF: ['function'],
  TEMPLATES: ['object'],
  APPEND_SLASH: ['boolean'],
  DATA_UPLOAD_MAX_MEMORY_SIZE: ['number'],
  DATA_UPLOAD_MAX_NUMBER_FIELDS: ['number'],
  DATA_UPLOAD_MAX_NUMBER_FILES: ['number'],
  FILE_UPLOAD_MAX_SIZE: ['number'],
  STATIC_URL: ['string'],
  STATICFILES_DIRS: ['string[]'],
  STATIC_ROOT: ['string'],
  FORWARDED_ALLOW_IPS: ['string[]'],
  SECURE_PROXY_SSL_HEADER: ['string[]'],
  USE_X_FORWARDED_HOST: ['boolean'],
  SECURE_HSTS_SECONDS: ['number'],
  SECURE_HSTS_INCLUDE_SUBDOMAINS: ['boolean'],
  SECURE_HSTS_PRELOAD: ['boolean'],
  SECURE_SSL_REDIRECT: ['boolean'],
  SECURE_SSL_HOST: ['string'],
  SECURE_REDIRECT_EXEMPT: ['string[]'],
  SECURE_CONTENT_TYPE_NOSNIFF: ['boolean'],
  SECURE_REFERRER_POLICY: ['string'],
  SECURE_CROSS_ORIGIN_OPENER_POLICY: ['string'],
  X_FRAME_OPTIONS: ['string'],
  SESSION_COOKIE_NAME: ['string'],
  SESSION_COOKIE_AGE: ['number'],
  SESSION_COOKIE_DOMAIN: ['string'],
  SESSION_COOKIE_PATH: ['string'],
  SESSION_COOKIE_HTTPONLY: ['boolean'],
  SESSION_COOKIE_SAMESITE: ['string'],
  SESSION_EXPIRE_AT_BROWSER_CLOSE: ['boolean'],
  SESSION_SAVE_EVERY_REQUEST: ['boolean'],
  SESSION_ENGINE: ['string'],
  SESSION_CACHE_ALIAS: ['string'],
  CSRF_COOKIE_NAME: ['string'],
  CSRF_COOKIE_AGE: ['number'],
  CSRF_COOKIE_DOMAIN: ['string'],
  CSRF_COOKIE_PATH: ['string'],
  CSRF_COOKIE_HTTPONLY: ['boolean'],
  CSRF_COOKIE_SAMESITE: ['string'],
  CSRF_HEADER_NAME: ['string'],
  CSRF_TRUSTED_ORIGINS: ['string[]'],
  CSRF_USE_SESSIONS: ['boolean'],
  MESSAGE_STORAGE: ['string'],
  MESSAGE_LEVEL: ['number'],
  EMAIL_BACKEND: ['string'],
  EMAIL_HOST: ['string'],
  EMAIL_PORT: ['number'],
  EMAIL_HOST_USER: ['string'],
  EMAIL_HOST_PASSWORD: ['string'],
  EMAIL_USE_TLS: ['boolean'],
  EMAIL_USE_SSL: ['boolean'],
  EMAIL_TIMEOUT: ['number'],
  EMAIL_FILE_PATH: ['string'],
  DEFAULT_FROM_EMAIL: ['string'],
  SERVER_EMAIL: ['string'],
  AUTH_USER_MODEL: ['string'],
  LOGIN_URL: ['string'],
  LOGIN_REDIRECT_URL: ['string'],
  LOGOUT_REDIRECT_URL: ['string'],
  PASSWORD_RESET_TIMEOUT: ['number'],
  LOGIN_THROTTLE_LIMIT: ['number'],
  LOGIN_THROTTLE_WINDOW: ['number'],
  USE_I18N: ['boolean'],
  LANGUAGE_CODE: ['string'],
  LANGUAGES: ['object'],
  LOCALE_PATHS: ['string[]'],
  LANGUAGE_COOKIE_NAME: ['string'],
  LANGUAGE_COOKIE_AGE: ['number'],
  LANGUAGE_COOKIE_PATH: ['string'],
  LANGUAGE_COOKIE_DOMAIN: ['string'],
  LANGUAGE_COOKIE_SECURE: ['boolean'],
  LANGUAGE_COOKIE_HTTPONLY: ['boolean'],
  LANGUAGE_COOKIE_SAMESITE: ['string'],
  USE_TZ: ['boolean'],
  TIME_ZONE: ['string'],
  CACHES: ['object'],
  CACHE_MIDDLEWARE_ALIAS: ['string'],
  CACHE_MIDDLEWARE_SECONDS: ['number'],
  CACHE_MIDDLEWARE_KEY_PREFIX: ['string'],
  MEDIA_ROOT: ['string'],
  MEDIA_URL: ['string'],
  SESSION_COOKIE_SECURE: ['boolean'],
  CSRF_COOKIE_SECURE: ['boolean'],
  DATABASE_URL: ['string'],
  DATABASES: ['object'],
  PORT: ['number'],
  REQUEST_LOGGING: ['boolean'],
}

/** Settings that may be `null`. */
const NULLABLE = new Set<string>([
  'ROOT_URLCONF', 'DATA_UPLOAD_MAX_MEMORY_SIZE', 'DATA_UPLOAD_MAX_NUMBER_FIELDS', 'DATA_UPLOAD_MAX_NUMBER_FILES',
  'STATIC_ROOT', 'DATABASES', 'SESSION_COOKIE_DOMAIN', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_DOMAIN', 'CSRF_COOKIE_SAMESITE',
  'EMAIL_BACKEND', 'EMAIL_TIMEOUT', 'EMAIL_FILE_PATH', 'LOGOUT_REDIRECT_URL', 'SECURE_PROXY_SSL_HEADER', 'SECURE_SSL_HOST', 'SECURE_REFERRER_POLICY', 'SECURE_CROSS_ORIGIN_OPENER_POLICY',
  'LANGUAGE_COOKIE_AGE', 'LANGUAGE_COOKIE_DOMAIN', 'LANGUAGE_COOKIE_SAMESITE', 'MEDIA_ROOT',
])

function kindOf(value: unknown): Kind {
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? 'string[]' : 'object'
  const t = typeof value
  if (t === 'boolean' || t === 'string' || t === 'number' || t === 'function') return t
  return 'object'
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** Checks one setting's value; returns a message naming the setting, or `null` when it is fine. */
function problem(name: string, value: unknown): string | null {
  if (!/^[A-Z][A-Z0-9_]*$/.test(name)) return `Setting '${name}' is not an upper-case name; settings are written like DEBUG or ALLOWED_HOSTS.`
  const kinds = (KINDS as Record<string, readonly Kind[] | undefined>)[name]
  if (kinds === undefined) return null // a project's own setting
  if (value === null && NULLABLE.has(name)) return null
  const kind = kindOf(value)
  const fits = kinds.includes(kind) || (kind === 'string[]' && kinds.includes('object'))
  if (!fits) return `Setting ${name} must be ${kinds.join(' or ')}, got ${describe(value)}.`
  if (kind === 'number' && !(Number.isFinite(value) && (value as number) >= 0)) return `Setting ${name} must be a non-negative number, got ${describe(value)}.`
  if (name === 'X_FRAME_OPTIONS' && value !== 'DENY' && value !== 'SAMEORIGIN') return `Setting X_FRAME_OPTIONS must be 'DENY' or 'SAMEORIGIN', got ${describe(value)}.`
  if (name === 'INSTALLED_APPS' && !(value as unknown[]).every((a) => typeof a === 'object' && a !== null && 'label' in a)) {
    return 'Setting INSTALLED_APPS must list apps made with defineApp(), imported as values.'
  }
  if (name === 'MIDDLEWARE' && !(value as unknown[]).every((m) => typeof m === 'function')) {
    return 'Setting MIDDLEWARE must list middleware factories (functions), imported as values.'
  }
  if (name === 'TEMPLATES') {
    const t = value as Partial<TemplatesSetting>
    if (!Array.isArray(t.DIRS) || typeof t.APP_DIRS !== 'boolean') return 'Setting TEMPLATES must be { DIRS: string[], APP_DIRS: boolean }.'
  }
  return null
}

function parseBoolean(name: string, text: string): boolean {
  const lower = text.trim().toLowerCase()
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true
  if (['0', 'false', 'no', 'off', ''].includes(lower)) return false
  throw new ImproperlyConfigured(`Environment variable ${name}=${JSON.stringify(text)} is not a boolean (use 1/0, true/false, yes/no or on/off).`)
}

/** Reads the environment overrides that apply to every project. */
function fromEnvironment(env: NodeJS.ProcessEnv): SettingsInput {
  const out: { -readonly [K in keyof Settings]?: Settings[K] } = {}
  if (env.DEBUG !== undefined) out.DEBUG = parseBoolean('DEBUG', env.DEBUG)
  if (env.SECRET_KEY) out.SECRET_KEY = env.SECRET_KEY
  if (env.ALLOWED_HOSTS !== undefined) out.ALLOWED_HOSTS = env.ALLOWED_HOSTS.split(',').map((h) => h.trim()).filter(Boolean)
  if (env.DATABASE_URL) out.DATABASE_URL = env.DATABASE_URL
  if (env.PORT !== undefined) {
    const port = Number(env.PORT)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ImproperlyConfigured(`Environment variable PORT=${JSON.stringify(env.PORT)} is not a port number (0-65535).`)
    out.PORT = port
  }
  return out
}

/**
 * Builds a project's settings: Tango's defaults, then the file's values, then the environment's
 * overrides (`DEBUG`, `SECRET_KEY`, `ALLOWED_HOSTS`, `DATABASE_URL`, `PORT`).
 *
 * @param input - the project's settings; keys are upper-case.
 * @param env - the environment to read overrides from (default `process.env`).
 * @returns the complete, frozen settings.
 * @throws {@link ImproperlyConfigured} naming the setting when a value has the wrong type.
 * @example
 * ```ts
 * export default defineSettings({ DEBUG: true, INSTALLED_APPS: [news], ROOT_URLCONF: () => import('./urls.ts') })
 * ```
 */
export function defineSettings(input: SettingsInput, env: NodeJS.ProcessEnv = process.env): Settings {
  if (typeof input !== 'object' || input === null) throw new ImproperlyConfigured('defineSettings() takes an object of settings.')
  for (const [name, value] of Object.entries(input)) {
    const message = problem(name, value)
    if (message !== null) throw new ImproperlyConfigured(message)
  }
  const merged = { ...defaultSettings(), ...input, ...fromEnvironment(env) }
  if (merged.TEMPLATES !== input.TEMPLATES) merged.TEMPLATES = { ...defaultSettings().TEMPLATES, ...merged.TEMPLATES }
  return Object.freeze(merged)
}

/**
 * The active settings. An ESM live binding: after {@link configure} every importer sees the new
 * object. Before it, Tango's defaults.
 */
export let settings: Settings = Object.freeze(defaultSettings())

/**
 * Installs settings for this process: fills the app registry from `INSTALLED_APPS`. Call once at
 * start-up (management commands and server workers do); tests may call it again.
 *
 * @param value - settings from {@link defineSettings} (or a partial object, merged with defaults).
 * @returns the installed settings.
 * @throws {@link ImproperlyConfigured} for duplicate app labels.
 */
export function configure(value: Settings | SettingsInput): Settings {
  const full = isComplete(value) ? value : defineSettings(value, {})
  apps.populate(full.INSTALLED_APPS)
  settings = full
  return full
}

function isComplete(value: Settings | SettingsInput): value is Settings {
  return Object.isFrozen(value) && 'REQUEST_LOGGING' in value && 'BASE_DIR' in value
}

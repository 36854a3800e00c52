/**
 * Parses `DATABASES` / `DATABASE_URL` into {@link DatabaseConfig}s.
 *
 * URL forms (as dj-database-url): `sqlite:///relative/to/BASE_DIR.sqlite3`, `sqlite:////absolute/path.sqlite3`,
 * `sqlite::memory:` (also `sqlite://:memory:`), `postgres://user:pass@host:port/name` (also `postgresql://`).
 *
 * @module
 */
import { isAbsolute, resolve } from 'node:path'
import { ImproperlyConfigured } from '../../../core/errors.ts'
import type { Settings } from '../../../core/settings.ts'
import type { DatabaseConfig } from './types.ts'

/**
 * Parses one database URL.
 * @param alias - the `DATABASES` key, named in errors.
 * @param url - the URL.
 * @param baseDir - relative SQLite paths resolve against it (`settings.BASE_DIR`).
 * @param options - the entry's `OPTIONS`.
 * @throws ImproperlyConfigured for an unknown scheme or an empty path.
 */
export function parseDatabaseUrl(alias: string, url: string, baseDir: string, options: Readonly<Record<string, unknown>> = {}): DatabaseConfig {
  const text = url.trim()
  if (text === 'sqlite::memory:' || text === 'sqlite://:memory:' || text === 'sqlite:///:memory:') {
    return { alias, vendor: 'sqlite', url: text, filename: ':memory:', options }
  }
  if (text.startsWith('sqlite://')) {
    // sqlite:///x → "x" relative; sqlite:////abs → "/abs".
    const path = decodeURIComponent(text.slice('sqlite:///'.length))
    if (!text.startsWith('sqlite:///') || path === '') throw new ImproperlyConfigured(`Database '${alias}': URL ${JSON.stringify(url)} has no file path; write sqlite:///db.sqlite3 or sqlite:////absolute/path.sqlite3.`)
    return { alias, vendor: 'sqlite', url: text, filename: isAbsolute(path) ? path : resolve(baseDir, path), options }
  }
  if (/^postgres(ql)?:\/\//.test(text)) {
    try {
      new URL(text)
    } catch (cause) {
      throw new ImproperlyConfigured(`Database '${alias}': ${JSON.stringify(url)} is not a valid URL.`, { cause })
    }
    return { alias, vendor: 'postgresql', url: text, filename: null, options }
  }
  throw new ImproperlyConfigured(`Database '${alias}': unsupported URL ${JSON.stringify(url)}; use sqlite:///file.sqlite3 or postgres://user@host:port/name.`)
}

/**
 * Every configured database: `DATABASES` when set, else `{ default: DATABASE_URL }` (Django's
 * `DATABASES` with dj-database-url).
 * @throws ImproperlyConfigured for a bad entry or a `DATABASES` without `default`.
 */
export function databaseConfigs(settings: Settings): ReadonlyMap<string, DatabaseConfig> {
  const out = new Map<string, DatabaseConfig>()
  if (settings.DATABASES === null) {
    out.set('default', parseDatabaseUrl('default', settings.DATABASE_URL, settings.BASE_DIR))
    return out
  }
  for (const [alias, entry] of Object.entries(settings.DATABASES)) {
    if (typeof entry?.URL !== 'string') throw new ImproperlyConfigured(`DATABASES['${alias}'] must be { URL: string, OPTIONS?: {...} }.`)
    out.set(alias, parseDatabaseUrl(alias, entry.URL, settings.BASE_DIR, entry.OPTIONS ?? {}))
  }
  if (!out.has('default')) throw new ImproperlyConfigured(`DATABASES must define 'default' (found: ${[...out.keys()].join(', ') || 'none'}).`)
  return out
}

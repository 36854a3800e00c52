/**
 * The `file` backend: one file per entry in the folder `LOCATION` (Django's `FileBasedCache`),
 * shared by the processes of one machine. A file is named by the SHA-256 of its key, plus
 * `.tcache`; it holds the expiry (epoch ms, or `never`) on its first line and the serialized value
 * after. Writes go to a temporary file renamed into place, so readers never see half a file; `add`
 * links the temporary file into place, which fails when a live entry exists, so two processes
 * cannot both add.
 *
 * `incr` holds a lock file while it reads and rewrites, so it is atomic across processes too.
 *
 * Expired files are removed when read. Before a write, when the folder holds `MAX_ENTRIES` files or
 * more, a random 1/`CULL_FREQUENCY` of them go (`0`: all), as Django's `_cull`. `clear` removes only
 * `.tcache` files, never the folder or anything else in it.
 *
 * @module
 */
import { createHash, randomBytes } from 'node:crypto'
import { link, mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ImproperlyConfigured } from '../../core/errors.ts'
import { settings } from '../../core/settings.ts'
import { BaseCache, integerValue } from '../base.ts'
import type { CacheParams } from '../base.ts'
import { CacheMiss } from '../errors.ts'
import { dumps } from '../serialize.ts'

/** The suffix of cache files (Django's is `.djcache`). */
export const CACHE_SUFFIX = '.tcache'

/** A lock file older than this (ms) belongs to a dead process. */
const STALE_LOCK_MS = 10_000

interface FileEntry {
  readonly expires: number | null
  readonly text: string
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT'
}

/** A cache in a folder, one file per key (Django's `FileBasedCache`). */
export class FileBasedCache extends BaseCache {
  /** The absolute folder (`LOCATION`, relative paths resolved against `BASE_DIR`). */
  readonly dir: string

  /** @throws ImproperlyConfigured when `LOCATION` is missing. */
  constructor(params: CacheParams) {
    super(params)
    const location = params.setting.LOCATION
    if (!location) throw new ImproperlyConfigured(`CACHES['${params.alias}'] uses the file backend: set LOCATION to a folder.`)
    this.dir = isAbsolute(location) ? location : resolve(settings.BASE_DIR, location)
  }

  #file(key: string): string {
    return join(this.dir, createHash('sha256').update(key).digest('hex') + CACHE_SUFFIX)
  }

  async #read(key: string): Promise<FileEntry | null> {
    const path = this.#file(key)
    let content: string
    try {
      content = await readFile(path, 'utf8')
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
    const nl = content.indexOf('\n')
    const head = nl < 0 ? '' : content.slice(0, nl)
    const expires = head === 'never' ? null : Number(head)
    if (nl < 0 || (expires !== null && !(expires > Date.now()))) {
      await this.#unlink(path)
      return null
    }
    return { expires, text: content.slice(nl + 1) }
  }

  async #unlink(path: string): Promise<boolean> {
    try {
      await unlink(path)
      return true
    } catch (error) {
      if (isMissing(error)) return false
      throw error
    }
  }

  /** Writes a temporary file in the folder and returns its path. */
  async #temp(text: string, expires: number | null): Promise<string> {
    await mkdir(this.dir, { recursive: true })
    const tmp = join(this.dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
    await writeFile(tmp, `${expires === null ? 'never' : expires}\n${text}`)
    return tmp
  }

  async #list(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((n) => n.endsWith(CACHE_SUFFIX)).map((n) => join(this.dir, n))
    } catch (error) {
      if (isMissing(error)) return []
      throw error
    }
  }

  async #cull(): Promise<void> {
    const files = await this.#list()
    if (files.length < this.maxEntries) return
    if (this.cullFrequency === 0) {
      await this.clear()
      return
    }
    const count = Math.floor(files.length / this.cullFrequency)
    // A random sample, as Django's random.sample: partial Fisher-Yates.
    for (let i = 0; i < count && i < files.length; i++) {
      const j = i + Math.floor(Math.random() * (files.length - i))
      const pick = files[j] as string
      files[j] = files[i] as string
      await this.#unlink(pick)
    }
  }

  protected async rawGet(key: string): Promise<string | null> {
    return (await this.#read(key))?.text ?? null
  }

  protected async rawSet(key: string, text: string, expires: number | null): Promise<void> {
    await this.#cull()
    const tmp = await this.#temp(text, expires)
    await rename(tmp, this.#file(key))
  }

  protected async rawAdd(key: string, text: string, expires: number | null): Promise<boolean> {
    if ((await this.#read(key)) !== null) return false
    await this.#cull()
    const tmp = await this.#temp(text, expires)
    try {
      await link(tmp, this.#file(key))
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw error
    } finally {
      await this.#unlink(tmp)
    }
  }

  protected async rawDelete(key: string): Promise<boolean> {
    return this.#unlink(this.#file(key))
  }

  protected async rawTouch(key: string, expires: number | null): Promise<boolean> {
    const entry = await this.#read(key)
    if (entry === null) return false
    await rename(await this.#temp(entry.text, expires), this.#file(key))
    return true
  }

  protected async rawHas(key: string): Promise<boolean> {
    return (await this.#read(key)) !== null
  }

  /**
   * Read, add, rename, under a lock file (`<file>.lock`, created exclusively), so `incr` is atomic
   * across the processes sharing the folder (Django's is not). A lock older than 10 s is stale: its
   * holder died, and it is broken.
   */
  protected async rawIncr(key: string, delta: number): Promise<number> {
    const lock = `${this.#file(key)}.lock`
    await this.#lock(lock)
    try {
      const entry = await this.#read(key)
      if (entry === null) throw new CacheMiss(key)
      const value = integerValue(entry.text, key) + delta
      await rename(await this.#temp(dumps(value), entry.expires), this.#file(key))
      return value
    } finally {
      await this.#unlink(lock)
    }
  }

  async #lock(path: string): Promise<void> {
    await mkdir(this.dir, { recursive: true })
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFile(path, String(process.pid), { flag: 'wx' })
        return
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const since = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0)
      if (since > STALE_LOCK_MS) await this.#unlink(path)
      else await sleep(Math.min(1 + attempt, 20))
    }
  }

  async clear(): Promise<void> {
    await Promise.all((await this.#list()).map((f) => this.#unlink(f)))
  }
}

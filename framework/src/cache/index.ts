/**
 * `tango/cache`: the cache framework (Django's `django.core.cache`, the cache middleware and
 * decorators of `django.middleware.cache` / `django.views.decorators.cache`, the helpers of
 * `django.utils.cache`, and the `{% cache %}` template tag, registered when this module loads).
 *
 * @module
 * @example
 * ```ts
 * import { cache, caches, cachePage } from 'tango/cache'
 * await cache.set('greeting', 'hello', 60)          // seconds
 * await cache.get('greeting')                        // 'hello'
 * const stats = await caches.get('shared').getOrSet('stats', computeStats, 300)
 * path('news/', cachePage(60 * 15)(newsView))
 * ```
 */
export { BaseCache, DEFAULT_TIMEOUT, DEFAULT_MAX_ENTRIES, DEFAULT_CULL_FREQUENCY } from './base.ts'
export type { CacheParams, Timeout, ValueOrFactory } from './base.ts'
export { caches, cache, closeCaches, CacheHandler, DEFAULT_CACHE_ALIAS } from './handler.ts'
export { InvalidCacheKey, CacheValueError, CacheMiss } from './errors.ts'
export { defaultKeyFunc, validateKey, MEMCACHE_MAX_KEY_LENGTH } from './keys.ts'
export { dumps, loads } from './serialize.ts'
export { LocMemCache } from './backends/locmem.ts'
export { DatabaseCache, cacheTableSql } from './backends/database.ts'
export { FileBasedCache, CACHE_SUFFIX } from './backends/file.ts'
export { RedisCache } from './backends/redis.ts'
export type { RedisClientSlice } from './backends/redis.ts'
export { DummyCache } from './backends/dummy.ts'
export {
  patchCacheControl, patchResponseHeaders, patchVaryHeaders, getMaxAge, hasCacheControl, hasVaryHeader, addNeverCacheHeaders, neverCache,
} from './response-headers.ts'
export type { CacheControlValue } from './response-headers.ts'
export { getCacheKey, learnCacheKey } from './page-keys.ts'
export type { PageKeyOptions } from './page-keys.ts'
export { UpdateCacheMiddleware, FetchFromCacheMiddleware, CacheMiddleware, cacheMiddleware, cachePage } from './middleware.ts'
export type { CacheMiddlewareFactory, CacheMiddlewareOptions, GetResponse } from './middleware.ts'
export { makeTemplateFragmentKey, registerCacheTemplateTags } from './template-tag.ts'
export { createCacheTable, createcachetableCommand } from './commands/createcachetable.ts'
export type { CreateCacheTableOptions } from './commands/createcachetable.ts'

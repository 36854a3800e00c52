import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { FileResponse, Request } from '../../../framework/src/http/index.ts'
import { ImmutableFileCache } from '../../../framework/src/server/static-files.ts'

const dir = mkdtempSync(join(tmpdir(), 'tango-immutable-'))
after(() => rmSync(dir, { recursive: true, force: true }))

async function bodyOf(response: FileResponse): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of response.streamingContent) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString()
}

test('keeps files in memory, within its byte budget, least recently used out first', () => {
  const cache = new ImmutableFileCache(10, 6)
  for (const [name, text] of [['a', 'aaaa'], ['b', 'bbbb'], ['big', 'x'.repeat(7)]] as const) writeFileSync(join(dir, name), text)
  assert.equal(cache.get(join(dir, 'big')), null, 'larger than maxFileBytes: streamed instead')
  assert.equal(Buffer.from(cache.get(join(dir, 'a'))!.bytes).toString(), 'aaaa')
  writeFileSync(join(dir, 'a'), 'AAAA') // a hashed name never changes; the cache trusts that
  assert.equal(Buffer.from(cache.get(join(dir, 'a'))!.bytes).toString(), 'aaaa')
  cache.get(join(dir, 'b'))
  writeFileSync(join(dir, 'c'), 'cccc')
  cache.get(join(dir, 'c')) // 12 bytes > 10: the least recently used (a) goes
  assert.equal(Buffer.from(cache.get(join(dir, 'a'))!.bytes).toString(), 'AAAA', 'a was dropped and read again')
  assert.equal(cache.get(join(dir, 'missing')), null)
})

test('a FileResponse from preloaded bytes answers ranges and conditional requests like one from disk', async () => {
  const path = join(dir, 'site.0123456789ab.css')
  writeFileSync(path, 'body { color: red }')
  const preloaded = new ImmutableFileCache().get(path)!
  const plain = new FileResponse(path)
  const fromMemory = new FileResponse(path, { preloaded })
  assert.equal(fromMemory.headers.get('etag'), plain.headers.get('etag'))
  assert.equal(await bodyOf(fromMemory), 'body { color: red }')
  const range = new FileResponse(path, { preloaded, request: new Request({ method: 'GET', url: '/', headers: { range: 'bytes=7-11' } }) })
  assert.equal(range.status, 206)
  assert.equal(await bodyOf(range), 'color')
  const etag = plain.headers.get('etag')!
  const conditional = new FileResponse(path, { preloaded, request: new Request({ method: 'GET', url: '/', headers: { 'if-none-match': etag } }) })
  assert.equal(conditional.status, 304)
})

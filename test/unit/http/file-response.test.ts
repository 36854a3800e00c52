import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import { configure } from '../../../framework/src/core/settings.ts'
import { Http404 } from '../../../framework/src/http/errors.ts'
import { FileResponse } from '../../../framework/src/http/file-response.ts'
import { Request } from '../../../framework/src/http/request.ts'
import { withServer } from './serve.ts'

configure({ ALLOWED_HOSTS: ['127.0.0.1'] })
const dir = mkdtempSync(join(tmpdir(), 'tango-file-response-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const file = join(dir, 'data.txt')
writeFileSync(file, '0123456789abcdefghij')
utimesSync(file, new Date('2024-01-02T03:04:05Z'), new Date('2024-01-02T03:04:05Z'))

const app = async (request: Request): Promise<FileResponse> => {
  const name = request.query.get('name')
  return new FileResponse(file, { request, ...(request.query.has('download') ? { asAttachment: true } : {}), ...(name !== null ? { filename: name } : {}) })
}

describe('FileResponse over HTTP', () => {
  test('sends the file with length, type and validators', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/`)
      assert.equal(response.status, 200)
      assert.equal(await response.text(), '0123456789abcdefghij')
      assert.equal(response.headers.get('content-length'), '20')
      assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8')
      assert.equal(response.headers.get('accept-ranges'), 'bytes')
      assert.equal(response.headers.get('last-modified'), 'Tue, 02 Jan 2024 03:04:05 GMT')
      assert.match(response.headers.get('etag') ?? '', /^W\/"[0-9a-f]+-[0-9a-f]+"$/)
    })
  })

  test('If-None-Match and If-Modified-Since give 304 without a body', async () => {
    await withServer(app, async (base) => {
      const etag = (await fetch(`${base}/`)).headers.get('etag') as string
      const byTag = await fetch(`${base}/`, { headers: { 'if-none-match': etag } })
      assert.equal(byTag.status, 304)
      assert.equal(await byTag.text(), '')
      const byDate = await fetch(`${base}/`, { headers: { 'if-modified-since': 'Tue, 02 Jan 2024 03:04:05 GMT' } })
      assert.equal(byDate.status, 304)
      const stale = await fetch(`${base}/`, { headers: { 'if-modified-since': 'Mon, 01 Jan 2024 00:00:00 GMT' } })
      assert.equal(stale.status, 200)
      const otherTag = await fetch(`${base}/`, { headers: { 'if-none-match': '"nope"', 'if-modified-since': 'Tue, 02 Jan 2024 03:04:05 GMT' } })
      assert.equal(otherTag.status, 200, 'If-None-Match decides when present (RFC 9110 §13.2.2)')
    })
  })

  test('a single byte range gives 206 with Content-Range; past the end gives 416', async () => {
    await withServer(app, async (base) => {
      const mid = await fetch(`${base}/`, { headers: { range: 'bytes=2-5' } })
      assert.equal(mid.status, 206)
      assert.equal(mid.headers.get('content-range'), 'bytes 2-5/20')
      assert.equal(mid.headers.get('content-length'), '4')
      assert.equal(await mid.text(), '2345')
      const suffix = await fetch(`${base}/`, { headers: { range: 'bytes=-3' } })
      assert.equal(await suffix.text(), 'hij')
      const open = await fetch(`${base}/`, { headers: { range: 'bytes=18-' } })
      assert.equal(await open.text(), 'ij')
      const past = await fetch(`${base}/`, { headers: { range: 'bytes=50-60' } })
      assert.equal(past.status, 416)
      assert.equal(past.headers.get('content-range'), 'bytes */20')
      const multi = await fetch(`${base}/`, { headers: { range: 'bytes=0-1,4-5' } })
      assert.equal(multi.status, 200, 'several ranges: the whole file')
      const staleIfRange = await fetch(`${base}/`, { headers: { range: 'bytes=0-1', 'if-range': 'Mon, 01 Jan 2024 00:00:00 GMT' } })
      assert.equal(staleIfRange.status, 200)
    })
  })

  test('Content-Disposition: attachment, and filename* for non-ASCII names (RFC 6266)', async () => {
    await withServer(app, async (base) => {
      const download = await fetch(`${base}/?download=1`)
      assert.equal(download.headers.get('content-disposition'), 'attachment; filename="data.txt"')
      const named = await fetch(`${base}/?download=1&name=${encodeURIComponent('résumé "v2".txt')}`)
      assert.equal(named.headers.get('content-disposition'), `attachment; filename="r_sum_ \\"v2\\".txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22v2%22.txt`)
      const inline = await fetch(`${base}/?name=x.txt`)
      assert.equal(inline.headers.get('content-disposition'), 'inline; filename="x.txt"')
    })
  })

  test('a missing file or a folder is Http404', () => {
    assert.throws(() => new FileResponse(join(dir, 'missing.txt')), Http404)
    assert.throws(() => new FileResponse(dir), Http404)
  })
})

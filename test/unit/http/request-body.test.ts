import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { describe, test } from 'node:test'
import { configure } from '../../../framework/src/core/settings.ts'
import { JsonResponse } from '../../../framework/src/http/response.ts'
import type { Request } from '../../../framework/src/http/request.ts'
import { withServer } from './serve.ts'

configure({
  ALLOWED_HOSTS: ['127.0.0.1'],
  DATA_UPLOAD_MAX_MEMORY_SIZE: 1000,
  DATA_UPLOAD_MAX_NUMBER_FIELDS: 5,
  DATA_UPLOAD_MAX_NUMBER_FILES: 2,
  FILE_UPLOAD_MAX_SIZE: 5000,
})

async function app(request: Request): Promise<JsonResponse> {
  switch (request.path) {
    case '/json':
      return new JsonResponse({ data: await request.json() })
    case '/form': {
      const form = await request.form()
      const files = await request.files()
      return new JsonResponse({
        fields: form.lists(),
        files: [...files].map(([name, f]) => ({ name, filename: f.filename, contentType: f.contentType, size: f.size, text: f.content.toString() })),
      })
    }
    case '/body':
      return new JsonResponse({ size: (await request.body()).length })
    default:
      return new JsonResponse({ query: request.query.lists(), last: request.query.get('a') })
  }
}

function multipart(parts: { name: string; value: string; filename?: string; type?: string }[], boundary = 'XyZ'): string {
  let out = ''
  for (const p of parts) {
    out += `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}\r\n`
    if (p.type) out += `Content-Type: ${p.type}\r\n`
    out += `\r\n${p.value}\r\n`
  }
  return `${out}--${boundary}--\r\n`
}

const MP = { 'content-type': 'multipart/form-data; boundary=XyZ' }

describe('request bodies over HTTP', () => {
  test('parses JSON and answers malformed JSON with 400', async () => {
    await withServer(app, async (base) => {
      const ok = await fetch(`${base}/json`, { method: 'POST', body: '{"a":[1,2]}', headers: { 'content-type': 'application/json' } })
      assert.deepEqual(await ok.json(), { data: { a: [1, 2] } })
      const bad = await fetch(`${base}/json`, { method: 'POST', body: '{"a":', headers: { 'content-type': 'application/json' } })
      assert.equal(bad.status, 400)
      assert.match(await bad.text(), /Malformed JSON/)
    })
  })

  test('parses a urlencoded form into a multi-value QueryDict', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/form`, { method: 'POST', body: 'a=1&a=2&b=caf%C3%A9+au+lait', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      assert.deepEqual(await response.json(), { fields: { a: ['1', '2'], b: ['café au lait'] }, files: [] })
    })
  })

  test('a bad percent-encoding in a form or query is 400', async () => {
    await withServer(app, async (base) => {
      const form = await fetch(`${base}/form`, { method: 'POST', body: 'a=%E0%A4%A', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      assert.equal(form.status, 400)
      assert.match(await form.text(), /percent-encoding/)
      const query = await fetch(`${base}/q?a=%zz`)
      assert.equal(query.status, 400)
    })
  })

  test('query: get() is the last value, as Django', async () => {
    await withServer(app, async (base) => {
      const response = await fetch(`${base}/q?a=1&a=2&b=`)
      assert.deepEqual(await response.json(), { query: { a: ['1', '2'], b: [''] }, last: '2' })
    })
  })

  test('parses multipart fields and files; an empty file input is skipped', async () => {
    await withServer(app, async (base) => {
      const body = multipart([
        { name: 'title', value: 'Hello' },
        { name: 'doc', value: 'file text', filename: 'notes.txt', type: 'text/plain' },
        // Browsers send an empty file input as an octet-stream part with filename="".
        { name: 'empty', value: '', filename: '', type: 'application/octet-stream' },
      ])
      const response = await fetch(`${base}/form`, { method: 'POST', body, headers: MP })
      assert.equal(response.status, 200)
      assert.deepEqual(await response.json(), {
        fields: { title: ['Hello'] },
        files: [{ name: 'doc', filename: 'notes.txt', contentType: 'text/plain', size: 9, text: 'file text' }],
      })
    })
  })

  test('too many fields is 400 (DATA_UPLOAD_MAX_NUMBER_FIELDS), in forms, multipart and queries', async () => {
    await withServer(app, async (base) => {
      const form = await fetch(`${base}/form`, { method: 'POST', body: 'a=1&b=2&c=3&d=4&e=5&f=6', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      assert.equal(form.status, 400)
      assert.match(await form.text(), /DATA_UPLOAD_MAX_NUMBER_FIELDS/)
      const parts = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}`, value: 'x' }))
      const mp = await fetch(`${base}/form`, { method: 'POST', body: multipart(parts), headers: MP })
      assert.equal(mp.status, 400)
      const query = await fetch(`${base}/q?a=1&b=2&c=3&d=4&e=5&f=6`)
      assert.equal(query.status, 400)
    })
  })

  test('too many files is 400 (DATA_UPLOAD_MAX_NUMBER_FILES)', async () => {
    await withServer(app, async (base) => {
      const parts = Array.from({ length: 3 }, (_, i) => ({ name: 'f', value: 'x', filename: `${i}.txt` }))
      const response = await fetch(`${base}/form`, { method: 'POST', body: multipart(parts), headers: MP })
      assert.equal(response.status, 400)
      assert.match(await response.text(), /DATA_UPLOAD_MAX_NUMBER_FILES/)
    })
  })

  test('a file over FILE_UPLOAD_MAX_SIZE is 413; fields over DATA_UPLOAD_MAX_MEMORY_SIZE are 413', async () => {
    await withServer(app, async (base) => {
      const file = await fetch(`${base}/form`, { method: 'POST', body: multipart([{ name: 'f', value: 'x'.repeat(6000), filename: 'big.bin' }]), headers: MP })
      assert.equal(file.status, 413)
      assert.match(await file.text(), /FILE_UPLOAD_MAX_SIZE/)
      const field = await fetch(`${base}/form`, { method: 'POST', body: multipart([{ name: 'f', value: 'x'.repeat(1200) }]), headers: MP })
      assert.equal(field.status, 413)
    })
  })

  test('malformed multipart (no boundary, truncated body) is 400', async () => {
    await withServer(app, async (base) => {
      const noBoundary = await fetch(`${base}/form`, { method: 'POST', body: 'whatever', headers: { 'content-type': 'multipart/form-data' } })
      assert.equal(noBoundary.status, 400)
      assert.match(await noBoundary.text(), /Malformed multipart/)
      const truncated = multipart([{ name: 'a', value: 'b' }]).slice(0, -10)
      const cut = await fetch(`${base}/form`, { method: 'POST', body: truncated, headers: MP })
      assert.equal(cut.status, 400)
      assert.match(await cut.text(), /Malformed multipart/)
    })
  })

  test('a body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413, by Content-Length and when chunked', async () => {
    await withServer(app, async (base, port) => {
      const declared = await fetch(`${base}/body`, { method: 'POST', body: 'x'.repeat(2000) })
      assert.equal(declared.status, 413)
      const chunked = await chunkedPost(port, '/body', ['x'.repeat(600), 'x'.repeat(600), 'x'.repeat(600)])
      assert.equal(chunked.status, 413)
      assert.match(chunked.body, /DATA_UPLOAD_MAX_MEMORY_SIZE/)
      const small = await chunkedPost(port, '/body', ['x'.repeat(300), 'x'.repeat(300)])
      assert.equal(small.status, 200)
      assert.equal(small.body, '{"size":600}')
    })
  })
})

function chunkedPost(port: number, path: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    for (const c of chunks) req.write(c)
    req.end()
  })
}

// The baseline: node:http with no framework at all.
import { createServer } from 'node:http'
import { PLAINTEXT, jsonPayload, start } from './common.ts'

await start(() =>
  createServer((req, res) => {
    if (req.url === '/json') {
      const body = JSON.stringify(jsonPayload())
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
      res.end(body)
    } else {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(PLAINTEXT) })
      res.end(PLAINTEXT)
    }
  }),
)

import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { BadBindAddress, formatBind, listeningLine, parseBind } from '../../../framework/src/server/bind.ts'

describe('parseBind (gunicorn --bind syntax)', () => {
  test('reads HOST:PORT, a bare port, a bare host, IPv6 in brackets and unix sockets', () => {
    assert.deepEqual(parseBind('0.0.0.0:8080'), { kind: 'tcp', host: '0.0.0.0', port: 8080 })
    assert.deepEqual(parseBind('9000'), { kind: 'tcp', host: '127.0.0.1', port: 9000 })
    assert.deepEqual(parseBind('localhost'), { kind: 'tcp', host: 'localhost', port: 8000 })
    assert.deepEqual(parseBind('[::1]:8001'), { kind: 'tcp', host: '::1', port: 8001 })
    assert.deepEqual(parseBind('unix:/run/app.sock'), { kind: 'unix', path: '/run/app.sock' })
    assert.deepEqual(parseBind('127.0.0.1:0'), { kind: 'tcp', host: '127.0.0.1', port: 0 })
  })

  test('refuses bad ports, unbracketed IPv6 and empty socket paths with a message naming the value', () => {
    assert.throws(() => parseBind('127.0.0.1:99999'), BadBindAddress)
    assert.throws(() => parseBind('127.0.0.1:http'), /'http' is not a port number/)
    assert.throws(() => parseBind('::1:8000'), /brackets/)
    assert.throws(() => parseBind('unix:'), /no socket path/)
  })

  test('formats the Listening line, bracketing IPv6 hosts', () => {
    assert.equal(listeningLine({ kind: 'tcp', host: '127.0.0.1', port: 8000 }), 'Listening at http://127.0.0.1:8000/')
    assert.equal(formatBind({ kind: 'tcp', host: '::1', port: 80 }), 'http://[::1]:80/')
    assert.equal(listeningLine({ kind: 'unix', path: '/tmp/a.sock' }), 'Listening at unix:/tmp/a.sock')
  })
})

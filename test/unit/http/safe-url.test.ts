import assert from 'node:assert/strict'
import { test } from 'node:test'
import { urlHasAllowedHostAndScheme } from '../../../framework/src/http/index.ts'

test('urlHasAllowedHostAndScheme keeps redirects on this site', () => {
  const hosts = ['testserver']
  for (const url of ['/a/', 'a/b', '/a?next=//x', 'http://testserver/a', 'https://testserver/', '?q=1']) assert.ok(urlHasAllowedHostAndScheme(url, hosts), url)
  for (const url of ['', null, '//evil.com', '///evil.com', 'http://evil.com', '\\\\evil.com', '/\\evil.com', 'javascript:alert(1)', 'http:/evil.com', 'ftp://testserver/', '/a\nb', 'https://testserver@evil.com/']) {
    assert.ok(!urlHasAllowedHostAndScheme(url, hosts), String(url))
  }
  assert.ok(!urlHasAllowedHostAndScheme('http://testserver/', hosts, true))
})

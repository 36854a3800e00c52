import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { getConverter, isSegmentLocal } from '../../../framework/src/urls/converters.ts'

describe('converters', () => {
  test('built-ins follow Django', () => {
    const int = getConverter('int')
    assert.ok(int)
    assert.equal(int.toValue('0042'), 42)
    assert.equal(int.toUrl(7), '7')
    assert.ok(int.anchored.test('123') && !int.anchored.test('-1') && !int.anchored.test('1a'))
    assert.ok(getConverter('slug')?.anchored.test('a-b_C9'))
    assert.ok(!getConverter('uuid')?.anchored.test('12345678-1234-5678-1234-56781234567A'))
    assert.ok(getConverter('path')?.anchored.test('a/b'))
    assert.ok(!getConverter('str')?.anchored.test('a/b'))
  })

  test('only the path converter spans segments among the built-ins', () => {
    assert.deepEqual(['str', 'int', 'slug', 'uuid', 'path'].map((n) => getConverter(n)?.segmentLocal), [true, true, true, true, false])
  })

  test('isSegmentLocal is conservative: what it cannot prove may match "/"', () => {
    for (const safe of ['[0-9]{4}', '[^/]+', '[a-z]+(?:-[a-z]+)*', '\\d+', '\\w+\\.\\w+', 'abc|def', '[-a-zA-Z0-9_]+']) {
      assert.equal(isSegmentLocal(safe), true, safe)
    }
    for (const unsafe of ['.+', '[a-z/]+', '\\S+', '[^a]+', '[!-~]+', '\\W', 'a/b', '[\\/]']) {
      assert.equal(isSegmentLocal(unsafe), false, unsafe)
    }
  })
})

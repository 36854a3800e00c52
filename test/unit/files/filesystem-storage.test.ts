// FileSystemStorage on a real folder: the names it uses (Django's get_valid_filename, unique
// `_<7 chars>` suffixes), traversal refused everywhere, URLs, listing, streams and defaultStorage.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { configure, ImproperlyConfigured } from 'tango/core'
import { clientFilename, defaultStorage, FileSystemStorage, getValidFilename, SuspiciousFileOperation } from 'tango/files'

describe('FileSystemStorage', () => {
  let root: string
  let storage: FileSystemStorage

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tango-files-'))
    storage = new FileSystemStorage({ location: join(root, 'media'), baseUrl: '/uploads/' })
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  test("get_valid_filename keeps letters, digits, '-', '_' and '.', and turns spaces into '_'", () => {
    assert.equal(getValidFilename("john's portrait in 2004.jpg"), 'johns_portrait_in_2004.jpg')
    assert.equal(getValidFilename('  café<script>.png '), 'caféscript.png')
    assert.equal(getValidFilename('a/b\\c\0d.txt'), 'abcd.txt')
    for (const bad of ['', '..', '.', '///', '$%&'])
      assert.throws(() => getValidFilename(bad), SuspiciousFileOperation, bad)
    assert.equal(clientFilename('C:\\Users\\me\\my cv.pdf'), 'my_cv.pdf')
    assert.equal(clientFilename('../../etc/passwd'), 'passwd')
  })

  test('saves under the name asked for, and returns it', async () => {
    const name = await storage.save('avatars/alice.png', Buffer.from('png bytes'))
    assert.equal(name, 'avatars/alice.png')
    assert.equal(readFileSync(join(root, 'media', 'avatars', 'alice.png'), 'utf8'), 'png bytes')
    assert.equal(await storage.exists(name), true)
    assert.equal(await storage.size(name), 9)
    assert.equal((await storage.read(name)).toString(), 'png bytes')
    assert.equal(storage.path(name), join(root, 'media', 'avatars', 'alice.png'))
    assert.ok((await storage.getModifiedTime(name)).getTime() > Date.now() - 60_000)
  })

  test("a taken name gets '_' and 7 random characters before all its extensions", async () => {
    const first = await storage.save('docs/backup.tar.gz', 'one')
    const second = await storage.save('docs/backup.tar.gz', 'two')
    const third = await storage.save('docs/backup.tar.gz', 'three')
    assert.equal(first, 'docs/backup.tar.gz')
    assert.match(second, /^docs\/backup_[A-Za-z0-9]{7}\.tar\.gz$/)
    assert.match(third, /^docs\/backup_[A-Za-z0-9]{7}\.tar\.gz$/)
    assert.notEqual(second, third)
    assert.equal((await storage.read(first)).toString(), 'one', 'never overwritten')
    assert.equal((await storage.read(second)).toString(), 'two')
  })

  test('concurrent saves of one name all get their own file', async () => {
    const names = await Promise.all(Array.from({ length: 8 }, (_, i) => storage.save('race/same.txt', `n${i}`)))
    assert.equal(new Set(names).size, 8)
    for (const [i, name] of names.entries()) assert.equal((await storage.read(name)).toString(), `n${i}`)
  })

  test('makes the file part of a name safe', async () => {
    assert.equal(await storage.save('notes/my report (final).txt', 'x'), 'notes/my_report_final.txt')
    assert.equal(await storage.getAvailableName('a b.txt'), 'a_b.txt')
  })

  test('truncates the root to fit maxLength', async () => {
    await storage.save('long/abcdefghij.txt', 'x')
    const name = await storage.getAvailableName('long/abcdefghij.txt', 25)
    assert.ok(name.length <= 25, name)
    assert.match(name, /^long\/abc[a-z]*_[A-Za-z0-9]{7}\.txt$/)
  })

  test('refuses every name that would leave the folder', async () => {
    for (const bad of ['../escape.txt', 'a/../../escape.txt', '/etc/passwd', '..\\escape.txt', 'C:\\Windows\\x.txt', 'a\0b.txt', '']) {
      await assert.rejects(storage.save(bad, 'x'), SuspiciousFileOperation, `save ${JSON.stringify(bad)}`)
      assert.throws(() => storage.path(bad), SuspiciousFileOperation, `path ${JSON.stringify(bad)}`)
      await assert.rejects(storage.exists(bad), SuspiciousFileOperation)
      await assert.rejects(storage.delete(bad), SuspiciousFileOperation)
    }
    assert.ok(!existsSync(join(root, 'escape.txt')))
  })

  test('streams in, streams out', async () => {
    const name = await storage.save('streams/data.bin', Readable.from([Buffer.from('ab'), Buffer.from('cd')]))
    let text = ''
    for await (const chunk of await storage.open(name)) text += String(chunk)
    assert.equal(text, 'abcd')
    await assert.rejects(storage.open('streams/missing.bin'), { code: 'ENOENT' })
  })

  test('url quotes the name under the base URL', () => {
    assert.equal(storage.url('avatars/alice.png'), '/uploads/avatars/alice.png')
    assert.equal(storage.url('a b/c#d?.png'), '/uploads/a%20b/c%23d%3F.png')
    assert.throws(() => storage.url('../x'), SuspiciousFileOperation)
  })

  test('lists folders and files; deletes files, missing ones quietly', async () => {
    await storage.save('list/b.txt', 'b')
    await storage.save('list/a.txt', 'a')
    await storage.save('list/sub/c.txt', 'c')
    assert.deepEqual(await storage.listdir('list'), [['sub'], ['a.txt', 'b.txt']])
    await storage.delete('list/a.txt')
    await storage.delete('list/a.txt')
    assert.equal(await storage.exists('list/a.txt'), false)
    assert.deepEqual((await storage.listdir(''))[0].includes('list'), true)
  })
})

describe('defaultStorage', () => {
  let root: string
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tango-media-'))
  })
  after(() => rmSync(root, { recursive: true, force: true }))

  test('stores in MEDIA_ROOT and serves under MEDIA_URL, as configured now', async () => {
    configure({ SECRET_KEY: 'files-tests', MEDIA_ROOT: root, MEDIA_URL: '/media/' })
    const name = await defaultStorage.save('up/file.txt', 'hello')
    assert.equal(readFileSync(join(root, 'up', 'file.txt'), 'utf8'), 'hello')
    assert.equal(defaultStorage.url(name), '/media/up/file.txt')
    configure({ SECRET_KEY: 'files-tests', MEDIA_ROOT: root, MEDIA_URL: 'https://cdn.example.com/m/' })
    assert.equal(defaultStorage.url(name), 'https://cdn.example.com/m/up/file.txt')
  })

  test('says MEDIA_ROOT is missing when it is', async () => {
    configure({ SECRET_KEY: 'files-tests' })
    await assert.rejects(defaultStorage.save('x.txt', 'x'), (error: unknown) => error instanceof ImproperlyConfigured && /MEDIA_ROOT is not set/.test(error.message))
  })
})

// The finders and `findstatic`: STATICFILES_DIRS before the apps, first match wins, every match with
// `all`, nothing for paths that would leave the folders, and Django's output.
import assert from 'node:assert/strict'
import { realpathSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { AppDirectoriesFinder, FileSystemFinder, find, findstatic, searchedLocations } from 'tango/contrib/staticfiles'
import { DEFAULT_IGNORE } from './constants.ts'
import { captureOutput, makeProject } from './helpers.ts'
import type { Project } from './helpers.ts'

describe('staticfiles finders', () => {
  let project: Project
  before(() => {
    project = makeProject()
  })
  after(() => rmSync(project.root, { recursive: true, force: true }))

  test('searches STATICFILES_DIRS, then each app, and the first match wins', () => {
    assert.deepEqual(searchedLocations(), [project.extra, project.appStatic])
    assert.equal(find('blog/override.txt'), join(project.extra, 'blog', 'override.txt'))
    assert.deepEqual(find('blog/override.txt', true), [join(project.extra, 'blog', 'override.txt'), join(project.appStatic, 'blog', 'override.txt')])
    assert.equal(find('blog/css/base.css'), join(project.appStatic, 'blog', 'css', 'base.css'))
    assert.equal(find('blog/nope.css'), null)
    assert.deepEqual(find('blog/nope.css', true), [])
  })

  test('never finds a path outside the static folders', () => {
    for (const path of ['../blog/static/blog/css/base.css', 'blog/../../extra/blog/override.txt', '/etc/passwd', 'blog\\css\\base.css', 'blog/css/base.css\0', '', '.'])
      assert.equal(find(path), null, path)
  })

  test('lists files without the default ignore patterns (CVS, dot files, *~)', () => {
    const listed = new AppDirectoriesFinder().list(DEFAULT_IGNORE).map((f) => f.path)
    assert.ok(listed.includes('blog/css/nested/deep.css'))
    assert.ok(!listed.includes('blog/.hidden'))
    assert.ok(!listed.includes('blog/notes.txt~'))
    assert.deepEqual(new FileSystemFinder().list(DEFAULT_IGNORE).map((f) => f.path), ['blog/override.txt'])
  })

  test("findstatic prints every match, or the first with --first, and Django's not-found line", async () => {
    const all = await captureOutput(() => findstatic.run(['blog/override.txt']))
    assert.equal(all.result, 0)
    assert.equal(all.stdout, `Found 'blog/override.txt' here:\n  ${realpathSync(join(project.extra, 'blog', 'override.txt'))}\n  ${realpathSync(join(project.appStatic, 'blog', 'override.txt'))}\n`)
    const first = await captureOutput(() => findstatic.run(['--first', 'blog/override.txt']))
    assert.equal(first.stdout, `Found 'blog/override.txt' here:\n  ${realpathSync(join(project.extra, 'blog', 'override.txt'))}\n`)
    const quiet = await captureOutput(() => findstatic.run(['-v', '0', 'blog/css/base.css']))
    assert.equal(quiet.stdout, `${realpathSync(join(project.appStatic, 'blog', 'css', 'base.css'))}\n`)
    const missing = await captureOutput(() => findstatic.run(['blog/missing.css']))
    assert.equal(missing.result, 1)
    assert.equal(missing.stderr, "No matching file found for 'blog/missing.css'.\n")
    const verbose = await captureOutput(() => findstatic.run(['-v', '2', 'blog/css/base.css']))
    assert.match(verbose.stdout, new RegExp(`Looking in the following locations:\\n  ${project.extra}\\n  ${project.appStatic}\\n$`))
  })
})

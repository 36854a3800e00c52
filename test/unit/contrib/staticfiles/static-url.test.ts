// static() and {% static %} with the staticfiles app installed: hashed names from the manifest when
// DEBUG is off (a query and fragment kept), plain names in DEBUG, and a clear error naming the file
// when the manifest lacks it.
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { collectStatic, MissingManifestEntry } from 'tango/contrib/staticfiles'
import { apps } from 'tango/core'
import { getEngine, resetEngine, setStaticUrlResolver, staticUrl } from 'tango/templates'
import { collector, configureProject, makeProject } from './helpers.ts'
import type { Project } from './helpers.ts'

describe('static() with the staticfiles app', () => {
  let project: Project
  let logo: string

  before(async () => {
    project = makeProject()
    collectStatic({ stdout: collector(), stderr: collector() })
    await apps.ready()
    logo = staticUrl('blog/img/logo.png')
  })
  after(() => {
    setStaticUrlResolver(null)
    rmSync(project.root, { recursive: true, force: true })
  })

  test('resolves to the hashed name when DEBUG is off', () => {
    assert.match(logo, /^\/static\/blog\/img\/logo\.[0-9a-f]{12}\.png$/)
    assert.equal(staticUrl('/blog/img/logo.png'), logo)
    assert.equal(staticUrl('blog/img/logo.png?v=2#top'), `${logo}?v=2#top`)
  })

  test('{% static %} and static() in templates give the same hashed URL', async () => {
    resetEngine()
    const html = await getEngine().renderString("{{ static('blog/img/logo.png') }}|{% static 'blog/img/logo.png' %}")
    assert.equal(html, `${logo}|${logo}`)
  })

  test('a file missing from the manifest is an error that names it', () => {
    assert.throws(() => staticUrl('blog/img/missing.png'), (error: unknown) =>
      error instanceof MissingManifestEntry && error.code === 'E_STATIC_MANIFEST_ENTRY' && error.message.startsWith("Missing staticfiles manifest entry for 'blog/img/missing.png'"))
  })

  test('without a manifest the error says to run collectstatic', () => {
    configureProject(project, { STATIC_ROOT: `${project.root}/never-collected` })
    try {
      assert.throws(() => staticUrl('blog/img/logo.png'), /Missing staticfiles manifest entry for 'blog\/img\/logo\.png'\. There is no manifest .* run `tango collectstatic`/)
    } finally {
      configureProject(project)
    }
  })

  test('gives the plain name in DEBUG, collected or not', () => {
    configureProject(project, { DEBUG: true })
    try {
      assert.equal(staticUrl('blog/img/logo.png'), '/static/blog/img/logo.png')
      assert.equal(staticUrl('blog/img/not collected.png'), '/static/blog/img/not%20collected.png')
    } finally {
      configureProject(project)
    }
  })
})

// collectstatic in a temporary project: copies, content-hashed names, Django's manifest, CSS
// references rewritten (relative, nested, through STATIC_URL, fragments kept, absolute and data:
// URLs left alone), .gz/.br copies, unmodified files skipped, --clear, --dry-run, and the refusals.
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, afterEach, before, describe, test } from 'node:test'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { collectStatic, collectstatic, readManifest } from 'tango/contrib/staticfiles'
import { CommandError } from 'tango/management'
import { captureOutput, collector, configureProject, FILES, LOGO, makeProject } from './helpers.ts'
import type { Project } from './helpers.ts'

const md5 = (data: string | Buffer): string => createHash('md5').update(data).digest('hex').slice(0, 12)

describe('collectstatic', () => {
  let project: Project
  const read = (name: string): string => readFileSync(join(project.staticRoot, name), 'utf8')
  const manifest = (): Record<string, string> => JSON.parse(read('staticfiles.json')).paths as Record<string, string>

  before(() => {
    project = makeProject()
  })
  after(() => rmSync(project.root, { recursive: true, force: true }))

  test("copies every file and reports as Django: 'N static files copied to ..., K post-processed.'", () => {
    const out = collector()
    const result = collectStatic({ stdout: out, stderr: out })
    assert.deepEqual(result.errors, [])
    assert.equal(result.modified.length, 9)
    assert.equal(result.summary, `9 static files copied to '${project.staticRoot}', 9 post-processed.`)
    assert.equal(read('blog/override.txt'), 'from STATICFILES_DIRS', 'the first match wins')
    assert.ok(!existsSync(join(project.staticRoot, 'blog/.hidden')))
    assert.ok(!existsSync(join(project.staticRoot, 'blog/notes.txt~')))
    assert.match(out.text(), /^Found 9 static files\.\n/)
  })

  test('names each copy after the MD5 of its content, 12 hex digits before the extension', () => {
    const paths = manifest()
    assert.equal(paths['blog/img/logo.png'], `blog/img/logo.${md5(LOGO)}.png`)
    assert.equal(paths['blog/css/print.css'], `blog/css/print.${md5(FILES['blog/css/print.css'] as string)}.css`)
    assert.deepEqual(readFileSync(join(project.staticRoot, paths['blog/img/logo.png'] as string)), LOGO)
    for (const hashed of Object.values(paths)) assert.ok(existsSync(join(project.staticRoot, hashed)), hashed)
  })

  test("writes Django's manifest: paths, version 1.1 and the hash of the sorted items", () => {
    const text = read('staticfiles.json')
    const paths = manifest()
    const items = Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1))
    const pythonJson = `[${items.map(([k, v]) => `["${k}", "${v}"]`).join(', ')}]`
    assert.equal(text, `{"paths": {${items.map(([k, v]) => `"${k}": "${v}"`).join(', ')}}, "version": "1.1", "hash": "${md5(pythonJson)}"}`)
    assert.deepEqual(readManifest(project.staticRoot)?.version, '1.1')
  })

  test('rewrites url() and @import in CSS to hashed names, relative paths resolved', () => {
    const paths = manifest()
    const base = read(paths['blog/css/base.css'] as string)
    const logo = (paths['blog/img/logo.png'] as string).split('/').pop()
    const woff = (paths['blog/fonts/icons.woff2'] as string).split('/').pop()
    const eot = (paths['blog/fonts/icons.eot'] as string).split('/').pop()
    const other = (paths['blog/css/other.css'] as string).split('/').pop()
    const print = (paths['blog/css/print.css'] as string).split('/').pop()
    assert.ok(base.includes(`@import url("${other}");`), base)
    assert.ok(base.includes(`@import url('${print}') print;`), base)
    assert.ok(base.includes(`url(../img/${logo}) no-repeat`), base)
    assert.ok(base.includes(`url("/static/blog/img/${logo}")`), base)
    assert.ok(base.includes(`url("../fonts/${woff}#iefix")`), base)
    assert.ok(base.includes(`url('../fonts/${eot}?#iefix')`), base)
    for (const untouched of ['url(data:image/png;base64,iVBORw0KGgo=)', 'url(https://cdn.example.com/x.png)', 'url(//cdn.example.com/y.png)',
      'url(/not-static/z.png)', 'url(#shadow)', '/* a comment: url(missing.png) is not a reference */'])
      assert.ok(base.includes(untouched), untouched)
    // The unhashed copy keeps the original text.
    assert.equal(read('blog/css/base.css'), FILES['blog/css/base.css'])
  })

  test('settles CSS that references CSS: each hashed name is the hash of the rewritten content', () => {
    const paths = manifest()
    const deep = read(paths['blog/css/nested/deep.css'] as string)
    assert.ok(deep.includes(`url("../../img/${(paths['blog/img/logo.png'] as string).split('/').pop()}")`), deep)
    const other = read(paths['blog/css/other.css'] as string)
    assert.ok(other.includes(`@import url("nested/${(paths['blog/css/nested/deep.css'] as string).split('/').pop()}")`), other)
    for (const name of ['blog/css/base.css', 'blog/css/other.css', 'blog/css/nested/deep.css']) {
      const hashed = paths[name] as string
      assert.equal(hashed, name.replace(/\.css$/, `.${md5(readFileSync(join(project.staticRoot, hashed)))}.css`), name)
    }
  })

  test('writes .gz and .br copies of compressible files, smaller and decompressing to the file', () => {
    const js = manifest()['blog/js/app.js'] as string
    for (const name of [js, 'blog/js/app.js']) {
      const original = readFileSync(join(project.staticRoot, name))
      const gz = readFileSync(join(project.staticRoot, `${name}.gz`))
      const br = readFileSync(join(project.staticRoot, `${name}.br`))
      assert.ok(gz.length < original.length && br.length < original.length)
      assert.deepEqual(gunzipSync(gz), original)
      assert.deepEqual(brotliDecompressSync(br), original)
    }
    const png = manifest()['blog/img/logo.png'] as string
    assert.ok(!existsSync(join(project.staticRoot, `${png}.gz`)), 'images are not compressed')
    // Compressing 14 bytes makes them bigger: no copy.
    assert.ok(!existsSync(join(project.staticRoot, 'blog/fonts/icons.eot.gz')))
  })

  test('a second run copies nothing and reports the files unmodified', () => {
    const before = statSync(join(project.staticRoot, 'blog/js/app.js.gz')).mtimeMs
    const result = collectStatic({ stdout: collector(), stderr: collector() })
    assert.equal(result.summary, `0 static files copied to '${project.staticRoot}', 9 unmodified, 5 post-processed.`)
    assert.equal(result.compressed, 0)
    assert.equal(statSync(join(project.staticRoot, 'blog/js/app.js.gz')).mtimeMs, before)
  })

  test('recopies a file changed since, and its new hashed name replaces the old in the manifest', () => {
    const source = join(project.appStatic, 'blog/css/print.css')
    writeFileSync(source, '.print { display: block; }\n')
    const future = new Date(Date.now() + 5000)
    utimesSync(source, future, future)
    const result = collectStatic({ stdout: collector(), stderr: collector() })
    assert.deepEqual(result.modified, ['blog/css/print.css'])
    assert.equal(manifest()['blog/css/print.css'], `blog/css/print.${md5('.print { display: block; }\n')}.css`)
    // base.css imports print.css, so its hashed name changed too.
    assert.ok(read(manifest()['blog/css/base.css'] as string).includes(`@import url('print.${md5('.print { display: block; }\n')}.css') print;`))
  })

  test('--dry-run writes nothing', () => {
    const dry = join(project.root, 'dry')
    configureProject(project, { STATIC_ROOT: dry })
    try {
      const out = collector()
      const result = collectStatic({ dryRun: true, stdout: out, stderr: out })
      assert.equal(result.modified.length, 9)
      assert.ok(!existsSync(dry))
      assert.match(out.text(), /Pretending to copy '.*base\.css'/)
    } finally {
      configureProject(project)
    }
  })

  test('--clear deletes what was there before collecting', () => {
    writeFileSync(join(project.staticRoot, 'stale.txt'), 'left over')
    const out = collector()
    const result = collectStatic({ clear: true, stdout: out, stderr: out })
    assert.ok(!existsSync(join(project.staticRoot, 'stale.txt')))
    assert.match(out.text(), /Deleting 'stale\.txt'/)
    assert.equal(result.modified.length, 9)
    assert.equal(result.unmodified.length, 0)
    assert.ok(existsSync(join(project.staticRoot, 'staticfiles.json')))
  })

  test('--no-post-process only copies', () => {
    const plain = join(project.root, 'plain')
    configureProject(project, { STATIC_ROOT: plain })
    try {
      const result = collectStatic({ postProcess: false, stdout: collector(), stderr: collector() })
      assert.equal(result.summary, `9 static files copied to '${plain}'.`)
      assert.ok(existsSync(join(plain, 'blog/css/base.css')))
      assert.ok(!existsSync(join(plain, 'staticfiles.json')))
      assert.ok(!existsSync(join(plain, 'blog/js/app.js.gz')))
    } finally {
      configureProject(project)
    }
  })
})

describe('collectstatic command', () => {
  let project: Project
  before(() => {
    project = makeProject()
  })
  afterEach(() => configureProject(project))
  after(() => rmSync(project.root, { recursive: true, force: true }))

  test('prints the summary line and exits 0', async () => {
    const { stdout, result } = await captureOutput(() => collectstatic.run(['--no-input']))
    assert.equal(result, 0)
    assert.ok(stdout.endsWith(`\n9 static files copied to '${project.staticRoot}', 9 post-processed.\n`), stdout)
  })

  test('refuses clearly when STATIC_ROOT is not set', async () => {
    configureProject(project, { STATIC_ROOT: null })
    await assert.rejects(async () => collectstatic.run(['--no-input']), (error: unknown) =>
      error instanceof CommandError && /without having set the STATIC_ROOT setting to a filesystem path/.test(error.message))
  })

  test('fails per file, exits 1 and keeps the old manifest when a CSS file references a missing file', async () => {
    const broken = join(project.appStatic, 'blog/css/broken.css')
    writeFileSync(broken, '.x { background: url(../img/missing.png); }\n')
    try {
      const before = readFileSync(join(project.staticRoot, 'staticfiles.json'), 'utf8')
      const { stderr, result } = await captureOutput(() => collectstatic.run(['--no-input']))
      assert.equal(result, 1)
      assert.match(stderr, /Post-processing 'blog\/css\/broken\.css' failed!\n {2}The file 'blog\/img\/missing\.png' could not be found in STATIC_ROOT/)
      assert.equal(readFileSync(join(project.staticRoot, 'staticfiles.json'), 'utf8'), before)
    } finally {
      rmSync(broken)
    }
  })
})

// The `tango` binary and a fresh project's manage.ts, run as real child processes in temp folders.
import assert from 'node:assert/strict'
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TANGO = join(ROOT, 'cli', 'bin', 'tango.js')

interface Run { readonly code: number; readonly stdout: string; readonly stderr: string }

/** The environment of the children, without the variables that override settings. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const name of ['DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'DATABASE_URL', 'PORT', 'TANGO_SETTINGS_MODULE']) if (!(name in extra)) delete env[name]
  return env
}

function run(file: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [file, ...args], { cwd, env: cleanEnv(env), timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
      done({ code, stdout, stderr })
    })
  })
}

const tango = (args: readonly string[], cwd: string, env?: Record<string, string>) => run(TANGO, args, cwd, env)

let work: string
let project: string

before(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-cli-')))
  const made = await tango(['startproject', 'mysite'], work)
  assert.equal(made.code, 0, made.stderr)
  project = join(work, 'mysite')
})

after(() => rmSync(work, { recursive: true, force: true }))

// Tests in these two suites touch separate folders, so they run side by side.
describe('startproject', { concurrency: true }, () => {
  test('writes the project from the template with a fresh insecure secret key', () => {
    for (const file of ['package.json', 'tsconfig.json', 'settings.ts', 'urls.ts', 'manage.ts', '.gitignore', 'README.md', 'templates/base.html']) {
      assert.ok(existsSync(join(project, file)), `${file} is written`)
    }
    const settings = readFileSync(join(project, 'settings.ts'), 'utf8')
    const key = /SECRET_KEY: '([^']+)'/.exec(settings)?.[1] ?? ''
    assert.match(key, /^tango-insecure-.{50}$/)
    assert.doesNotMatch(readFileSync(join(project, 'README.md'), 'utf8'), /\{\{ project_name \}\}/)
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; scripts: Record<string, string> }
    assert.equal(pkg.name, 'mysite')
    assert.equal(pkg.dependencies.tango, `file:${realpathSync(join(ROOT, 'framework'))}`)
    assert.equal(pkg.scripts.start, 'tango serve')
  })

  test('links node_modules to this installation instead of installing anything', () => {
    for (const name of ['tango', 'tango-cli', 'tsx', '.bin/tango', '.bin/tsx']) {
      assert.ok(lstatSync(join(project, 'node_modules', name)).isSymbolicLink(), `${name} is a link`)
    }
    assert.equal(realpathSync(join(project, 'node_modules', 'tango')), realpathSync(join(ROOT, 'framework')))
    assert.equal(realpathSync(join(project, 'node_modules', '.bin', 'tango')), realpathSync(TANGO))
  })

  test('two projects get different secret keys', async () => {
    const made = await tango(['startproject', 'othersite'], work)
    assert.equal(made.code, 0, made.stderr)
    const keyOf = (dir: string) => /SECRET_KEY: '([^']+)'/.exec(readFileSync(join(work, dir, 'settings.ts'), 'utf8'))?.[1]
    assert.notEqual(keyOf('othersite'), keyOf('mysite'))
  })

  test('fills an existing empty folder given as DIR', async () => {
    const empty = mkdtempSync(join(work, 'empty-'))
    const made = await tango(['startproject', 'filled', empty], work)
    assert.equal(made.code, 0, made.stderr)
    assert.ok(existsSync(join(empty, 'manage.ts')))
  })

  test('refuses bad names with a message, a non-zero exit and nothing written', async () => {
    // A package installed where the command runs clashes too, as an import of that name would find it.
    const cwd = mkdtempSync(join(work, 'names-'))
    mkdirSync(join(cwd, 'node_modules', 'leftpad'), { recursive: true })
    writeFileSync(join(cwd, 'node_modules', 'leftpad', 'package.json'), '{"name":"leftpad"}')
    mkdirSync(join(cwd, 'taken'))
    writeFileSync(join(cwd, 'taken', 'file.txt'), 'x')
    const before = readdirSync(cwd).sort()
    const cases = [
      ['my-site', /not a valid project name/],
      ['1site', /not a valid project name/],
      ['fs', /Node\.js built-in module/],
      ['test', /Node\.js built-in module/],
      ['auth', /built-in Tango app/],
      ['tango', /built-in Tango app/],
      ['leftpad', /installed package/],
      ['class', /reserved word/],
      ['taken', /already exists/],
    ] as const
    const results = await Promise.all(cases.map(([name]) => tango(['startproject', name], cwd)))
    results.forEach((result, i) => {
      const [name, expected] = cases[i] as (typeof cases)[number]
      assert.equal(result.code, 1, name)
      assert.match(result.stderr, expected, name)
      assert.match(result.stderr, /^CommandError: /, name)
      assert.doesNotMatch(result.stderr, /\n\s+at /, `${name}: no stack trace`)
    })
    assert.deepEqual(readdirSync(cwd).sort(), before)
  })

  test('refuses a non-empty DIR and writes nothing', async () => {
    const before = readdirSync(project).sort()
    const result = await tango(['startproject', 'again', project], work)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /already exists and is not an empty folder/)
    assert.deepEqual(readdirSync(project).sort(), before)
  })

  test('outside a project, project commands are refused with a hint', async () => {
    const result = await tango(['check'], work)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /Unknown command: 'check'\. No manage\.ts/)
  })

  test('a missing name is a usage error (exit 2)', async () => {
    const result = await tango(['startproject'], work)
    assert.equal(result.code, 2)
    assert.match(result.stderr, /missing required argument 'name'/)
  })
})

describe('inside a project', { concurrency: true }, () => {
  test('`tsx manage.ts help` and `tango help` print the same list of every command', async () => {
    const viaTsx = await run(join(project, 'node_modules', '.bin', 'tsx'), ['manage.ts', 'help'], project)
    const viaTango = await tango(['help'], project)
    assert.equal(viaTsx.code, 0, viaTsx.stderr)
    assert.equal(viaTango.stdout, viaTsx.stdout)
    for (const name of ['check', 'help', 'runserver', 'serve', 'startapp', 'test', 'version']) {
      assert.match(viaTsx.stdout, new RegExp(`^    ${name} +\\S`, 'm'), `${name} is listed with a summary`)
    }
  })

  test('`tango` works from a sub-folder of the project', async () => {
    const result = await tango(['version'], join(project, 'templates'))
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /^\d+\.\d+\.\d+\n$/)
  })

  test('an unknown command exits 1 and points at help', async () => {
    const result = await tango(['frobnicate'], project)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /Unknown command: 'frobnicate'/)
  })

  test('`check` finds no issues in a new project', async () => {
    const result = await tango(['check'], project)
    assert.equal(result.code, 0, result.stderr)
    assert.match(result.stdout, /System check identified no issues \(0 silenced\)\./)
  })

  test('`check --deploy` prints the deployment warnings with their ids, and exits 0 for warnings', async () => {
    const result = await tango(['check', '--deploy'], project)
    assert.equal(result.code, 0, result.stderr)
    for (const id of ['security.W004', 'security.W008', 'security.W009', 'security.W012', 'security.W016', 'security.W018', 'security.W020']) {
      assert.match(result.stderr, new RegExp(`^\\?: \\(${id.replace('.', '\\.')}\\) `, 'm'), `${id} is reported`)
    }
    assert.match(result.stderr, /^WARNINGS:$/m)
    assert.match(result.stderr, /System check identified 7 issues \(0 silenced\)\./)
  })

  test('`check --deploy` drops the warnings the environment fixes', async () => {
    const result = await tango(['check', '--deploy'], project, {
      DEBUG: '0', SECRET_KEY: 'k'.repeat(10) + 'Zq8#vL2@pX9$wR4!mN7&bT1*cY6^hJ3(fD5)gS0=', ALLOWED_HOSTS: 'example.com',
    })
    assert.equal(result.code, 0, result.stderr)
    for (const id of ['W009', 'W018', 'W020']) assert.doesNotMatch(result.stderr, new RegExp(`security\\.${id}`))
    assert.match(result.stderr, /security\.W004/)
  })

  test('`check --fail-level WARNING` turns warnings into a failure', async () => {
    const result = await tango(['check', '--deploy', '--fail-level', 'WARNING'], project)
    assert.equal(result.code, 1)
    assert.match(result.stderr, /^SystemCheckError: System check identified some issues:/)
  })

  test('`startapp` writes the app into the project and prints the next steps', async () => {
    const result = await tango(['startapp', 'polls'], join(project, 'templates'))
    assert.equal(result.code, 0, result.stderr)
    const app = join(project, 'polls')
    for (const file of ['app.ts', 'models.ts', 'views.ts', 'urls.ts', 'admin.ts', 'tests.test.ts', 'templates/polls/index.html', 'static/polls/polls.css', 'migrations/.gitkeep']) {
      assert.ok(existsSync(join(app, file)), `${file} is written`)
    }
    assert.match(readFileSync(join(app, 'app.ts'), 'utf8'), /label: 'polls'/)
    assert.match(readFileSync(join(app, 'urls.ts'), 'utf8'), /export const appName = 'polls'/)
    assert.match(result.stdout, /INSTALLED_APPS/)
    assert.match(result.stdout, /include\(pollsUrls\)/)
  })

  test('`startapp` refuses a bad name and writes nothing', async () => {
    const names = ['http', 'sessions', 'bad-name']
    const results = await Promise.all(names.map((name) => tango(['startapp', name], project)))
    results.forEach((result, i) => {
      assert.equal(result.code, 1, names[i])
      assert.match(result.stderr, /^CommandError: /)
      assert.ok(!existsSync(join(project, names[i] as string)))
    })
    // Only these names' temporary folders: a `startapp polls` running beside this test has its own.
    const leftovers = readdirSync(project).filter((f) => names.some((name) => f.startsWith(`.${name}-`)))
    assert.deepEqual(leftovers, [], 'no temporary folder is left')
  })
})

describe('a bad settings file', () => {
  test('prints a message naming the setting, without a stack trace, and exits 1', async () => {
    const made = await tango(['startproject', 'badsite'], work)
    assert.equal(made.code, 0, made.stderr)
    const file = join(work, 'badsite', 'settings.ts')
    writeFileSync(file, readFileSync(file, 'utf8').replace('DEBUG: true,', "DEBUG: 'yes' as unknown as boolean,"))
    const result = await tango(['check'], join(work, 'badsite'))
    assert.equal(result.code, 1)
    assert.match(result.stderr, /^Error: Setting DEBUG must be boolean, got "yes"\.\n$/)
  })
})

/** Starts `tango <command>` in `cwd` and resolves with the child and its base URL once it prints `Listening at`. */
function startServer(args: readonly string[], cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [TANGO, ...args], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  return new Promise((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /Listening at (http:\/\/[^\s]+?)\/?$/m.exec(output)
      if (match?.[1] !== undefined) done({ child, url: match[1], output: () => output })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => fail(new Error(`tango ${args.join(' ')} exited with ${code} before listening:\n${output}`)))
  })
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done(child.exitCode)
    child.on('exit', (code) => done(code))
    child.kill('SIGTERM')
  })
}

describe('a new project, end to end', () => {
  let site: string

  before(async () => {
    assert.equal((await tango(['startproject', 'flow'], work)).code, 0)
    site = join(work, 'flow')
    assert.equal((await tango(['startapp', 'blog'], site)).code, 0)
    const edit = (file: string, change: (text: string) => string) => writeFileSync(join(site, file), change(readFileSync(join(site, file), 'utf8')))
    // The two steps startapp prints, then a view whose URL has a converter.
    edit('settings.ts', (t) => `import blog from './blog/app.ts'\n${t.replace('INSTALLED_APPS: [admin, sessions, auth, messages, staticfiles],', 'INSTALLED_APPS: [admin, sessions, auth, messages, staticfiles, blog],')}`)
    edit('urls.ts', (t) => t
      .replace("import { include, path } from 'tango/urls'", "import { include, path } from 'tango/urls'\nimport * as blogUrls from './blog/urls.ts'")
      .replace("  path('', welcome, { name: 'welcome' }),", "  path('', welcome, { name: 'welcome' }),\n  path('blog/', include(blogUrls)),"))
    edit('blog/views.ts', (t) => `import { HttpResponse } from 'tango/http'\n${t}
export async function archive(_request: Request, params: { year: number }) {
  return new HttpResponse(\`archive of \${params.year + 1 - 1} (\${typeof params.year})\`)
}
`)
    edit('blog/urls.ts', (t) => t
      .replace("import { index } from './views.ts'", "import { archive, index } from './views.ts'")
      .replace("  path('', index, { name: 'index' }),", "  path('', index, { name: 'index' }),\n  path('<int:year>/', archive, { name: 'archive' }),"))
  })

  test('`check` is clean after adding the app', async () => {
    const result = await tango(['check'], site)
    assert.equal(result.code, 0, result.stderr)
  })

  test("`tango test` runs the app's generated test with the settings loaded", async () => {
    const result = await tango(['test'], site)
    assert.equal(result.code, 0, result.stdout + result.stderr)
    assert.match(result.stdout, /the blog index page renders/)
  })

  test('`runserver` serves the app and its static files in DEBUG, and stops on SIGTERM', async () => {
    const { child, url, output } = await startServer(['runserver', '127.0.0.1:0'], site)
    try {
      const archive = await fetch(`${url}/blog/1999/`)
      assert.equal(archive.status, 200)
      assert.equal(await archive.text(), 'archive of 1999 (number)')
      const css = await fetch(`${url}/static/blog/blog.css`)
      assert.equal(css.status, 200)
      assert.match(await css.text(), /Styles of the blog app/)
      // A new project has the admin: its login page and its stylesheet.
      const login = await fetch(`${url}/admin/login/`)
      assert.equal(login.status, 200)
      assert.match(await login.text(), /<input[^>]+name="username"/)
      assert.equal((await fetch(`${url}/static/admin/css/base.css`)).status, 200)
    } finally {
      await stop(child)
    }
    assert.match(output(), /Listening at http:\/\/127\.0\.0\.1:\d+\//)
  })

  test('`serve` answers the welcome page, the app page and a converted URL, and stops on SIGTERM', async () => {
    const { child, url, output } = await startServer(['serve', '--bind', '127.0.0.1:0', '--workers', '1'], site)
    try {
      const welcome = await fetch(`${url}/`)
      assert.equal(welcome.status, 200)
      assert.match(await welcome.text(), /Welcome to flow/)
      const index = await fetch(`${url}/blog/`)
      assert.equal(index.status, 200)
      assert.match(await index.text(), /<h1>blog<\/h1>/)
      const archive = await fetch(`${url}/blog/2024/`)
      assert.equal(archive.status, 200)
      assert.equal(await archive.text(), 'archive of 2024 (number)')
      assert.equal((await fetch(`${url}/blog/20x4/`)).status, 404)
    } finally {
      assert.equal(await stop(child), 0, output())
    }
  })
})

// The README, followed as a newcomer would: every command it shows is run here, and the tutorial's
// code blocks are written into a fresh project exactly as the README prints them.
import assert from 'node:assert/strict'
import { appendFileSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { get, run, startServer, stopServer as stop } from '../helpers/processes.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** Every command the README shows: lines of ```sh blocks and inline `npx ...` / `npm ...` spans. */
function readmeCommands(): string[] {
  const commands = new Set<string>()
  for (const block of README.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] ?? '').split('\n')) if (line.trim()) commands.add(line.trim())
  }
  for (const span of README.matchAll(/`((?:npx|npm) [^`]+)`/g)) commands.add((span[1] ?? '').trim())
  return [...commands]
}

/** The code block that follows `<!-- readme-test: ACTION -->`. */
function block(action: string): string {
  const marker = `<!-- readme-test: ${action} -->`
  const at = README.indexOf(marker)
  assert.ok(at >= 0, `README has the block ${marker}`)
  const match = /```\w*\n([\s\S]*?)```/.exec(README.slice(at + marker.length))
  assert.ok(match?.[1], `a code block follows ${marker}`)
  return match[1]
}

// What this file does for each README command. `npm install` and `npm test` are what CI itself
// runs around this test (.ci/run: npm ci, then npm test), so they are exercised by running at all.
const HANDLED = new Set([
  'npm install && npm start', // npm start: the sample-site test below
  'npm test',
  'npm start',
  'npm install',
  'npm ci',
  'npx tango startproject mysite ../mysite',
  'cd ../mysite',
  'npx tango startapp polls',
  'npx tango check',
  'npx tango runserver',
  'npx tango serve --workers 4 --bind 127.0.0.1:8000',
  'npx tango help',
  'npx tango check --deploy',
  'npx tango test',
  'npx tsx manage.ts <command>',
  'npx tango <command>',
  'npm run typecheck',
  'npm run lint',
  'npm run bench',
])

describe('README', () => {
  test('every command the README shows is one this file runs', () => {
    const unhandled = readmeCommands().filter((c) => !HANDLED.has(c))
    assert.deepEqual(unhandled, [], 'README commands without a test: add them to readme.test.ts')
  })

  test('npm start serves sample-site through the prefork server', async () => {
    // `npm start` migrates, makes the cache table, loads the demo articles, creates the admin accounts
    // and collects static files first (six commands: up to two minutes on a loaded machine);
    // DATABASE_URL and STATIC_ROOT keep what it writes out of the repository.
    const data = realpathSync(mkdtempSync(join(tmpdir(), 'tango-readme-start-')))
    const env = { PORT: '0', DATABASE_URL: `sqlite:///${join(data, 'db.sqlite3')}`, STATIC_ROOT: join(data, 'static') }
    const server = await startServer('npm', ['start'], ROOT, env, 120_000)
    try {
      assert.match(server.output(), /Applying news\.0001_initial\.\.\. OK/)
      assert.match(server.output(), /Installed \d+ demo object\(s\)/)
      // The admin's login, printed once: a URL and two random passwords.
      assert.match(server.output(), /The admin is at .*\/admin\/.*\n {2}admin {3}password: [A-Za-z0-9]{18}\n {2}editor {2}password: [A-Za-z0-9]{18}/)
      assert.match(server.output(), /Booting worker with pid/)
      const home = await get(`${server.url}/`)
      assert.equal(home.status, 200)
      assert.match(home.text, /Latest news/)
      assert.match(home.text, /<a href="\/articles\/2026\/tango-is-here\/">Tango is here<\/a>/)
      assert.match(home.text, /<a class="category" href="\/category\/releases\/">Releases<\/a>/)
      const article = await get(`${server.url}/articles/2026/tango-is-here/`)
      assert.equal(article.status, 200)
      assert.match(article.text, /<h1>Tango is here<\/h1>/)
      assert.match(article.text, /<li class="tag">ORM<\/li>/)
      assert.equal((await get(`${server.url}/category/releases/`)).status, 200)
      assert.equal((await get(`${server.url}/articles/2026/no-such-article/`)).status, 404)
      assert.equal((await fetch(`${server.url}/static/news/site.css`)).status, 200)
    } finally {
      await stop(server)
      rmSync(data, { recursive: true, force: true })
    }
  })
})

describe('README tutorial', () => {
  let work: string
  let project: string

  before(async () => {
    work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-readme-')))
    project = join(work, 'mysite')
  })

  after(() => rmSync(work, { recursive: true, force: true }))

  test('startproject, startapp, a view, a URL with a converter, a template, check, runserver, serve', async () => {
    // `npx tango startproject mysite ../mysite`, run from the repository's folder.
    const made = await run('npx', ['tango', 'startproject', 'mysite', project], ROOT)
    assert.equal(made.code, 0, made.output)

    // `cd ../mysite` then `npx tango startapp polls`
    const app = await run('npx', ['tango', 'startapp', 'polls'], project)
    assert.equal(app.code, 0, app.output)

    // The settings edit: the README's import line, and the app in INSTALLED_APPS.
    const edit = block('edit-settings')
    const importLine = edit.split('\n').find((l) => l.startsWith('import ')) ?? ''
    assert.match(importLine, /^import polls from '\.\/polls\/app\.ts'$/)
    const settingsPath = join(project, 'settings.ts')
    const settings = readFileSync(settingsPath, 'utf8')
    const appsLine = edit.split('\n').find((l) => l.includes('INSTALLED_APPS')) ?? ''
    assert.match(appsLine, /INSTALLED_APPS: \[admin, sessions, auth, messages, staticfiles, polls\],/)
    assert.match(settings, /^ {2}INSTALLED_APPS: \[admin, sessions, auth, messages, staticfiles\],$/m)
    writeFileSync(settingsPath, `${importLine}\n${settings.replace(/^ {2}INSTALLED_APPS: .*$/m, appsLine)}`)

    appendFileSync(join(project, 'polls/views.ts'), `\n${block('append polls/views.ts')}`)
    writeFileSync(join(project, 'polls/urls.ts'), block('write polls/urls.ts'))
    writeFileSync(join(project, 'urls.ts'), block('write urls.ts'))
    writeFileSync(join(project, 'polls/templates/polls/detail.html'), block('write polls/templates/polls/detail.html'))

    const check = await run('npx', ['tango', 'check'], project)
    assert.equal(check.code, 0, check.output)
    assert.match(check.output, /System check identified no issues/)

    const deploy = await run('npx', ['tango', 'check', '--deploy'], project)
    assert.match(deploy.output, /security\.W018/, 'DEBUG on is reported for deployment')

    const help = await run('npx', ['tango', 'help'], project)
    assert.equal(help.code, 0, help.output)
    const viaManage = await run('npx', ['tsx', 'manage.ts', 'help'], project)
    assert.equal(viaManage.code, 0, viaManage.output)
    const commandsIn = (text: string) => [...text.matchAll(/^ {4}(\w+) /gm)].map((m) => m[1])
    assert.ok(commandsIn(help.output).includes('runserver'))
    assert.deepEqual(commandsIn(viaManage.output), commandsIn(help.output))

    // The app's generated test passes once the app is installed and its URLs are included.
    const tests = await run('npx', ['tango', 'test'], project)
    assert.equal(tests.code, 0, tests.output)

    // `npx tango runserver` (on a port the OS picks instead of 8000)
    const dev = await startServer('npx', ['tango', 'runserver', '127.0.0.1:0'], project)
    try {
      const page = await get(`${dev.url}/polls/7/`)
      assert.equal(page.status, 200, page.text)
      assert.match(page.text, /<h1>Question 7<\/h1>/)
      assert.match(page.text, /href="\/polls\/"/)
      assert.equal((await get(`${dev.url}/polls/seven/`)).status, 404)
    } finally {
      await stop(dev)
    }

    // `npx tango serve --workers 4 --bind 127.0.0.1:8000` (two workers and a free port here)
    const prod = await startServer('npx', ['tango', 'serve', '--workers', '2', '--bind', '127.0.0.1:0'], project)
    try {
      const page = await get(`${prod.url}/polls/42/`)
      assert.equal(page.status, 200, page.text)
      assert.match(page.text, /<h1>Question 42<\/h1>/)
    } finally {
      await stop(prod)
    }
  })
})

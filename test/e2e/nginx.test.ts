// The deployment guide's nginx block, run for real: sample-site collected (`collectstatic`), migrated
// and filled, served by `tango serve` on a unix socket, with nginx in front using docs/deploy/nginx.conf
// (the very file the guide includes) with its paths swapped for temporary ones. Through nginx: a page
// from Tango, a hashed static file straight from STATIC_ROOT (immutable, gzip_static), and a login
// POST whose CSRF origin check passes with the forwarded Host.
// In CI (CI=true) a missing nginx fails; elsewhere the suite is skipped with one line. The guide's copy
// of the block is checked against the file either way.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { defaultSettings } from 'tango/core'
import { run, stopServer, type Server } from '../helpers/processes.ts'
import { startUnixServer } from './fixtures/unix-server.ts'

const NGINX = '/usr/sbin/nginx'
const SITE = fileURLToPath(new URL('../../sample-site', import.meta.url))
const SETTINGS = fileURLToPath(new URL('./fixtures/static-site-settings.ts', import.meta.url))
const NGINX_CONF = fileURLToPath(new URL('../../docs/deploy/nginx.conf', import.meta.url))

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }

/** One HTTP request with node:http (no automatic decompression, no redirects followed). */
function http(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** Replaces every `from` in `text`, failing when the guide's file no longer contains it. */
function swap(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `docs/deploy/nginx.conf no longer contains '${from}': update this test with the guide`)
  return text.split(from).join(to)
}

/** The guide's block with temporary paths, inside a minimal main config that keeps nginx in `work`. */
function nginxConfig(work: string, port: number): string {
  let block = readFileSync(NGINX_CONF, 'utf8')
  block = swap(block, 'listen 80;', `listen 127.0.0.1:${port};`)
  block = swap(block, 'server_name example.com;', 'server_name 127.0.0.1;')
  block = swap(block, '/run/tango/tango.sock', join(work, 'tango.sock'))
  block = swap(block, '/srv/mysite/staticfiles/', `${join(work, 'static')}/`)
  block = swap(block, '/srv/mysite/media/', `${join(work, 'media')}/`)
  const temp = (name: string): string => `${name} ${join(work, 'nginx-temp', name.replace(/_path$/, ''))};`
  return [
    // As root, nginx would run its workers as `nobody`, who cannot open the socket or the files.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    'events { worker_connections 64; }',
    'http {',
    existsSync('/etc/nginx/mime.types') ? '  include /etc/nginx/mime.types;' : '  types { text/html html; text/css css; application/javascript js; }',
    '  default_type application/octet-stream;',
    `  access_log ${join(work, 'access.log')};`,
    ...['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map((n) => `  ${temp(n)}`),
    block,
    '}',
    '',
  ].join('\n')
}

/** Waits until something accepts connections on 127.0.0.1:port. */
async function untilListening(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${log()}`)
    try {
      await http(port, '/__nginx_probe__')
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(`nginx did not listen on ${port}:\n${log()}`)
}

const GUIDE = fileURLToPath(new URL('../../docs/deployment.md', import.meta.url))

test('docs/deployment.md includes docs/deploy/nginx.conf verbatim', () => {
  const guide = readFileSync(GUIDE, 'utf8')
  const copy = /<!-- nginx\.conf: begin[^>]*-->\n```nginx\n([\s\S]*?)```\n<!-- nginx\.conf: end -->/.exec(guide)?.[1]
  assert.ok(copy !== undefined, 'the guide has the nginx.conf markers')
  assert.equal(copy, readFileSync(NGINX_CONF, 'utf8'))
})

const hasNginx = existsSync(NGINX)

if (!hasNginx && process.env.CI !== 'true') {
  process.stdout.write(`# nginx.test.ts skipped: ${NGINX} is not installed (CI installs it).\n`)
  test('nginx deployment (skipped: nginx is not installed)', { skip: true }, () => {})
} else {
  describe('the deployment guide: nginx in front of tango serve on a unix socket', () => {
    let work: string
    let env: Record<string, string>
    let tango: Server | undefined
    let nginx: ChildProcess | undefined
    let nginxOutput = ''
    let port = 0

    before(async () => {
      assert.ok(hasNginx, `CI=true but ${NGINX} is missing: .ci/run installs nginx`)
      work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-nginx-')))
      mkdirSync(join(work, 'media'))
      for (const name of ['client_body_temp', 'proxy_temp', 'fastcgi_temp', 'uwsgi_temp', 'scgi_temp']) mkdirSync(join(work, 'nginx-temp', name), { recursive: true })
      env = {
        TANGO_SETTINGS_MODULE: SETTINGS,
        E2E_STATIC_ROOT: join(work, 'static'),
        E2E_MEDIA_ROOT: join(work, 'media'),
        DATABASE_URL: `sqlite:///${join(work, 'db.sqlite3')}`,
      }
      for (const args of [['collectstatic', '--no-input'], ['migrate'], ['createcachetable'], ['loaddemo']]) {
        const result = await run('npx', ['tango', ...args], SITE, env)
        assert.equal(result.code, 0, `tango ${args.join(' ')}:\n${result.output}`)
        if (args[0] === 'collectstatic') assert.match(result.output, /static files? copied to '.*', \d+ post-processed\./)
      }
      tango = await startUnixServer('npx', ['tango', 'serve', '--bind', `unix:${join(work, 'tango.sock')}`, '--workers', '1'], SITE, env)
      port = await freePort()
      const conf = join(work, 'nginx.conf')
      writeFileSync(conf, nginxConfig(work, port))
      nginx = spawn(NGINX, ['-p', `${work}/`, '-c', conf, '-g', `daemon off; pid ${join(work, 'nginx.pid')}; error_log ${join(work, 'error.log')};`], { stdio: ['ignore', 'pipe', 'pipe'] })
      nginx.stdout?.on('data', (c: Buffer) => (nginxOutput += c.toString()))
      nginx.stderr?.on('data', (c: Buffer) => (nginxOutput += c.toString()))
      await untilListening(port, nginx, () => `${nginxOutput}${existsSync(join(work, 'error.log')) ? readFileSync(join(work, 'error.log'), 'utf8') : ''}`)
    })

    after(async () => {
      if (nginx && nginx.exitCode === null && nginx.pid !== undefined) {
        const exited = new Promise((resolve) => nginx?.once('exit', resolve))
        process.kill(nginx.pid, 'SIGTERM')
        await exited
      }
      if (tango) await stopServer(tango)
      if (work) rmSync(work, { recursive: true, force: true })
    })

    test("the guide's client_max_body_size is FILE_UPLOAD_MAX_SIZE", () => {
      const size = /client_max_body_size (\d+)m;/.exec(readFileSync(NGINX_CONF, 'utf8'))?.[1]
      assert.equal(Number(size) * 1024 * 1024, defaultSettings().FILE_UPLOAD_MAX_SIZE)
    })

    test('serves a page from Tango through the proxy, linking hashed static files', async () => {
      const page = await http(port, '/')
      assert.equal(page.status, 200)
      assert.match(String(page.headers.server), /^nginx/)
      assert.match(page.body.toString(), /href="\/static\/news\/site\.[0-9a-f]{12}\.css"/)
    })

    test('serves a hashed static file from STATIC_ROOT itself: immutable, gzip_static', async () => {
      const page = (await http(port, '/')).body.toString()
      const href = /href="(\/static\/news\/site\.[0-9a-f]{12}\.css)"/.exec(page)?.[1] as string
      const collected = readFileSync(join(work, 'static', href.slice('/static/'.length)))
      const plain = await http(port, href)
      assert.equal(plain.status, 200)
      assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable')
      assert.match(String(plain.headers['content-type']), /^text\/css/)
      assert.deepEqual(plain.body, collected)
      // nginx's own strong ETag, not the weak one Tango's FileResponse sends: nginx read the file.
      assert.match(String(plain.headers.etag), /^"[0-9a-f]+-[0-9a-f]+"$/)
      const gz = await http(port, href, { headers: { 'accept-encoding': 'gzip' } })
      assert.equal(gz.status, 200)
      assert.equal(gz.headers['content-encoding'], 'gzip')
      assert.equal(gz.headers.vary, 'Accept-Encoding')
      assert.deepEqual(gunzipSync(gz.body), collected)
      const unhashed = await http(port, '/static/news/site.css')
      assert.equal(unhashed.headers['cache-control'], 'public, max-age=3600')
      assert.equal((await http(port, '/static/news/missing.0123456789ab.css')).status, 404)
    })

    test('forwards a POST body: the login form passes the CSRF checks with the forwarded Host', async () => {
      const form = await http(port, '/accounts/login/')
      assert.equal(form.status, 200)
      const token = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(form.body.toString())?.[1]
      assert.ok(token, 'the login page has a csrf_input')
      const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ')
      assert.match(cookies, /csrftoken=/)
      const body = new URLSearchParams({ username: 'nobody', password: 'wrong password', csrfmiddlewaretoken: token }).toString()
      const posted = await http(port, '/accounts/login/', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)), cookie: cookies, origin: `http://127.0.0.1:${port}` },
      })
      assert.equal(posted.status, 200, posted.body.toString().slice(0, 500))
      assert.match(posted.body.toString(), /Please enter a correct username and password/)
    })
  })
}

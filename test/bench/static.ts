/**
 * Static files: one hashed CSS file of about 30 KiB, collected by `collectstatic`, served by Tango's
 * `serve` (from STATIC_ROOT: immutable, precompressed) and by nginx with the deployment guide's
 * block (docs/deploy/nginx.conf), on the same machine over loopback, loaded by autocannon. Prints
 * requests/s, p50/p99 latency and the ratio tango / nginx, for identity and gzip, with 1 and 2
 * worker processes each. Not a test: it asserts only that every response was a 200.
 *
 * Run: `npx tsx test/bench/static.ts`. Env: BENCH_SECONDS (default 3 per run), BENCH_CONNECTIONS
 * (default 50), NGINX (default /usr/sbin/nginx).
 */
import autocannon from 'autocannon'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { collectStatic } from 'tango/contrib/staticfiles'
import { configure } from 'tango/core'

const SECONDS = Number(process.env.BENCH_SECONDS ?? '3')
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '50')
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx'
const FRAMEWORK = fileURLToPath(new URL('../../framework/src/', import.meta.url))
const GUIDE_CONF = fileURLToPath(new URL('../../docs/deploy/nginx.conf', import.meta.url))

interface Figures { rps: number; p50: number; p99: number; bad: number }

/** About 30 KiB of plausible CSS: repetitive enough to compress as real stylesheets do. */
function stylesheet(): string {
  const rules: string[] = []
  for (let i = 0; rules.join('\n').length < 30 * 1024; i++) {
    rules.push(`.component-${i} { display: flex; margin: ${i % 7}px auto; padding: ${i % 5}em; color: #${(i * 2654435761 % 0xffffff).toString(16).padStart(6, '0')}; }`)
  }
  return `${rules.join('\n')}\n`
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

async function untilUp(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${url} did not answer:\n${log()}`)
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  process.kill(child.pid, 'SIGTERM')
  await exited
}

async function load(url: string, gzip: boolean, seconds: number): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: gzip ? { 'accept-encoding': 'gzip' } : {} })
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad: result.errors + result.non2xx }
}

async function measure(name: string, url: string, child: ChildProcess, log: () => string): Promise<Record<string, Figures>> {
  try {
    await untilUp(url, child, log)
    const out: Record<string, Figures> = {}
    for (const gzip of [false, true]) {
      await load(url, gzip, 1) // warm-up
      out[gzip ? 'gzip' : 'identity'] = await load(url, gzip, SECONDS)
    }
    return out
  } finally {
    await stop(child)
    process.stdout.write(`  ${name}: done\n`)
  }
}

if (!existsSync(NGINX)) {
  console.error(`${NGINX} is not installed: the static benchmark compares against nginx.`)
  process.exit(1)
}

const work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-bench-static-')))
try {
  const sources = join(work, 'assets')
  const staticRoot = join(work, 'static')
  mkdirSync(join(sources, 'bench'), { recursive: true })
  writeFileSync(join(sources, 'bench', 'site.css'), stylesheet())
  // The project the servers load: a settings file outside the repository, importing Tango by path.
  const settingsModule = join(work, 'settings.ts')
  writeFileSync(settingsModule, [
    `import { defineSettings } from ${JSON.stringify(join(FRAMEWORK, 'core', 'index.ts'))}`,
    'export default defineSettings({',
    "  SECRET_KEY: 'bench-only-secret-key-bench-only-secret-key-bench-only-secret', DEBUG: false,",
    "  ALLOWED_HOSTS: ['127.0.0.1'], REQUEST_LOGGING: false, MIDDLEWARE: [],",
    `  STATICFILES_DIRS: [${JSON.stringify(sources)}], STATIC_ROOT: ${JSON.stringify(staticRoot)},`,
    '  ROOT_URLCONF: async () => ({ urlpatterns: [] }),',
    '})',
    '',
  ].join('\n'))
  writeFileSync(join(work, 'package.json'), '{ "type": "module" }\n')
  const manageScript = join(work, 'manage.ts')
  writeFileSync(manageScript, [
    `import { executeFromCommandLine } from ${JSON.stringify(join(FRAMEWORK, 'management', 'index.ts'))}`,
    "await executeFromCommandLine({ settingsModule: new URL('./settings.ts', import.meta.url), argv: process.argv.slice(2) })",
    '',
  ].join('\n'))
  configure({ SECRET_KEY: 'bench', STATICFILES_DIRS: [sources], STATIC_ROOT: staticRoot })
  const collected = collectStatic({ stdout: { write: () => true }, stderr: process.stderr })
  const manifest = JSON.parse(readFileSync(join(staticRoot, 'staticfiles.json'), 'utf8')) as { paths: Record<string, string> }
  const hashed = manifest.paths['bench/site.css'] as string
  const size = readFileSync(join(staticRoot, hashed)).length
  const gzSize = readFileSync(join(staticRoot, `${hashed}.gz`)).length
  console.log(`Static files benchmark: /static/${hashed} (${size} bytes, ${gzSize} gzipped), ${SECONDS}s per run, ${CONNECTIONS} connections, autocannon, node ${process.version}`)
  console.log(`  ${collected.summary}`)
  for (const name of ['client_body_temp', 'proxy_temp', 'fastcgi_temp', 'uwsgi_temp', 'scgi_temp']) mkdirSync(join(work, 'nginx-temp', name), { recursive: true })

  const rows: { server: string; workers: number; encoding: string; f: Figures }[] = []
  for (const workers of [1, 2]) {
    const tangoPort = await freePort()
    let tangoLog = ''
    const tango = spawn(process.execPath, ['--import', 'tsx', manageScript, 'serve', '--bind', `127.0.0.1:${tangoPort}`, '--workers', String(workers)],
      { stdio: ['ignore', 'pipe', 'pipe'] })
    tango.stdout.on('data', (c: Buffer) => (tangoLog += c.toString()))
    tango.stderr.on('data', (c: Buffer) => (tangoLog += c.toString()))
    for (const [encoding, f] of Object.entries(await measure(`tango serve, ${workers} worker(s)`, `http://127.0.0.1:${tangoPort}/static/${hashed}`, tango, () => tangoLog)))
      rows.push({ server: 'tango serve', workers, encoding, f })

    const nginxPort = await freePort()
    let block = readFileSync(GUIDE_CONF, 'utf8')
    block = block.split('listen 80;').join(`listen 127.0.0.1:${nginxPort};`).split('/srv/mysite/staticfiles/').join(`${staticRoot}/`)
      .split('/run/tango/tango.sock').join(join(work, 'unused.sock')).split('/srv/mysite/media/').join(`${join(work, 'media')}/`)
    const conf = join(work, `nginx-${workers}.conf`)
    writeFileSync(conf, [
      process.getuid?.() === 0 ? 'user root;' : '',
      `worker_processes ${workers};`,
      'events { worker_connections 1024; }',
      'http {',
      existsSync('/etc/nginx/mime.types') ? '  include /etc/nginx/mime.types;' : '  types { text/css css; }',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((n) => `  ${n}_temp_path ${join(work, 'nginx-temp', `${n}_temp`)};`),
      block,
      '}',
    ].join('\n'))
    let nginxLog = ''
    const nginx = spawn(NGINX, ['-p', `${work}/`, '-c', conf, '-g', `daemon off; pid ${join(work, 'nginx.pid')}; error_log ${join(work, 'error.log')};`], { stdio: ['ignore', 'pipe', 'pipe'] })
    nginx.stderr.on('data', (c: Buffer) => (nginxLog += c.toString()))
    for (const [encoding, f] of Object.entries(await measure(`nginx, ${workers} worker(s)`, `http://127.0.0.1:${nginxPort}/static/${hashed}`, nginx, () => nginxLog)))
      rows.push({ server: 'nginx', workers, encoding, f })
  }

  console.log('\n| server | workers | encoding | req/s | p50 ms | p99 ms | non-2xx/errors |')
  console.log('|---|---:|---|---:|---:|---:|---:|')
  for (const r of rows) console.log(`| ${r.server} | ${r.workers} | ${r.encoding} | ${Math.round(r.f.rps)} | ${r.f.p50} | ${r.f.p99} | ${r.f.bad} |`)
  console.log('\nRatio tango serve / nginx (req/s):')
  for (const workers of [1, 2]) {
    for (const encoding of ['identity', 'gzip']) {
      const t = rows.find((r) => r.server === 'tango serve' && r.workers === workers && r.encoding === encoding)
      const n = rows.find((r) => r.server === 'nginx' && r.workers === workers && r.encoding === encoding)
      console.log(`  ${workers} worker(s), ${encoding}: ${t && n && n.f.rps > 0 ? (t.f.rps / n.f.rps).toFixed(2) : 'n/a'}`)
    }
  }
  if (rows.some((r) => r.f.bad > 0)) {
    console.error('Some responses were not 200: the figures above are not comparable.')
    process.exitCode = 1
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}

// A throwaway project for the staticfiles tests: an app `blog` with CSS that references images,
// fonts and other CSS (relatively, nested, through STATIC_URL, with fragments), plus a
// STATICFILES_DIRS folder that overrides one of the app's files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import staticfiles from 'tango/contrib/staticfiles'
import { configure, defineApp } from 'tango/core'
import type { SettingsInput } from 'tango/core'

export interface Project {
  readonly root: string
  readonly staticRoot: string
  readonly appStatic: string
  readonly extra: string
}

/** The bytes of a small PNG-like file (not compressible by name). */
export const LOGO = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5])

export const FILES: Readonly<Record<string, string | Buffer>> = {
  'blog/css/base.css': [
    '@import "other.css";',
    "@import url('print.css') print;",
    'body { background: url(../img/logo.png) no-repeat; }',
    '.abs { background: url("/static/blog/img/logo.png"); }',
    '@font-face { src: url("../fonts/icons.woff2#iefix") format("woff2"), url(\'../fonts/icons.eot?#iefix\'); }',
    '.data { background: url(data:image/png;base64,iVBORw0KGgo=); }',
    '.cdn { background: url(https://cdn.example.com/x.png); }',
    '.proto { background: url(//cdn.example.com/y.png); }',
    '.root { background: url(/not-static/z.png); }',
    '.frag { filter: url(#shadow); }',
    '/* a comment: url(missing.png) is not a reference */',
    '',
  ].join('\n'),
  'blog/css/other.css': '@import "nested/deep.css";\n.other { color: red; }\n',
  'blog/css/print.css': '.print { display: none; }\n',
  'blog/css/nested/deep.css': '.deep { background: url("../../img/logo.png"); }\n',
  'blog/img/logo.png': LOGO,
  'blog/fonts/icons.woff2': Buffer.from('wOF2 font bytes'),
  'blog/fonts/icons.eot': Buffer.from('eot font bytes'),
  'blog/js/app.js': `// app\n${'console.log("compress me well");\n'.repeat(200)}`,
  'blog/.hidden': 'ignored by default',
  'blog/notes.txt~': 'an editor backup, ignored',
}

/** Writes the project and configures Tango for it (`settings` merged over the defaults used here). */
export function makeProject(settings: SettingsInput = {}): Project {
  const root = mkdtempSync(join(tmpdir(), 'tango-collect-'))
  const appDir = join(root, 'blog')
  const appStatic = join(appDir, 'static')
  const extra = join(root, 'extra')
  for (const [name, content] of Object.entries(FILES)) {
    const path = join(appStatic, name)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, content)
  }
  mkdirSync(join(extra, 'blog'), { recursive: true })
  writeFileSync(join(extra, 'blog', 'override.txt'), 'from STATICFILES_DIRS')
  mkdirSync(join(appStatic, 'blog'), { recursive: true })
  writeFileSync(join(appStatic, 'blog', 'override.txt'), 'from the app')
  const project = { root, staticRoot: join(root, 'collected'), appStatic, extra }
  configureProject(project, settings)
  return project
}

/** (Re)configures Tango for `project`. */
export function configureProject(project: Project, settings: SettingsInput = {}): void {
  configure({
    SECRET_KEY: 'staticfiles-tests',
    INSTALLED_APPS: [staticfiles, defineApp({ label: 'blog', dir: join(project.root, 'blog') })],
    STATICFILES_DIRS: [project.extra],
    STATIC_ROOT: project.staticRoot,
    REQUEST_LOGGING: false,
    ...settings,
  })
}

/** Collects what is written, for `collectStatic`'s `stdout` / `stderr`. */
export function collector(): { write(chunk: string): boolean; text: () => string } {
  let text = ''
  return { write: (chunk: string) => ((text += chunk), true), text: () => text }
}

/** Runs `fn` with process.stdout and process.stderr captured. */
export async function captureOutput(fn: () => unknown): Promise<{ stdout: string; stderr: string; result: unknown }> {
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  let stdout = ''
  let stderr = ''
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write
  try {
    const result = await fn()
    return { stdout, stderr, result }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

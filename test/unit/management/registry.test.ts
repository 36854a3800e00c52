import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { defineApp } from '../../../framework/src/core/index.ts'
import type { AppCommand } from '../../../framework/src/core/index.ts'
import {
  BUILTIN_COMMANDS, buildRegistry, CommandError, formatHelp, generateSecretKey, helpCommand, renderTemplateDir, renderText, validateName,
} from '../../../framework/src/management/index.ts'

const command = (name: string, help = `${name} things.`): AppCommand => ({ name, help, run: () => 0 })

describe('the command registry', () => {
  test('holds the built-ins under tango and each app under its label', () => {
    const news = defineApp({ label: 'news', dir: tmpdir(), commands: [command('publish')] })
    const registry = buildRegistry(BUILTIN_COMMANDS, [news])
    assert.equal(registry.get('check')?.app, 'tango')
    assert.equal(registry.get('publish')?.app, 'news')
    assert.equal(registry.get('nope'), undefined)
  })

  test("an app's command overrides a built-in, and the earliest app wins", () => {
    const first = defineApp({ label: 'first', dir: tmpdir(), commands: [command('check', 'First check.'), command('shared', 'First.')] })
    const second = defineApp({ label: 'second', dir: tmpdir(), commands: [command('shared', 'Second.')] })
    const registry = buildRegistry(BUILTIN_COMMANDS, [first, second])
    assert.equal(registry.get('check')?.command.help, 'First check.')
    assert.equal(registry.get('shared')?.app, 'first')
  })

  test('help lists every command with its summary, tango first, then apps alphabetically, each sorted', () => {
    const zeta = defineApp({ label: 'zeta', dir: tmpdir(), commands: [command('zzz'), command('aaa')] })
    const alpha = defineApp({ label: 'alpha', dir: tmpdir(), commands: [command('mmm')] })
    const registry = buildRegistry([command('version'), command('check')], [zeta, alpha])
    registry.register(helpCommand(registry))
    const lines = formatHelp(registry).split('\n')
    const groups = lines.filter((l) => l.startsWith('['))
    assert.deepEqual(groups, ['[tango]', '[alpha]', '[zeta]'])
    const names = lines.filter((l) => l.startsWith('    ')).map((l) => l.trim().split(/\s+/)[0])
    assert.deepEqual(names, ['check', 'help', 'version', 'mmm', 'aaa', 'zzz'])
    assert.ok(lines.includes('    aaa      aaa things.'))
  })
})

describe('validateName', () => {
  test('accepts identifiers that clash with nothing', () => {
    assert.equal(validateName('polls', 'app', tmpdir()), 'polls')
    assert.equal(validateName('My_Site2', 'project', tmpdir()), 'My_Site2')
  })

  test('rejects the rest with a CommandError saying why', () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /must provide a project name/], ['', /must provide/], ['my-site', /not a valid project name/], ['2x', /not a valid/],
      ['crypto', /Node\.js built-in module/], ['test', /Node\.js built-in module/], ['sessions', /built-in Tango app/],
      ['default', /reserved word/],
    ]
    for (const [name, expected] of cases) {
      assert.throws(() => validateName(name, 'project', tmpdir()), (error: unknown) => error instanceof CommandError && expected.test(error.message), String(name))
    }
  })
})

describe('scaffolding helpers', () => {
  test('renderText replaces known placeholders and leaves nunjucks alone', () => {
    assert.equal(renderText("{{ app_name }} {{ static('x') }} {{ other }} {{app_name}}", { app_name: 'polls' }), "polls {{ static('x') }} {{ other }} {{app_name}}")
  })

  test('generateSecretKey makes 50 random characters after the insecure prefix', () => {
    const key = generateSecretKey()
    assert.match(key, /^tango-insecure-[a-z0-9!@#$%^&*(\-_=+)]{50}$/)
    assert.notEqual(generateSecretKey(), key)
  })

  test('renderTemplateDir renames paths, drops .tpl and leaves nothing behind on failure', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tango-tpl-'))
    try {
      const template = join(root, 'template')
      mkdirSync(join(template, 'templates', 'app_name'), { recursive: true })
      writeFileSync(join(template, 'templates', 'app_name', 'index.html'), '<h1>{{ app_name }}</h1>')
      writeFileSync(join(template, '.gitignore.tpl'), 'node_modules/\n')
      const files = await renderTemplateDir({ template, target: join(root, 'polls'), baseName: 'app_name', name: 'polls', context: { app_name: 'polls' } })
      assert.deepEqual(files, ['.gitignore', join('templates', 'polls', 'index.html')])
      await assert.rejects(
        renderTemplateDir({ template, target: join(root, 'broken'), baseName: 'app_name', name: 'broken', context: {}, finish: () => Promise.reject(new Error('disk full')) }),
        /disk full/,
      )
      assert.deepEqual(readdirSync(root).sort(), ['polls', 'template'])
      await assert.rejects(
        renderTemplateDir({ template, target: join(root, 'polls'), baseName: 'app_name', name: 'polls', context: {} }),
        (error: unknown) => error instanceof CommandError && /already exists/.test(error.message),
      )
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('loading a project', () => {
  test("imports each installed app's models.ts after configure() and before the ready hooks", async () => {
    const { loadSettingsModule } = await import('../../../framework/src/management/settings-module.ts')
    const core = new URL('../../../framework/src/core/index.ts', import.meta.url).href
    const dir = mkdtempSync(join(tmpdir(), 'tango-autodiscover-'))
    try {
      for (const app of ['inv', 'plain']) {
        mkdirSync(join(dir, app))
        writeFileSync(join(dir, app, 'app.ts'), `import { defineApp } from '${core}'\nexport default defineApp({ label: '${app}', dir: import.meta.url, ready: () => { (globalThis as { tangoOrder?: string[] }).tangoOrder?.push('ready:${app}') } })\n`)
      }
      writeFileSync(join(dir, 'inv', 'models.ts'), `(globalThis as { tangoOrder?: string[] }).tangoOrder?.push('models:inv')\n`)
      writeFileSync(join(dir, 'settings.ts'), `import { defineSettings } from '${core}'\nimport inv from './inv/app.ts'\nimport plain from './plain/app.ts'\nexport default defineSettings({ SECRET_KEY: 'test', INSTALLED_APPS: [inv, plain] })\n`)
      const order: string[] = []
      ;(globalThis as { tangoOrder?: string[] }).tangoOrder = order
      await loadSettingsModule(join(dir, 'settings.ts'))
      // Only apps with a models.ts are imported, all before the first ready hook (Django's apps.populate).
      assert.deepEqual(order, ['models:inv', 'ready:inv', 'ready:plain'])
    } finally {
      delete (globalThis as { tangoOrder?: string[] }).tangoOrder
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

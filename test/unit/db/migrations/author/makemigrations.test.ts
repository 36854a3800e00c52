import { describe, test, after } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { configure, defineApp } from '../../../../../framework/src/core/index.ts'
import { makemigrationsCommand } from '../../../../../framework/src/management/commands/makemigrations.ts'

const dir = mkdtempSync(join(tmpdir(), 'tango-makemigrations-'))
after(() => rmSync(dir, { recursive: true, force: true }))
// As in a project: ESM, so the files share the framework's module instances.
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
mkdirSync(join(dir, 'node_modules'))
symlinkSync(resolve('framework'), join(dir, 'node_modules', 'tango'))
const src = (path: string): string => pathToFileURL(resolve('framework/src', path)).href
writeFileSync(join(dir, 'models.ts'), [
  `import { defineModel } from '${src('db/models/index.ts')}'`,
  `import { f } from '${src('db/fields/index.ts')}'`,
  `export const Author = defineModel('shop.Author', { name: f.char({ maxLength: 50 }) })`,
  `export const Item = defineModel('shop.Item', { title: f.char({ maxLength: 100 }), author: f.foreignKey('Author', { onDelete: 'CASCADE' }) })`,
  '',
].join('\n'))
configure({ SECRET_KEY: 'test', INSTALLED_APPS: [defineApp({ label: 'shop', dir })] })

const migrations = (): string[] => (existsSync(join(dir, 'migrations')) ? readdirSync(join(dir, 'migrations')).sort() : [])

describe('makemigrations', () => {
  test('--check exits 1 and writes nothing while models have unmigrated changes', async () => {
    assert.equal(await makemigrationsCommand.run(['--check']), 1)
    assert.deepEqual(migrations(), [])
  })

  test('--dry-run writes nothing; a plain run writes 0001_initial with the FK target first', async () => {
    assert.equal(await makemigrationsCommand.run(['--dry-run']), 0)
    assert.deepEqual(migrations(), [])
    assert.equal(await makemigrationsCommand.run(['--no-input']), 0)
    assert.deepEqual(migrations(), ['0001_initial.ts'])
    const source = readFileSync(join(dir, 'migrations', '0001_initial.ts'), 'utf8')
    assert.ok(source.indexOf("model: 'shop.Author'") < source.indexOf("model: 'shop.Item'"))
  })

  test('--check exits 0 once the migrations match the models', async () => {
    assert.equal(await makemigrationsCommand.run(['--check']), 0)
  })

  test('--empty --name writes the next number, depending on the latest migration', async () => {
    assert.equal(await makemigrationsCommand.run(['--empty', 'shop', '--name', 'backfill']), 0)
    assert.deepEqual(migrations(), ['0001_initial.ts', '0002_backfill.ts'])
    assert.match(readFileSync(join(dir, 'migrations', '0002_backfill.ts'), 'utf8'), /dependencies: \[\['shop', '0001_initial'\]\]/)
  })

  test('two leaves are a conflict until --merge writes a migration depending on both', async () => {
    writeFileSync(join(dir, 'migrations', '0002_other.ts'), "export default { dependencies: [['shop', '0001_initial']], operations: [] }\n")
    await assert.rejects(async () => { await makemigrationsCommand.run([]) }, { message: /Conflicting migrations detected.*0002_backfill, 0002_other in shop/s })
    assert.equal(await makemigrationsCommand.run(['--merge']), 0)
    const merge = migrations().find((n) => n.startsWith('0003_merge'))
    assert.ok(merge !== undefined)
    assert.match(readFileSync(join(dir, 'migrations', merge), 'utf8'), /\['shop', '0002_backfill'\], \['shop', '0002_other'\]/)
    assert.equal(await makemigrationsCommand.run(['--check']), 0)
  })

  test('an unknown app is a usage error', async () => {
    await assert.rejects(async () => { await makemigrationsCommand.run(['nope']) }, { message: /App 'nope' could not be found/ })
  })
})

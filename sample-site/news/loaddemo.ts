/**
 * `tango loaddemo [--database ALIAS]`: fills an empty database with the demo content of
 * `fixtures/demo.json`, so a fresh checkout shows a populated site after `npm start`. It loads the
 * fixture only when there are no articles yet, so running it on every start never overwrites what
 * was edited since (unlike `tango loaddata demo`, which would put the demo rows back).
 *
 * @module
 */
import { parseArgs } from 'node:util'
import { fileURLToPath } from 'node:url'
import type { AppCommand } from 'tango/core'

const DEMO_FIXTURE = fileURLToPath(new URL('./fixtures/demo.json', import.meta.url))

const USAGE = `Usage: tango loaddemo [--database ALIAS]

Loads the news app's demo fixture (news/fixtures/demo.json) when the database has no articles.

  --database ALIAS   the database to load into (default 'default')`

/** The `loaddemo` command the news app contributes (see `app.ts`). */
export const loaddemoCommand: AppCommand = Object.freeze({
  name: 'loaddemo',
  help: 'Loads the demo articles when the database has none (run after migrate).',
  async run(argv: readonly string[]): Promise<number> {
    // Imported here, not at the top: app.ts is loaded with the settings by every process (server
    // workers too), and only this command needs the management machinery.
    const { CommandError, loadFixtures } = await import('tango/management')
    const { connections, importAppModels } = await import('tango/db')
    let values
    try {
      ({ values } = parseArgs({ args: [...argv], options: { database: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }))
    } catch (error) {
      throw new CommandError(`${(error as Error).message}\n${USAGE}`, { exitCode: 2 })
    }
    if (values.help === true) {
      process.stdout.write(`${USAGE}\n`)
      return 0
    }
    const alias = values.database ?? 'default'
    // loadFixtures knows only registered models: register every installed app's, as loaddata does.
    await importAppModels()
    const { Article } = await import('./models.ts')
    if (await Article.objects.using(alias).exists()) {
      process.stdout.write('The database already has articles: demo data not loaded.\n')
      return 0
    }
    // The path, not the name 'demo': another app's fixtures/demo.json must not be picked instead.
    const result = await loadFixtures([DEMO_FIXTURE], connections.get(alias))
    process.stdout.write(`Installed ${result.objects} demo object(s) from news/fixtures/demo.json.\n`)
    return 0
  },
})

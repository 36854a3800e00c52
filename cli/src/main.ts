/**
 * The `tango` command line.
 *
 * Outside a project it knows `startproject`, `startapp`, `help` and `version`. Inside one (a
 * `manage.ts` in the current folder or a parent) every command except `startproject` is the
 * project's: `tango X` imports that `manage.ts` in this process with the same arguments, so
 * `npx tango X` and `npx tsx manage.ts X` run the same code and print the same output.
 *
 * @module
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { findManageScript } from './find-project.ts'

const CLI_DIR = new URL('..', import.meta.url)
const argv = process.argv.slice(2)

function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('package.json', CLI_DIR), 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
}

/** Prints a Tango error as one line and returns its exit code; other errors keep their stack. */
function fail(error: unknown): number {
  if (error instanceof Error && 'code' in error && error.name === 'CommandError') {
    process.stderr.write(`CommandError: ${error.message}\n`)
    return (error as Error & { exitCode?: number }).exitCode ?? 1
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  return 1
}

async function outsideProject(): Promise<number> {
  // Loaded here: inside a project the command line is manage.ts's, and commander is not needed.
  const { Command, CommanderError } = await import('commander')
  const program = new Command('tango')
    .description('Tango: a batteries-included web framework for TypeScript.\nInside a project, every management command is available too (tango help).')
    .version(cliVersion(), '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError("(run 'tango help' for the list of commands)")
  let status = 0

  program.command('startproject')
    .description('Creates a project: settings, URLs, manage.ts, linked to this Tango installation.')
    .argument('<name>', 'the project name, an identifier')
    .argument('[directory]', 'where to write it (default ./NAME); may be an empty folder')
    .action(async (name: string, directory: string | undefined) => {
      const { startProject, startProjectNextSteps } = await import('tango/management')
      const result = await startProject({ name, directory, cliDir: fileURLToPath(CLI_DIR) })
      process.stdout.write(`${startProjectNextSteps(result)}\n`)
    })

  program.command('startapp')
    .description('Creates an app (models, views, URLs, templates, a test) in the current folder.')
    .argument('<name>', 'the app name, an identifier')
    .argument('[directory]', 'where to write it (default ./NAME); may be an empty folder')
    .action(async (name: string, directory: string | undefined) => {
      const { startApp, startAppNextSteps } = await import('tango/management')
      const result = await startApp({ name, directory, base: process.cwd() })
      process.stdout.write(`${startAppNextSteps(result, process.cwd())}\n`)
    })

  program.command('version').description("Prints Tango's version.").action(() => {
    process.stdout.write(`${cliVersion()}\n`)
  })

  program.command('help', { isDefault: true }).description('Lists the commands.').argument('[command]').action((name: string | undefined) => {
    const sub = name === undefined ? undefined : program.commands.find((c) => c.name() === name)
    if (name !== undefined && sub === undefined) {
      // Commander sends unknown commands to this default command, so this is also `tango check` outside a project.
      process.stderr.write(`Unknown command: '${name}'. No manage.ts in ${process.cwd()} or its parents, so only ` +
        'startproject, startapp, help and version are available here.\n')
      status = 1
      return
    }
    process.stdout.write((sub ?? program).helpInformation())
  })

  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (error) {
    if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : error.exitCode === 0 ? 0 : 2
    return fail(error)
  }
  return status
}

const manage = argv[0] === 'startproject' ? null : findManageScript()
if (manage === null) {
  process.exitCode = await outsideProject()
} else {
  // manage.ts reads process.argv.slice(2), which is already this command's argv.
  await import(pathToFileURL(manage).href)
}

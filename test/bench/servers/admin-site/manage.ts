// The admin bench project's management commands; the bench runs `serve` through it.
import { executeFromCommandLine } from 'tango/management'

await executeFromCommandLine({ settingsModule: new URL('./settings.ts', import.meta.url), argv: process.argv.slice(2) })

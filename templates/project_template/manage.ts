// Runs the management commands of the {{ project_name }} project: `npx tsx manage.ts help` (or `npx tango help`).
import { executeFromCommandLine } from 'tango/management'

await executeFromCommandLine({ settingsModule: new URL('./settings.ts', import.meta.url), argv: process.argv.slice(2) })

// Runs sample-site's management commands: `npx tsx manage.ts help`.
import { executeFromCommandLine } from 'tango/management'

await executeFromCommandLine({ settingsModule: new URL('./settings.ts', import.meta.url), argv: process.argv.slice(2) })

import { defineApp } from 'tango/core'
import { ensureadminCommand } from './commands/ensureadmin.ts'

/**
 * The accounts app: sign-up, and `ensureadmin` (the demo's admin and editor accounts). Logging in
 * and out and passwords are the auth app's views (see urls.ts).
 */
export default defineApp({ label: 'accounts', dir: import.meta.url, verboseName: 'Accounts', commands: [ensureadminCommand] })

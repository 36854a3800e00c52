import { defineApp } from 'tango/core'

/** The accounts app: sign-up. Logging in and out and passwords are the auth app's views (see urls.ts). */
export default defineApp({ label: 'accounts', dir: import.meta.url, verboseName: 'Accounts' })

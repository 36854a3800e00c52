import { defineApp } from 'tango/core'

/** The {{ app_name }} app. List it in INSTALLED_APPS (settings.ts) to install it. */
export default defineApp({ label: '{{ app_name }}', dir: import.meta.url })

import { defineApp } from 'tango/core'

/** The news app: a front page and an article page. */
export default defineApp({ label: 'news', dir: import.meta.url, verboseName: 'News' })

import { defineApp } from 'tango/core'
import { loaddemoCommand } from './loaddemo.ts'

/** The news app: a front page, article and category pages, and the `loaddemo` command. */
export default defineApp({ label: 'news', dir: import.meta.url, verboseName: 'News', commands: [loaddemoCommand] })

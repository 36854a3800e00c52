import { cache } from 'tango/cache'
import { defineApp } from 'tango/core'
import { postDelete, postSave, type AnyModel } from 'tango/db'
import { loaddemoCommand } from './loaddemo.ts'

/** Bumps the front page list's cache version when an article, category or author changes. */
async function invalidateLists({ sender }: { readonly sender: AnyModel }): Promise<void> {
  if (!['news.Article', 'news.Category', 'news.Author'].includes(sender._meta.label)) return
  await cache.set('news:list-version', Date.now(), null)
}

/** The news app: a front page, article and category pages, and the `loaddemo` command. */
export default defineApp({
  label: 'news',
  dir: import.meta.url,
  verboseName: 'News',
  commands: [loaddemoCommand],
  ready() {
    postSave.connect(invalidateLists, { dispatchUid: 'news.invalidateLists.save' })
    postDelete.connect(invalidateLists, { dispatchUid: 'news.invalidateLists.delete' })
  },
})

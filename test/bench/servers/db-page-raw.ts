// The hand-written page: node:http + a better-sqlite3 prepared statement + nunjucks, no framework.
import Database from 'better-sqlite3'
import { createServer } from 'node:http'
import { fileURLToPath } from 'node:url'
import nunjucks from 'nunjucks'
import { start } from './common.ts'

const file = process.env.BENCH_DB ?? ''
const sqlite = new Database(file, { readonly: true })
// Every column, as the QuerySet reads them: both pages read the same rows.
const select = sqlite.prepare('SELECT * FROM bench_article ORDER BY published DESC LIMIT 20')
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(fileURLToPath(new URL('../orm/templates', import.meta.url))), { autoescape: true })

await start(() =>
  createServer((_req, res) => {
    env.render('bench/articles.html', { articles: select.all() }, (error, html) => {
      if (error || html === null) {
        res.writeHead(500).end(String(error))
        return
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) })
      res.end(html)
    })
  }),
)

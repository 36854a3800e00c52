/**
 * The ORM in process: QuerySet vs raw kysely vs a raw better-sqlite3 prepared statement, on one
 * SQLite file. Prints µs per operation (median of 5 timed batches) and the ratios the targets use.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { atomic, db } from 'tango/db'
import { Article, Author } from './models.ts'
import { setupDatabase } from './setup.ts'

const dir = mkdtempSync(join(tmpdir(), 'tango-orm-bench-'))
const file = join(dir, 'bench.sqlite3')
await setupDatabase(file, true)
void Author

const raw = new Database(file)
raw.pragma('journal_mode = WAL')

async function time(iterations: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 500); i++) await fn()
  const batches: number[] = []
  for (let b = 0; b < 5; b++) {
    const started = performance.now()
    for (let i = 0; i < iterations; i++) await fn()
    batches.push(((performance.now() - started) * 1000) / iterations)
  }
  batches.sort((a, b) => a - b)
  return batches[2] as number
}

const results: Array<[string, number]> = []
const N = 2000

const select20 = raw.prepare('SELECT * FROM bench_article ORDER BY id LIMIT 20')
results.push(['20 rows: better-sqlite3 prepared', await time(N, () => select20.all())])
results.push(['20 rows: raw kysely', await time(N, () => db().selectFrom('bench_article').selectAll().orderBy('id').limit(20).execute())])
results.push(['20 rows: QuerySet', await time(N, () => Article.objects.orderBy('id').limit(20))])

const join20 = raw.prepare('SELECT a.*, u.id AS author__id, u.name AS author__name FROM bench_article a INNER JOIN bench_author u ON u.id = a.author_id ORDER BY a.id LIMIT 20')
results.push(['20 rows + join: better-sqlite3 prepared', await time(N, () => join20.all())])
results.push(['20 rows + join: raw kysely', await time(N, () =>
  db().selectFrom('bench_article as a').innerJoin('bench_author as u', 'u.id', 'a.author_id').selectAll('a').select(['u.id as author__id', 'u.name as author__name']).orderBy('a.id').limit(20).execute())])
results.push(['20 rows + join: QuerySet selectRelated', await time(N, () => Article.objects.selectRelated('author').orderBy('id').limit(20))])

function rows10k(): Array<Record<string, unknown>> {
  return Array.from({ length: 10_000 }, (_, i) => ({ title: `Bulk ${i}`, body: 'body', published: new Date(Date.UTC(2026, 0, 1)), views: i, authorId: 1 }))
}
async function once(fn: () => Promise<unknown> | unknown): Promise<number> {
  const started = performance.now()
  await fn()
  const ms = performance.now() - started
  raw.prepare("DELETE FROM bench_article WHERE title LIKE 'Bulk %'").run()
  return ms * 1000
}
const insert = raw.prepare('INSERT INTO bench_article (title, body, published, views, author_id) VALUES (?, ?, ?, ?, ?)')
results.push(['bulk insert 10,000: better-sqlite3 prepared', await once(() => raw.transaction(() => { for (const r of rows10k()) insert.run(r.title, r.body, '2026-01-01 00:00:00.000000', r.views, 1) })())])
results.push(['bulk insert 10,000: raw kysely', await once(() => db().transaction().execute(async (trx) => {
  const rows = rows10k().map((r) => ({ title: r.title, body: r.body, published: '2026-01-01 00:00:00.000000', views: r.views, author_id: 1 }))
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('bench_article').values(rows.slice(i, i + 500)).execute()
}))])
results.push(['bulk insert 10,000: QuerySet bulkCreate', await once(() => atomic(() => Article.objects.bulkCreate(rows10k().map((r) => new Article(r as never)))))])

console.log('\n| operation | µs |\n|---|---:|')
for (const [name, us] of results) console.log(`| ${name} | ${us.toFixed(1)} |`)
const get = (name: string) => results.find(([n]) => n === name)?.[1] ?? NaN
console.log('\nRatios (targets in brackets):')
console.log(`  20 rows: QuerySet / raw kysely = ${(get('20 rows: QuerySet') / get('20 rows: raw kysely')).toFixed(2)} [<= 1.50]`)
console.log(`  20 rows + join: QuerySet / raw kysely = ${(get('20 rows + join: QuerySet selectRelated') / get('20 rows + join: raw kysely')).toFixed(2)} [<= 1.50]`)
console.log(`  bulk insert: QuerySet / raw kysely = ${(get('bulk insert 10,000: QuerySet bulkCreate') / get('bulk insert 10,000: raw kysely')).toFixed(2)}`)
raw.close()
rmSync(dir, { recursive: true, force: true })
process.exit(0)

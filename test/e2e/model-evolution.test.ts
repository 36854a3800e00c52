// Issue 3's "Done when", end to end with the real CLI: a project made by `tango startproject` with two
// apps (`library.Author`, `shop.Book` with a foreign key to it), `makemigrations` + `migrate`, rows
// written and queried with typed lookups by a script run through tsx, then five model changes (add,
// rename, alter, remove, add a constraint), each migrated with every row and foreign key kept, and
// finally `makemigrations --check`, `showmigrations`, and a migration back to zero and forward again.
// It runs on a SQLite file and on a fresh PostgreSQL database (TEST_DATABASE_URL's server), each in
// its own project, side by side; both projects must write the same migration files.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { forEachDatabaseTarget, type DatabaseTarget } from '../helpers/databases.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TANGO = join(ROOT, 'cli', 'bin', 'tango.js')
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

/** The children's environment: DATABASE_URL is the run's, nothing else overrides settings. */
function childEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl }
  for (const name of ['DEBUG', 'SECRET_KEY', 'ALLOWED_HOSTS', 'PORT', 'TANGO_SETTINGS_MODULE', 'NODE_TEST_CONTEXT']) delete env[name]
  return env
}

/** Runs `command args` in `cwd` to completion, writing `input` (then end of input) to its stdin. */
function exec(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, input = ''): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdin.end(input)
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('close', (code) => {
      clearTimeout(timer)
      done({ code, stdout, stderr })
    })
  })
}

const ok = (run: Run, what: string): Run => {
  assert.equal(run.code, 0, `${what} failed:\n${run.stdout}\n${run.stderr}`)
  return run
}

// ---------------------------------------------------------------------------------------------------
// The models at each stage. Stage 0 is the initial schema; stages 1-5 are the five changes.

interface Stage {
  readonly edition: boolean // (a) Book.edition: a non-null integer with default 1
  readonly pages: 'pages' | 'pageCount' // (b) Book.pages renamed to pageCount
  readonly titleMax: 100 | 200 // (c) Book.title maxLength 100 → 200
  readonly born: boolean // (d) Author.born (nullable integer) removed
  readonly unique: boolean // (e) unique (author, title) on Book
}

const STAGES: readonly Stage[] = [
  { edition: false, pages: 'pages', titleMax: 100, born: true, unique: false },
  { edition: true, pages: 'pages', titleMax: 100, born: true, unique: false },
  { edition: true, pages: 'pageCount', titleMax: 100, born: true, unique: false },
  { edition: true, pages: 'pageCount', titleMax: 200, born: true, unique: false },
  { edition: true, pages: 'pageCount', titleMax: 200, born: false, unique: false },
  { edition: true, pages: 'pageCount', titleMax: 200, born: false, unique: true },
]

function libraryModels(s: Stage): string {
  return `import { defineModel, f } from 'tango/db'

export const Author = defineModel('library.Author', {
  name: f.char({ maxLength: 100 }),
${s.born ? '  born: f.integer({ null: true }),\n' : ''}})

declare module 'tango/db' {
  interface ModelRegistry { 'library.Author': typeof Author }
}
`
}

function shopModels(s: Stage): string {
  const meta = s.unique ? `, {\n  constraints: [{ kind: 'unique', name: 'shop_book_author_title_uniq', fields: ['author', 'title'], condition: null }],\n}` : ''
  return `import { defineModel, f } from 'tango/db'

export const Book = defineModel('shop.Book', {
  title: f.char({ maxLength: ${s.titleMax} }),
  author: f.foreignKey('library.Author', { onDelete: 'CASCADE', relatedName: 'books' }),
  ${s.pages}: f.integer(),
${s.edition ? '  edition: f.integer({ default: 1 }),\n' : ''}}${meta})

declare module 'tango/db' {
  interface ModelRegistry { 'shop.Book': typeof Book }
}
`
}

// The script the tests run in the project with `tsx probe.ts ACTION...`. It loads the settings as
// manage.ts does, then prints one JSON line per action. It is type-checked at the end (typed lookups,
// and misspelled lookups rejected), so it only names fields every stage has.
const PROBE = `import { loadSettingsModule } from 'tango/management'

await loadSettingsModule(new URL('./settings.ts', import.meta.url))
const { IntegrityError, connections } = await import('tango/db')
const { Author } = await import('./library/models.ts')
const { Book } = await import('./shop/models.ts')

const COLORS = ['Blue', 'Red', 'Green', 'Gold']
const FIRST = ['Ada', 'Bob', 'Cyd', 'Dee', 'Eve']
const out: Record<string, unknown> = {}
// The page count's name at this stage of the models (it is renamed in step b).
const PAGES = Book._meta.fields.some((f) => f.name === 'pageCount') ? 'pageCount' : 'pages'
const HAS_BORN = Author._meta.fields.some((f) => f.name === 'born') // removed in step d

for (const action of process.argv.slice(2)) {
  if (action === 'seed') {
    const authors = await Author.objects.bulkCreate(Array.from({ length: 50 }, (_, i) => ({ name: \`\${FIRST[i % 5]} Writer \${i}\`, ...(HAS_BORN ? { born: 1900 + i } : {}) })))
    await Book.objects.bulkCreate(Array.from({ length: 200 }, (_, j) => ({
      title: \`\${COLORS[Math.floor(j / 50)]} Book \${j}\`, authorId: authors[j % 50]!.pk, [PAGES]: 100 + j,
    })))
  } else if (action === 'dump') {
    out.authors = await Author.objects.orderBy('id').values()
    out.books = await Book.objects.orderBy('id').values()
  } else if (action === 'lookups') {
    // Typed lookups across the foreign key, both ways.
    out.adaBooks = await Book.objects.filter({ author__name__startswith: 'Ada' }).count()
    out.blueOneAuthors = (await Author.objects.filter({ books__title__icontains: 'blue BOOK 1' }).distinct().orderBy('id').values('id')).map((r) => r.id)
    out.ids = (await Book.objects.filter({ author__name__startswith: 'Eve', title__startswith: 'Gold' }).orderBy('id').valuesList('id', { flat: true }))
  } else if (action === 'long') {
    const book = await Book.objects.create({ title: 'L'.repeat(150), authorId: 1, pageCount: 7 })
    out.long = book.title.length
  } else if (action === 'violate') {
    try {
      await Book.objects.create({ title: 'Blue Book 0', authorId: 1, pageCount: 1 })
      out.violate = 'inserted'
    } catch (error) {
      out.violate = error instanceof IntegrityError ? 'IntegrityError' : String(error)
    }
    // The same title for another author is allowed: the constraint is on the pair.
    out.otherAuthor = (await Book.objects.create({ title: 'Blue Book 0', authorId: 2, pageCount: 1 })).pk
  } else {
    throw new Error(\`unknown action \${action}\`)
  }
}
console.log(JSON.stringify(out))
await connections.closeAll()

// Compile-time checks only (never run): lookups are typed by field.
export function typeChecks(): void {
  // @ts-expect-error a misspelled field in a span is a type error
  void Book.objects.filter({ author__nmae__startswith: 'A' })
  // @ts-expect-error startswith on a char field takes a string
  void Book.objects.filter({ author__name__startswith: 3 })
}
`

// ---------------------------------------------------------------------------------------------------
// What the rows should be, computed independently of the project.

type RowObj = Record<string, unknown>
const COLORS = ['Blue', 'Red', 'Green', 'Gold']
const FIRST = ['Ada', 'Bob', 'Cyd', 'Dee', 'Eve']

function expectedAuthors(s: Stage): RowObj[] {
  return Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `${FIRST[i % 5]} Writer ${i}`, ...(s.born ? { born: 1900 + i } : {}) }))
}

function expectedBooks(s: Stage, extra: readonly RowObj[] = []): RowObj[] {
  const rows: RowObj[] = Array.from({ length: 200 }, (_, j) => ({ id: j + 1, title: `${COLORS[Math.floor(j / 50)]} Book ${j}`, authorId: (j % 50) + 1, pages: 100 + j }))
  return [...rows, ...extra].map((r) => {
    const { pages, ...rest } = r
    return { ...rest, [s.pages]: pages, ...(s.edition ? { edition: 1 } : {}) }
  })
}

/** Compares ignoring key order. */
function sameRows(actual: unknown, expected: readonly RowObj[], what: string): void {
  const sort = (rows: readonly RowObj[]) => rows.map((r) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))
  assert.ok(Array.isArray(actual), `${what}: an array`)
  assert.equal(actual.length, expected.length, `${what}: row count`)
  assert.deepEqual(sort(actual as RowObj[]), sort(expected), what)
}

// ---------------------------------------------------------------------------------------------------

/** Each run's migration files (`app/migrations/name.ts` → source without the dated header line). */
const migrationFiles: Partial<Record<DatabaseTarget['vendor'], Record<string, string>>> = {}

function readMigrations(project: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const app of ['library', 'shop']) {
    for (const name of readdirSync(join(project, app, 'migrations')).filter((f) => f.endsWith('.ts')).sort()) {
      files[`${app}/migrations/${name}`] = readFileSync(join(project, app, 'migrations', name), 'utf8').replace(/^\/\/ Generated by .*\n/, '')
    }
  }
  return files
}

function evolutionSuite(target: DatabaseTarget): void {
  describe(`model evolution [${target.vendor}]`, { concurrency: 1 }, () => {
    let work = ''
    let project = ''
    let env: NodeJS.ProcessEnv = {}
    // The first commands go through npx as a user types them; the rest run the same binary directly
    // (node_modules/.bin/tango links to cli/bin/tango.js), which saves npx's half second per call.
    const npx = (args: readonly string[], input?: string) => exec('npx', args, project, env, input)
    const tango = (args: readonly string[], input?: string) => exec(process.execPath, [join(project, 'node_modules', '.bin', 'tango'), ...args], project, env, input)
    const probe = async (...actions: string[]): Promise<RowObj> => {
      const run = ok(await exec(process.execPath, [join(project, 'node_modules', '.bin', 'tsx'), 'probe.ts', ...actions], project, env), `probe ${actions.join(' ')}`)
      return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as RowObj
    }
    const writeModels = (s: Stage) => {
      writeFileSync(join(project, 'library', 'models.ts'), libraryModels(s))
      writeFileSync(join(project, 'shop', 'models.ts'), shopModels(s))
    }
    /** makemigrations (answering `input` when given, else --no-input), then migrate; returns makemigrations' output. */
    const evolve = async (stage: number, expectApplied: readonly string[], input?: string): Promise<string> => {
      writeModels(STAGES[stage] as Stage)
      const made = ok(await (input === undefined ? tango(['makemigrations', '--no-input']) : tango(['makemigrations'], input)), 'makemigrations')
      const migrated = ok(await tango(['migrate']), 'migrate')
      for (const name of expectApplied) assert.match(migrated.stdout, new RegExp(`Applying ${name.replace('.', '\\.')}\\S*\\.\\.\\. OK`))
      return made.stdout
    }
    const checkRows = async (stage: number, extraBooks: readonly RowObj[] = []) => {
      const s = STAGES[stage] as Stage
      const dump = await probe('dump')
      sameRows(dump.authors, expectedAuthors(s), `authors after stage ${stage}`)
      sameRows(dump.books, expectedBooks(s, extraBooks), `books after stage ${stage}`)
    }

    before(async () => {
      work = realpathSync(mkdtempSync(join(tmpdir(), 'tango-evolve-')))
      const url = await target.setUp(work)
      env = childEnv(url)
      ok(await exec(process.execPath, [TANGO, 'startproject', 'bookstore'], work, env), 'startproject')
      project = join(work, 'bookstore')
      ok(await tango(['startapp', 'library']), 'startapp library')
      ok(await tango(['startapp', 'shop']), 'startapp shop')
      const settingsFile = join(project, 'settings.ts')
      const settings = readFileSync(settingsFile, 'utf8')
        .replace('INSTALLED_APPS: [admin, sessions, auth, messages, staticfiles],', 'INSTALLED_APPS: [admin, sessions, auth, messages, staticfiles, library, shop],')
      assert.match(settings, /INSTALLED_APPS: \[admin, sessions, auth, messages, staticfiles, library, shop\]/)
      writeFileSync(settingsFile, `import library from './library/app.ts'\nimport shop from './shop/app.ts'\n${settings}`)
      writeFileSync(join(project, 'probe.ts'), PROBE)
      writeModels(STAGES[0] as Stage)
    })

    after(async () => {
      await target.tearDown()
      rmSync(work, { recursive: true, force: true })
    })

    test('makemigrations and migrate create both apps; rows are written and queried with typed lookups', async () => {
      const made = ok(await npx(['tango', 'makemigrations', '--no-input']), 'makemigrations')
      assert.match(made.stdout, /Migrations for 'library':\n {2}library\/migrations\/0001_initial\.ts\n {4}\+ Create model Author/)
      assert.match(made.stdout, /Migrations for 'shop':\n {2}shop\/migrations\/0001_initial\.ts\n {4}\+ Create model Book/)
      // The cross-app foreign key makes shop's first migration depend on library's.
      assert.match(readFileSync(join(project, 'shop', 'migrations', '0001_initial.ts'), 'utf8'), /dependencies: \[\['library', '0001_initial'\]\]/)
      const migrated = ok(await npx(['tango', 'migrate']), 'migrate')
      // library's before shop's; the project's own sessions and auth migrations may come in between.
      assert.match(migrated.stdout, /Applying library\.0001_initial\.\.\. OK\n(\s*Applying \w+\.0001_initial\.\.\. OK\n)*\s*Applying shop\.0001_initial\.\.\. OK/)

      const out = await probe('seed', 'lookups', 'dump')
      sameRows(out.authors, expectedAuthors(STAGES[0] as Stage), 'authors')
      sameRows(out.books, expectedBooks(STAGES[0] as Stage), 'books')
      // Authors whose first name is Ada: i % 5 === 0, 10 of them, 4 books each.
      assert.equal(out.adaBooks, 40)
      // Blue books are j < 50; 'blue book 1' matches j = 1 and 10..19, by authors j + 1.
      assert.deepEqual(out.blueOneAuthors, [2, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
      // Gold books (j >= 150) of the Eve authors (i % 5 === 4): j % 50 % 5 === 4.
      assert.deepEqual(out.ids, Array.from({ length: 50 }, (_, k) => 150 + k).filter((j) => j % 5 === 4).map((j) => j + 1))
    })

    test('(a) adding a non-null field with a default fills every existing row', async () => {
      const made = await evolve(1, ['shop.0002_add_book_edition'])
      assert.match(made, /shop\/migrations\/0002_add_book_edition\.ts\n {4}\+ Add field edition to book/)
      await checkRows(1)
    })

    test('(b) a rename confirmed at the prompt keeps the column data', async () => {
      // makemigrations reads the answer from stdin even when it is not a terminal.
      const made = await evolve(2, ['shop.0003_rename_book_pages_pagecount'], 'y\n')
      assert.match(made, /Was book\.pages renamed to book\.pageCount \(an IntegerField\)\? \[y\/N\] /)
      const file = readdirSync(join(project, 'shop', 'migrations')).find((f) => f.startsWith('0003_'))
      assert.ok(file !== undefined, 'a 0003 migration is written')
      const source = readFileSync(join(project, 'shop', 'migrations', file), 'utf8')
      assert.match(source, /renameField\(\{\s*model: 'shop\.Book',\s*oldName: 'pages',\s*newName: 'pageCount'/)
      assert.doesNotMatch(source, /removeField/)
      await checkRows(2)
    })

    test('(c) altering maxLength keeps the rows and admits longer values', async () => {
      const made = await evolve(3, ['shop.0004_alter_book_title'])
      assert.match(made, /~ Alter field title on book/)
      const out = await probe('long', 'dump')
      assert.equal(out.long, 150)
      const long = { id: 201, title: 'L'.repeat(150), authorId: 1, pages: 7 }
      sameRows(out.books, expectedBooks(STAGES[3] as Stage, [long]), 'books after the alter')
      sameRows(out.authors, expectedAuthors(STAGES[3] as Stage), 'authors after the alter')
    })

    test('(d) removing a field keeps every row and foreign key', async () => {
      const made = await evolve(4, ['library.0002_remove_author_born'])
      assert.match(made, /library\/migrations\/0002_remove_author_born\.ts\n {4}- Remove field born from author/)
      await checkRows(4, [{ id: 201, title: 'L'.repeat(150), authorId: 1, pages: 7 }])
    })

    test('(e) a unique constraint is added over the existing rows and enforced', async () => {
      const made = await evolve(5, ['shop.0005_'])
      assert.match(made, /shop_book_author_title_uniq/)
      const out = await probe('violate', 'dump')
      assert.equal(out.violate, 'IntegrityError')
      assert.equal(typeof out.otherAuthor, 'number', 'the same title for another author is inserted')
      const books = out.books as RowObj[]
      assert.equal(books.length, 202, 'the 201 earlier rows and the other author\'s book, not the duplicate')
      assert.equal(books.filter((b) => b.title === 'Blue Book 0').length, 2)
    })

    test('models and migrations agree; showmigrations lists all as applied; back to zero and forward again', async () => {
      const check = await tango(['makemigrations', '--check'])
      assert.equal(check.code, 0, check.stdout + check.stderr)
      assert.match(check.stdout, /No changes detected/)

      const shown = ok(await tango(['showmigrations']), 'showmigrations').stdout
      const applied = [...shown.matchAll(/\[X\] (\S+)/g)].map((m) => m[1])
      // The project's own admin, auth and sessions apps (one migration each) and the seven of library and shop.
      assert.equal(applied.length, 10, shown)
      assert.doesNotMatch(shown, /\[ \]/)
      assert.match(shown, /library\n \[X\] 0001_initial\n \[X\] 0002_remove_author_born\n/)
      assert.match(shown, /shop\n \[X\] 0001_initial\n \[X\] 0002_add_book_edition\n \[X\] 0003_rename_book_pages_pagecount\n \[X\] 0004_alter_book_title\n \[X\] 0005_\S+\n/)

      // Unapplying library's first migration unapplies shop's too (they depend on it).
      const zero = ok(await tango(['migrate', 'library', 'zero']), 'migrate library zero').stdout
      assert.equal([...zero.matchAll(/Unapplying (\S+)\.\.\. OK/g)].length, 7, zero)
      const none = ok(await tango(['showmigrations', 'library', 'shop']), 'showmigrations').stdout
      assert.doesNotMatch(none, /\[X\]/)

      const forward = ok(await tango(['migrate']), 'migrate forward').stdout
      assert.equal([...forward.matchAll(/Applying (\S+)\.\.\. OK/g)].length, 7, forward)
      // The rebuilt schema matches the final models: they can write and read, and the constraint holds.
      const out = await probe('seed', 'violate', 'lookups')
      assert.equal(out.violate, 'IntegrityError')
      assert.equal(out.adaBooks, 40)
      migrationFiles[target.vendor] = readMigrations(project)
    })

    if (target.vendor === 'sqlite') {
      test('the project type-checks: typed lookups compile, misspelled ones do not', async () => {
        const run = await exec(process.execPath, [TSC, '--noEmit', '-p', 'tsconfig.json'], project, env)
        assert.equal(run.code, 0, run.stdout + run.stderr)
      })
    }
  })
}

// The two databases run side by side (separate projects and databases); each suite's steps are in order.
describe('issue 3: two apps, five model changes, every row kept', { concurrency: true }, () => {
  forEachDatabaseTarget('model evolution', evolutionSuite)
})

// Both projects wrote the same migrations: makemigrations does not depend on the database.
describe('the migrations written for both databases', () => {
  test('are the same files with the same content', (t) => {
    if (!process.env.TEST_DATABASE_URL) return t.skip('one database only')
    assert.ok(migrationFiles.sqlite && Object.keys(migrationFiles.sqlite).length === 7, 'the SQLite run wrote 7 migrations')
    assert.deepEqual(migrationFiles.postgresql, migrationFiles.sqlite)
  })
})

// Tango's own Russian catalog: every message the framework marks (extracted from framework/src with
// the real makemessages extractor) has a complete translation that keeps its placeholders, the
// shipped tango.json is what compilemessages makes of the .po, and pages render in Russian end to
// end: form errors (with plurals), the login page, a model's unique error, the CSRF 403 page, the
// plain 404 page, and the admin's login page and index.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { after, afterEach, before, describe, test } from 'node:test'
import { po } from 'gettext-parser'
import { apps, configure } from 'tango/core'
import { ValidationError } from 'tango/db'
import { migrate } from 'tango/db/migrations'
import { CharField, EmailField, defineForm } from 'tango/forms'
import { createHandler } from 'tango/handler'
import { HttpResponse } from 'tango/http'
import { FRAMEWORK_LOCALE_DIR, LocaleMiddleware, compilePo, makeMessages, override, readPoFile, resetTranslationCaches } from 'tango/i18n'
import { CsrfViewMiddleware } from 'tango/middleware'
import { TestClient } from 'tango/test'
import { URLResolver, include, path } from 'tango/urls'
import sessionsApp, { SessionMiddleware } from 'tango/contrib/sessions'
import messagesApp, { MessageMiddleware } from 'tango/contrib/messages'
import authApp, { Argon2PasswordHasher, AuthenticationMiddleware, User, authUrls, makePassword, setPasswordHashers } from 'tango/contrib/auth'
import adminApp, { site } from 'tango/contrib/admin'
import { forEachDatabase } from '../../helpers/databases.ts'

const FRAMEWORK_SRC = fileURLToPath(new URL('../../../framework/src', import.meta.url))
const SHIPPED_PO = join(FRAMEWORK_LOCALE_DIR, 'ru', 'LC_MESSAGES', 'tango.po')
const SHIPPED_JSON = join(FRAMEWORK_LOCALE_DIR, 'ru', 'LC_MESSAGES', 'tango.json')

/** The `{name}` and `%(name)s` placeholders of a message, sorted (a translation must keep them all). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\w+\}|%\(\w+\)s/g)].map((m) => m[0]).sort()
}

describe('the shipped Russian catalog', () => {
  test('translates every message framework/src marks, in every plural form, keeping the placeholders', async () => {
    const work = mkdtempSync(join(tmpdir(), 'tango-catalog-'))
    try {
      const result = await makeMessages({ root: FRAMEWORK_SRC, localeDir: work, locales: ['ru'] })
      assert.ok(result.messages > 150, `only ${result.messages} messages extracted`)
      const extracted = po.parse(readFileSync(join(work, 'ru', 'LC_MESSAGES', 'tango.po')))
      const shipped = readPoFile(SHIPPED_PO).messages
      const problems: string[] = []
      let checked = 0
      for (const [context, entries] of Object.entries(extracted.translations)) {
        for (const [msgid, entry] of Object.entries(entries)) {
          if (msgid === '') continue
          checked++
          const where = entry.comments?.reference?.split('\n')[0] ?? '?'
          const forms = shipped.get(context === '' ? msgid : `${context}\u0004${msgid}`)
          const expectedForms = entry.msgid_plural === undefined ? 1 : 3
          if (forms === undefined || forms.length !== expectedForms || forms.some((f) => f === '')) {
            problems.push(`${where}: no complete ru translation for ${JSON.stringify(msgid)}`)
            continue
          }
          const wanted = placeholders(entry.msgid_plural ?? msgid)
          for (const form of forms) {
            if (JSON.stringify(placeholders(form)) !== JSON.stringify(wanted)) problems.push(`${where}: ${JSON.stringify(form)} does not keep ${wanted.join(' ')}`)
          }
        }
      }
      assert.equal(checked, result.messages)
      assert.deepEqual(problems, [], 'run makemessages for framework/src (see docs/i18n.md) and translate the new strings')
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  })

  test('has no fuzzy, empty or obsolete entries', () => {
    const parsed = po.parse(readFileSync(SHIPPED_PO))
    for (const entries of Object.values(parsed.translations)) {
      for (const [msgid, entry] of Object.entries(entries)) {
        if (msgid === '') continue
        assert.ok(!(entry.comments?.flag ?? '').includes('fuzzy'), `fuzzy: ${msgid}`)
        assert.ok(entry.msgstr.every((s) => s !== ''), `empty: ${msgid}`)
      }
    }
    assert.deepEqual(Object.keys(parsed.obsolete ?? {}), [])
    assert.match(parsed.headers['Plural-Forms'] ?? '', /^nplurals=3;/)
  })

  test('the shipped tango.json is what compilemessages makes of tango.po', () => {
    const compiled = compilePo(readFileSync(SHIPPED_PO, 'utf8'), SHIPPED_PO)
    assert.deepEqual(JSON.parse(readFileSync(SHIPPED_JSON, 'utf8')), compiled)
  })
})

describe('framework strings in Russian', () => {
  const Contact = defineForm({
    email: EmailField(),
    one: CharField({ maxLength: 1, required: false }),
    three: CharField({ maxLength: 3, required: false }),
    five: CharField({ maxLength: 5, required: false }),
    name: CharField(),
  })

  test('form errors: required, invalid email and the three plural forms of "at most N characters"', async () => {
    const data = { email: 'not-an-email', one: 'ab', three: 'abcd', five: 'abcdef', name: '' }
    const errors = await override('ru', async () => {
      const form = new Contact({ data })
      assert.equal(await form.isValid(), false)
      return form.errors
    })
    assert.deepEqual(errors, {
      email: ['Введите правильный адрес электронной почты.'],
      one: ['Убедитесь, что это значение содержит не более 1 символа (сейчас 2).'],
      three: ['Убедитесь, что это значение содержит не более 3 символов (сейчас 4).'],
      five: ['Убедитесь, что это значение содержит не более 5 символов (сейчас 6).'],
      name: ['Обязательное поле.'],
    })
    // No language active: Django's English, singular for 1.
    const english = new Contact({ data })
    await english.isValid()
    assert.deepEqual(english.errors.one, ['Ensure this value has at most 1 character (it has 2).'])
    assert.deepEqual(english.errors.name, ['This field is required.'])
  })
})

forEachDatabase('framework pages in Russian', () => {
  const routes = new URLResolver([
    path('accounts/', include([...authUrls])),
    path('post/', () => new HttpResponse('posted')),
  ])

  async function client(options: { enforceCsrfChecks?: boolean } = {}): Promise<TestClient> {
    const handler = await createHandler({ resolver: routes, middleware: [LocaleMiddleware, CsrfViewMiddleware], debug: false })
    return new TestClient(handler, { enforceCsrfChecks: options.enforceCsrfChecks ?? false })
  }
  const ru = { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } }

  before(async () => {
    resetTranslationCaches()
    await apps.ready()
    await migrate()
    await User.objects.create({ username: 'ada', email: 'ada@example.com', password: '!' })
  })
  afterEach(() => resetTranslationCaches())
  after(() => configure({}))

  test('the login page through the handler, with Accept-Language: ru', async () => {
    const page = await (await client()).get('/accounts/login/', ru)
    assert.equal(page.status, 200)
    assert.equal(page.headers.get('content-language'), 'ru')
    const html = page.text()
    assert.match(html, /<html lang="ru">/)
    assert.match(html, /<title>Войти<\/title>/)
    assert.match(html, /<h1>Войти<\/h1>/)
    assert.match(html, /<button type="submit">Войти<\/button>/)
    assert.match(html, />Имя пользователя:<\/label>/)
    assert.match(html, />Пароль:<\/label>/)
    assert.match(html, />Забыли пароль\?<\/a>/)
    const english = (await (await client()).get('/accounts/login/')).text()
    assert.match(english, /<title>Log in<\/title>/)
    assert.match(english, />Username:<\/label>/)
  })

  test('a model unique error and field validation in Russian', async () => {
    const twin = new User({ username: 'ada', email: 'bad', password: '!' })
    const error = await override('ru', () => twin.fullClean().then(() => null, (e: unknown) => e))
    assert.ok(error instanceof ValidationError)
    assert.deepEqual(error.errors.username, ['Пользователь с таким Имя пользователя уже существует.'])
    assert.deepEqual(error.errors.email, ['Введите правильный адрес электронной почты.'])
    const english = await twin.fullClean().then(() => null, (e: unknown) => e)
    assert.ok(english instanceof ValidationError)
    assert.deepEqual(english.errors.username, ['User with this Username already exists.'])
  })

  test('the CSRF failure page and the plain 404 page in Russian', async () => {
    const c = await client({ enforceCsrfChecks: true })
    const forbidden = await c.post('/post/', { x: '1' }, ru)
    assert.equal(forbidden.status, 403)
    const html = forbidden.text()
    assert.match(html, /<html lang="ru">/)
    assert.match(html, /<title>403 Доступ запрещён<\/title>/)
    assert.match(html, /<h1>Доступ запрещён <span>\(403\)<\/span><\/h1>/)
    assert.match(html, /<p>Ошибка проверки CSRF\. Запрос отклонён\.<\/p>/)
    assert.match(html, /требует, чтобы при отправке форм была установлена CSRF-cookie/)
    assert.match(html, /Подробности доступны при DEBUG=true\./)
    assert.doesNotMatch(html, /Reason given for failure/)
    const missing = await c.get('/nowhere/', ru)
    assert.equal(missing.status, 404)
    assert.match(missing.text(), /<h1>Не найдено<\/h1>/)
  })
}, { settings: { SECRET_KEY: 'catalog-complete-test-secret-key-0123456789', INSTALLED_APPS: [sessionsApp, authApp], REQUEST_LOGGING: false, ALLOWED_HOSTS: ['testserver'], LANGUAGE_CODE: 'en-us', LANGUAGES: [['en', 'English'], ['ru', 'Russian']] } })

const adminUrls = async () => ({ urlpatterns: [path('admin/', include(site.urls))] })

forEachDatabase('the admin in Russian', () => {
  const ru = { headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } }

  async function client(): Promise<TestClient> {
    const handler = await createHandler({
      middleware: [SessionMiddleware, LocaleMiddleware, CsrfViewMiddleware, AuthenticationMiddleware, MessageMiddleware],
      debug: false,
    })
    return new TestClient(handler)
  }

  before(async () => {
    resetTranslationCaches()
    setPasswordHashers([new Argon2PasswordHasher({ timeCost: 1, memoryCost: 4096, parallelism: 1 })])
    await apps.ready()
    await migrate()
    await User.objects.create({ username: 'root', email: 'root@example.com', password: await makePassword('correct-horse-42'), isStaff: true, isSuperuser: true })
  }, { timeout: 60_000 })
  afterEach(() => resetTranslationCaches())
  after(() => {
    setPasswordHashers(null)
    configure({})
  })

  test('the login page and the index, with Accept-Language: ru through LocaleMiddleware', async () => {
    const c = await client()
    const login = await c.get('/admin/login/', ru)
    assert.equal(login.status, 200)
    assert.equal(login.headers.get('content-language'), 'ru')
    const form = login.text()
    assert.match(form, /<html lang="ru">/)
    assert.match(form, /<title>Войти \| Административный сайт Tango<\/title>/)
    assert.match(form, /<a href="\/admin\/">Администрирование Tango<\/a>/)
    assert.match(form, /<h1>Войти<\/h1>/)
    assert.match(form, />Имя пользователя:<\/label>/)
    assert.match(form, />Пароль:<\/label>/)
    assert.match(form, /<button type="submit" class="default">Войти<\/button>/)
    assert.match(form, /Перейти к основному содержимому/)

    const loggedIn = await c.post('/admin/login/', { username: 'root', password: 'correct-horse-42', next: '/admin/' }, ru)
    assert.equal(loggedIn.status, 302)
    const index = await c.get('/admin/', ru)
    assert.equal(index.status, 200)
    const html = index.text()
    assert.match(html, /<html lang="ru">/)
    assert.match(html, /<title>Администрирование сайта \| Административный сайт Tango<\/title>/)
    assert.match(html, /<h1>Администрирование сайта<\/h1>/)
    assert.match(html, /Добро пожаловать, <strong>root<\/strong>/)
    assert.match(html, />Открыть сайт<\/a>/)
    assert.match(html, />Изменить пароль<\/a>/)
    assert.match(html, /<button type="submit">Выйти<\/button>/)
    // Model names are the models' verbose names, translated where they are shown.
    assert.match(html, /<a href="\/admin\/auth\/user\/">Пользователи<\/a>/)
    assert.match(html, /<a href="\/admin\/auth\/group\/">Группы<\/a>/)
    assert.match(html, /class="addlink"[^>]*>Добавить<\/a>/)
    assert.match(html, /class="changelink"[^>]*>Изменить<\/a>/)
    assert.match(html, /<h2 id="recent-actions-title">Недавние действия<\/h2>/)
    assert.match(html, /Пользователи и группы/, "the auth app's caption (its verboseName, marked with gettextNoop)")
    assert.match(html, /<h3>Мои действия<\/h3>/)
    assert.match(html, /<p>Недоступно<\/p>/)
    assert.doesNotMatch(html, /Site administration|Recent actions|Log out/)

    const english = (await c.get('/admin/')).text()
    assert.match(english, /<h1>Site administration<\/h1>/)
    assert.match(english, /<a href="\/admin\/auth\/user\/">Users<\/a>/)
    assert.match(english, /<h2 id="recent-actions-title">Recent actions<\/h2>/)
  })
}, { settings: { SECRET_KEY: 'catalog-complete-admin-secret-key-0123456789', INSTALLED_APPS: [sessionsApp, messagesApp, authApp, adminApp], ROOT_URLCONF: adminUrls, REQUEST_LOGGING: false, ALLOWED_HOSTS: ['testserver'], LANGUAGE_CODE: 'en-us', LANGUAGES: [['en', 'English'], ['ru', 'Russian']] } })

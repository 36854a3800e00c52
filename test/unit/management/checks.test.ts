import assert from 'node:assert/strict'
import { afterEach, describe, test } from 'node:test'
import { configure, defineSettings } from '../../../framework/src/core/index.ts'
import { CheckLevel, checkMessage, checkTags, registerCheck, runChecks } from '../../../framework/src/core/checks.ts'
import { formatCheckMessage, formatCheckReport } from '../../../framework/src/management/index.ts'

const GOOD_KEY = 'Zq8#vL2@pX9$wR4!mN7&bT1*cY6^hJ3(fD5)gS0=aQ1%eW2+rT3-yU4'
const urlconf = async () => ({ urlpatterns: [] })

/** Settings that pass every deployment check. */
function secure() {
  return defineSettings({
    DEBUG: false, SECRET_KEY: GOOD_KEY, ALLOWED_HOSTS: ['example.com'], ROOT_URLCONF: urlconf,
    SECURE_HSTS_SECONDS: 31_536_000, SECURE_HSTS_INCLUDE_SUBDOMAINS: true, SECURE_SSL_REDIRECT: true,
    SESSION_COOKIE_SECURE: true, CSRF_COOKIE_SECURE: true,
  }, {})
}

const ids = async (options: Parameters<typeof runChecks>[0]) => (await runChecks(options)).map((m) => m.id)

afterEach(() => configure(defineSettings({}, {})))

describe('runChecks', () => {
  test('a secure configuration passes the deployment checks', async () => {
    configure(secure())
    assert.deepEqual(await ids({ deploy: true }), [])
  })

  test('deployment checks only run with deploy', async () => {
    configure(defineSettings({ DEBUG: true, ROOT_URLCONF: urlconf }, {}))
    assert.deepEqual(await ids({}), [])
    assert.ok((await ids({ deploy: true })).includes('security.W018'))
  })

  test('each insecure setting gives its Django id', async () => {
    const cases: [Parameters<typeof defineSettings>[0], string][] = [
      [{ DEBUG: true }, 'security.W018'],
      [{ SECRET_KEY: 'short' }, 'security.W009'],
      [{ SECRET_KEY: 'ab'.repeat(40) }, 'security.W009'],
      [{ SECRET_KEY: `tango-insecure-${GOOD_KEY}` }, 'security.W009'],
      [{ SECRET_KEY_FALLBACKS: ['old'] }, 'security.W025'],
      [{ ALLOWED_HOSTS: [] }, 'security.W020'],
      [{ SESSION_COOKIE_SECURE: false }, 'security.W012'],
      [{ CSRF_COOKIE_SECURE: false }, 'security.W016'],
      [{ SECURE_HSTS_SECONDS: 0 }, 'security.W004'],
      [{ SECURE_HSTS_INCLUDE_SUBDOMAINS: false }, 'security.W005'],
      [{ SECURE_SSL_REDIRECT: false }, 'security.W008'],
      [{ SECURE_REFERRER_POLICY: null }, 'security.W022'],
    ]
    for (const [change, id] of cases) {
      configure(defineSettings({ ...secure(), ...change }, {}))
      assert.deepEqual(await ids({ deploy: true }), [id], JSON.stringify(change))
    }
  })

  test('a missing or broken ROOT_URLCONF is an error', async () => {
    configure(defineSettings({ ROOT_URLCONF: null }, {}))
    const [missing] = await runChecks()
    assert.equal(missing?.id, 'urls.E010')
    assert.equal(missing?.level, CheckLevel.ERROR)
    configure(defineSettings({ ROOT_URLCONF: () => Promise.reject(new Error('boom')) }, {}))
    assert.match((await runChecks())[0]?.msg ?? '', /could not be imported: boom/)
    configure(defineSettings({ ROOT_URLCONF: async () => ({}) as never }, {}))
    assert.deepEqual(await ids({}), ['urls.E012'])
  })

  test('registered checks run, filter by tag, can be silenced and unregistered', async () => {
    configure(secure())
    const unregister = registerCheck(() => [checkMessage(CheckLevel.WARNING, 'Too large.', { id: 'news.W001', obj: 'news' })], { tags: ['news'] })
    try {
      assert.deepEqual(await ids({}), ['news.W001'])
      assert.deepEqual(await ids({ tags: ['urls'] }), [])
      assert.deepEqual(await ids({ tags: ['news'] }), ['news.W001'])
      assert.deepEqual(await ids({ silenced: ['news.W001'] }), [])
      assert.ok(checkTags().includes('news'))
      assert.ok(!checkTags().includes('security'))
      assert.ok(checkTags(true).includes('security'))
    } finally {
      unregister()
    }
    assert.deepEqual(await ids({}), [])
  })
})

describe('formatCheckReport', () => {
  test('says so when there is nothing to report', () => {
    assert.deepEqual(formatCheckReport([]), { text: 'System check identified no issues (0 silenced).', serious: false, count: 0 })
  })

  test("groups by level, most severe first, sorted inside a group, as Django's check command", () => {
    const report = formatCheckReport([
      checkMessage(CheckLevel.WARNING, 'B.', { id: 'security.W018' }),
      checkMessage(CheckLevel.WARNING, 'A.', { id: 'security.W004', hint: 'Read the docs.' }),
      checkMessage(CheckLevel.ERROR, 'No urls.', { id: 'urls.E010', obj: 'settings' }),
    ], { silenced: 2 })
    assert.equal(report.serious, true)
    assert.equal(report.text, [
      'SystemCheckError: System check identified some issues:',
      '',
      'ERRORS:',
      'settings: (urls.E010) No urls.',
      '',
      'WARNINGS:',
      '?: (security.W004) A.',
      '\tHINT: Read the docs.',
      '?: (security.W018) B.',
      '',
      'System check identified 3 issues (2 silenced).',
    ].join('\n'))
  })

  test('warnings alone are not serious unless the fail level says so', () => {
    const warning = checkMessage(CheckLevel.WARNING, 'W.', { id: 'x.W001' })
    assert.equal(formatCheckReport([warning]).serious, false)
    assert.match(formatCheckReport([warning]).text, /identified 1 issue \(0 silenced\)/)
    assert.equal(formatCheckReport([warning], { failLevel: CheckLevel.WARNING }).serious, true)
    assert.equal(formatCheckMessage(warning), '?: (x.W001) W.')
  })
})

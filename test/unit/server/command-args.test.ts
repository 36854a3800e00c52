import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { UsageError } from '../../../framework/src/server/command-line.ts'
import { parseRunserverArgs } from '../../../framework/src/server/runserver-command.ts'
import { parseServeArgs } from '../../../framework/src/server/serve-command.ts'

describe('serve options', () => {
  test("takes gunicorn's option names, long and short", () => {
    assert.deepEqual(
      parseServeArgs(['-b', 'unix:/tmp/s.sock', '-w', '3', '-t', '10', '--graceful-timeout', '5', '--max-requests', '1000', '--max-requests-jitter', '50', '--forwarded-allow-ips', '10.0.0.1,10.0.0.2']),
      { bind: 'unix:/tmp/s.sock', workers: 3, timeout: 10, gracefulTimeout: 5, maxRequests: 1000, maxRequestsJitter: 50, forwardedAllowIps: '10.0.0.1,10.0.0.2' },
    )
    assert.deepEqual(parseServeArgs([]), {})
    assert.equal(parseServeArgs(['--help']), 'help')
  })

  test('refuses unknown options, bad numbers and bad addresses', () => {
    assert.throws(() => parseServeArgs(['--wrokers', '2']), /Unknown option/)
    assert.throws(() => parseServeArgs(['--workers', '0']), UsageError)
    assert.throws(() => parseServeArgs(['--workers', '1.5']), /--workers must be an integer/)
    assert.throws(() => parseServeArgs(['--timeout=-1']), /--timeout must be a number >= 0/)
    assert.throws(() => parseServeArgs(['--bind', '1.2.3.4:70000']), UsageError)
  })
})

describe('runserver arguments', () => {
  test("takes Django's [addr:]port and switches", () => {
    assert.deepEqual(parseRunserverArgs(['0.0.0.0:9000', '--noreload', '--nostatic']), { addrport: '0.0.0.0:9000', reload: false, static: false })
    assert.deepEqual(parseRunserverArgs(['8001']), { addrport: '8001' })
    assert.deepEqual(parseRunserverArgs([]), {})
  })

  test('refuses two addresses and unknown options', () => {
    assert.throws(() => parseRunserverArgs(['8000', '8001']), /at most one/)
    assert.throws(() => parseRunserverArgs(['--reload']), /Unknown option/)
  })
})

import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sql } from 'kysely'
import { db } from '../../../../framework/src/db/connection.ts'
import { atomic, getConnectionState, onCommit, TransactionManagementError } from '../../../../framework/src/db/transaction.ts'
import { forEachDatabase } from '../../../helpers/databases.ts'

const names = async (): Promise<string[]> => (await db().selectFrom('item').select('name').orderBy('name').execute()).map((r) => String(r.name))
const insert = async (name: string): Promise<void> => { await db().insertInto('item').values({ name }).execute() }

/** Repository code far down the call stack: it only knows db(). */
async function deepInTheCallStack(depth: number, name: string): Promise<void> {
  if (depth > 0) return deepInTheCallStack(depth - 1, name)
  await insert(name)
  await names()
}

forEachDatabase('atomic()', (ctx) => {
  test('setup', async () => {
    await sql.raw('CREATE TABLE item (name varchar(50) NOT NULL)').execute(ctx.connection().kysely)
  })

  test('commits the outermost block, rolls it all back when it throws', async () => {
    await sql.raw('DELETE FROM item').execute(db())
    await atomic(async () => { await insert('a'); await insert('b') })
    await assert.rejects(atomic(async () => { await insert('c'); throw new Error('boom') }), /boom/)
    assert.deepEqual(await names(), ['a', 'b'])
  })

  test('a nested block that throws rolls back only itself (savepoint)', async () => {
    await sql.raw('DELETE FROM item').execute(db())
    await atomic(async () => {
      await insert('outer')
      await assert.rejects(atomic(async () => {
        await insert('inner')
        assert.equal(getConnectionState().savepointDepth, 1)
        throw new Error('inner fails')
      }), /inner fails/)
      await atomic(async () => { await atomic(async () => insert('deep')) })
      assert.equal(getConnectionState().savepointDepth, 0)
    })
    assert.deepEqual(await names(), ['deep', 'outer'])
  })

  test('an error caught inside savepoint: false dooms the transaction', async () => {
    await sql.raw('DELETE FROM item').execute(db())
    await assert.rejects(atomic(async () => {
      await insert('x')
      await atomic(async () => { throw new Error('swallowed') }, { savepoint: false }).catch(() => undefined)
    }), TransactionManagementError)
    assert.deepEqual(await names(), [])
  })

  test('db() deep in the call stack uses the open transaction (no deadlock, even on SQLite)', async () => {
    await sql.raw('DELETE FROM item').execute(db())
    await atomic(async () => {
      await deepInTheCallStack(10, 'deep1')
      await Promise.resolve().then(() => deepInTheCallStack(3, 'deep2'))
      assert.equal(getConnectionState().inAtomicBlock, true)
    })
    assert.deepEqual(await names(), ['deep1', 'deep2'])
    assert.equal(getConnectionState().inAtomicBlock, false)
  })

  test('a lazy thenable returned by fn (a QuerySet) is awaited inside the transaction', { timeout: 10_000 }, async () => {
    await sql.raw('DELETE FROM item').execute(db())
    let inAtomicBlock: boolean | null = null
    // Like a QuerySet: nothing runs until then() is called.
    const lazyNames = (): PromiseLike<string[]> => ({
      then(onFulfilled, onRejected) {
        inAtomicBlock = getConnectionState().inAtomicBlock
        return names().then(onFulfilled, onRejected)
      },
    })
    const result = await atomic(async () => {
      await insert('lazy')
      return undefined
    }).then(() => atomic(() => lazyNames()))
    assert.deepEqual(result, ['lazy'])
    assert.equal(inAtomicBlock, true)
  })

  test('onCommit runs after the outermost commit, in order; dropped on rollback', async () => {
    const calls: string[] = []
    await atomic(async () => {
      await onCommit(() => calls.push('first'))
      await atomic(async () => { await onCommit(() => calls.push('kept')) })
      await atomic(async () => {
        await onCommit(() => calls.push('dropped with savepoint'))
        throw new Error('x')
      }).catch(() => undefined)
      assert.equal(getConnectionState().pendingOnCommit, 2)
      assert.deepEqual(calls, [])
    })
    assert.deepEqual(calls, ['first', 'kept'])
    await atomic(async () => { await onCommit(() => calls.push('never')); throw new Error('rollback') }).catch(() => undefined)
    await onCommit(() => calls.push('now'))
    assert.deepEqual(calls, ['first', 'kept', 'now'])
  })

  test('concurrent outermost blocks each keep their own work', async () => {
    await sql.raw('DELETE FROM item').execute(db())
    await Promise.all([
      atomic(async () => { await insert('p1'); await insert('p2') }),
      atomic(async () => { await insert('q1'); throw new Error('q fails') }).catch(() => undefined),
      atomic(async () => { await insert('r1') }),
    ])
    assert.deepEqual(await names(), ['p1', 'p2', 'r1'])
  })
})

forEachDatabase('PostgreSQL connection loss', (ctx) => {
  test('an idle pooled connection ended by the server neither crashes the process nor breaks the next query', async () => {
    const pid = Number((await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db())).rows[0]?.pid)
    assert.ok(pid > 0)
    // End that backend from a separate session, as a server restart would, while it idles in the pool.
    const pg = await import('pg')
    const admin = new pg.default.Client({ connectionString: ctx.url() })
    await admin.connect()
    try {
      const ended = await admin.query('SELECT pg_terminate_backend($1) AS ended', [pid])
      assert.equal(ended.rows[0]?.ended, true)
    } finally {
      await admin.end()
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    assert.equal((await sql<{ one: number }>`SELECT 1 AS one`.execute(db())).rows[0]?.one, 1)
  })
}, { vendors: ['postgresql'] })

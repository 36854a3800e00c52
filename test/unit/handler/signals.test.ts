import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Signal } from '../../../framework/src/core/signals.ts'

describe('Signal', () => {
  test('send calls receivers in connection order, awaiting each, and returns their values', async () => {
    const signal = new Signal<{ n: number }>('test')
    const order: string[] = []
    signal.connect(async ({ n }) => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      order.push(`slow ${n}`)
      return 'a'
    })
    signal.connect(({ n }) => {
      order.push(`fast ${n}`)
      return 'b'
    })
    assert.deepEqual(await signal.send({ n: 1 }), ['a', 'b'])
    assert.deepEqual(order, ['slow 1', 'fast 1'])
  })

  test('sending with no receivers returns an empty list and hasReceivers is false', async () => {
    const signal = new Signal<{ n: number }>()
    assert.equal(signal.hasReceivers, false)
    assert.deepEqual(await signal.send({ n: 1 }), [])
    assert.deepEqual(await signal.sendRobust({ n: 1 }), [])
  })

  test('connecting the same receiver or dispatchUid twice registers it once', async () => {
    const signal = new Signal<null>()
    let calls = 0
    const receiver = (): void => {
      calls++
    }
    signal.connect(receiver)
    signal.connect(receiver)
    signal.connect(() => calls++, { dispatchUid: 'x' })
    signal.connect(() => calls++, { dispatchUid: 'x' })
    assert.equal(signal.receiverCount, 2)
    await signal.send(null)
    assert.equal(calls, 2)
  })

  test('disconnect by function or by dispatchUid', () => {
    const signal = new Signal<null>()
    const a = (): void => {}
    signal.connect(a)
    signal.connect(() => {}, { dispatchUid: 'b' })
    assert.equal(signal.disconnect(a), true)
    assert.equal(signal.disconnect(null, { dispatchUid: 'b' }), true)
    assert.equal(signal.disconnect(a), false)
    assert.equal(signal.hasReceivers, false)
  })

  test('send stops at the first error; sendRobust collects errors and calls everyone', async () => {
    const signal = new Signal<null>()
    const reached: number[] = []
    signal.connect(() => {
      throw new Error('boom')
    })
    signal.connect(() => {
      reached.push(2)
      return 2
    })
    await assert.rejects(signal.send(null), /boom/)
    assert.deepEqual(reached, [])
    const results = await signal.sendRobust(null)
    assert.equal(results.length, 2)
    assert.equal(results[0]?.ok, false)
    assert.match(String(results[0]?.ok === false && (results[0].error as Error).message), /boom/)
    assert.deepEqual(results[1]?.ok && results[1].value, 2)
    assert.deepEqual(reached, [2])
  })
})

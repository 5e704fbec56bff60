// The local stack's gate (supabase/local/gate.ts): exclusive SQL waits for shared holders, and also
// for the session to leave a transaction block — a request whose client went away has released its
// shared hold while PostgREST still runs its transaction.
import { describe, it, expect } from 'vitest'
import { Gate } from '../../supabase/local/gate.ts'

describe('Gate', () => {
  it('runs exclusive work only after the shared holders are done', async () => {
    const gate = new Gate()
    const order: string[] = []
    const release = await gate.acquireShared()
    const x = gate.exclusive(async () => order.push('exclusive'))
    await new Promise((r) => setTimeout(r, 20))
    order.push('shared done')
    release()
    await x
    expect(order).toEqual(['shared done', 'exclusive'])
  })

  it('waits while the session is inside a transaction, though no one holds the gate', async () => {
    let inTx = true
    const gate = new Gate(() => inTx)
    const order: string[] = []
    const x = gate.exclusive(async () => order.push('exclusive'))
    await new Promise((r) => setTimeout(r, 30))
    order.push('commit')
    inTx = false
    await x
    expect(order).toEqual(['commit', 'exclusive'])
  })

  it('shared holders wait for an exclusive holder that is waiting for the session', async () => {
    let inTx = true
    const gate = new Gate(() => inTx)
    const order: string[] = []
    const x = gate.exclusive(async () => order.push('exclusive'))
    const y = gate.shared(async () => order.push('shared'))
    await new Promise((r) => setTimeout(r, 20))
    inTx = false
    await Promise.all([x, y])
    expect(order).toEqual(['exclusive', 'shared'])
  })
})

// Who gets paid for each peer: the verified `payees` declarations, latched.
//
// A peer's first verified payee is final for this validator. Letting a peer repoint its id later would move
// units that were already receipted (and maybe paid) to a second wallet, paying them twice; a volunteer who
// switches wallets joins again with a fresh session key instead.
import type { Address, Hex } from 'viem'
import type * as Y from 'yjs'
import { InvalidPayeeError } from '../core/rewards/InvalidPayeeError.ts'
import { payeesMapName } from '../core/rewards/payeeRecord.ts'
import { verifyPayee } from '../core/rewards/verifyPayee.ts'
import type { PeerId } from '../core/types/PeerId.ts'

export type PayeeBook = {
  /** Peer → payee, for every peer with a verified declaration. */
  payees(): ReadonlyMap<PeerId, Address>
  /** Called after the book gained a payee. */
  subscribe(listener: () => void): () => void
  /** Declarations ignored, counted by reason. */
  readonly ignored: ReadonlyMap<string, number>
  /** Resolves once every declaration seen so far has been checked. */
  settled(): Promise<void>
  close(): void
}

export type CreatePayeeBookParameters = { doc: Y.Doc; swarmId: Hex; onError: (error: unknown) => void }

export function createPayeeBook({ doc, swarmId, onError }: CreatePayeeBookParameters): PayeeBook {
  const map = doc.getMap<unknown>(payeesMapName)
  const latched = new Map<PeerId, Address>()
  const ignored = new Map<string, number>()
  const listeners = new Set<() => void>()
  const count = (reason: string) => ignored.set(reason, (ignored.get(reason) ?? 0) + 1)
  // Checked one at a time in arrival order, so that which declaration latches never depends on signature timing.
  let queue = Promise.resolve()

  const check = (key: string, value: unknown) => {
    queue = queue.then(async () => {
      try {
        const record = await verifyPayee({ swarmId, key, value })
        const current = latched.get(record.peer)
        if (current === record.payee) return
        if (current !== undefined) return void count('payee changed after it was latched')
        latched.set(record.peer, record.payee)
        for (const listener of [...listeners]) listener()
      } catch (error) {
        if (error instanceof InvalidPayeeError)
          count(error.reason.startsWith('signed by') ? 'not signed by the peer' : error.reason)
        else onError(error)
      }
    })
  }
  const observer = (event: Y.YMapEvent<unknown>) => {
    for (const [key, change] of event.changes.keys) if (change.action !== 'delete') check(key, map.get(key))
  }
  map.forEach((value, key) => check(key, value))
  map.observe(observer)

  return {
    payees: () => latched,
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    ignored,
    settled: () => queue,
    close: () => map.unobserve(observer),
  }
}

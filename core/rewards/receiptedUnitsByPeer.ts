// What validators have receipted so far, per peer (a report, not a claim). Receipts name the wallet a peer declared
// in the doc's `payees` map (payeeRecord.ts), not the peer: each peer with a valid declaration gets the units of its
// payee's newest receipt a manifest validator signed in the `receipts` map (publishedReceipt.ts), whatever the
// threshold; peers sharing a wallet each show that wallet's total. Anyone can write to both maps, so every entry goes
// through verifyPayee's and assembleReceipt's checks; what fails them counts for nothing.
import type { Address, Hex } from 'viem'
import type { RewardSpec } from '../manifest/Manifest.ts'
import type { PeerId } from '../types/PeerId.ts'
import { assembleReceipt, type PublishedEntry } from './assembleReceipt.ts'
import { InvalidPayeeError } from './InvalidPayeeError.ts'
import type { PayeeRecord } from './payeeRecord.ts'
import { verifyPayee } from './verifyPayee.ts'

export type ReceiptedUnitsByPeerParameters = {
  swarm: Hex
  rewards: Pick<RewardSpec, 'chainId' | 'contract' | 'validators' | 'threshold'>
  /** The doc's `payees` and `receipts` map entries (anyone's, any shape). */
  payees: Iterable<PublishedEntry>
  receipts: Iterable<PublishedEntry>
  /** Unix seconds: expired receipts do not count. */
  now: bigint
}

/** Each peer (lowercase id, as payee records name it) whose payee holds a valid receipt, and that receipt's total. */
export async function receiptedUnitsByPeer(parameters: ReceiptedUnitsByPeerParameters): Promise<Map<PeerId, bigint>> {
  const { swarm, rewards, now } = parameters
  const receipts = [...parameters.receipts]
  const byPayee = new Map<Address, bigint | undefined>()
  const units = new Map<PeerId, bigint>()
  for (const [key, value] of parameters.payees) {
    let record: PayeeRecord
    try {
      record = await verifyPayee({ swarmId: swarm, key, value })
    } catch (error) {
      if (error instanceof InvalidPayeeError) continue
      throw error
    }
    if (!byPayee.has(record.payee)) {
      const { newest } = await assembleReceipt({ swarm, contributor: record.payee, rewards, entries: receipts, now })
      byPayee.set(record.payee, newest?.receipt.totalUnits)
    }
    const total = byPayee.get(record.payee)
    if (total !== undefined) units.set(record.peer, total)
  }
  return units
}

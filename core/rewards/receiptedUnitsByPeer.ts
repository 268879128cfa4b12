// What validators have receipted so far, per contributor: the units of the newest receipt a manifest validator
// signed in the doc's `receipts` map (publishedReceipt.ts), whatever the threshold (a report, not a claim). Anyone can
// write to that map, so every entry goes through assembleReceipt's checks; what fails them counts for nothing.
import { type Address, type Hex, getAddress, isAddress } from 'viem'
import type { RewardSpec } from '../manifest/Manifest.ts'
import { assembleReceipt, type PublishedEntry } from './assembleReceipt.ts'

export type ReceiptedUnitsByPeerParameters = {
  swarm: Hex
  rewards: Pick<RewardSpec, 'chainId' | 'contract' | 'validators' | 'threshold'>
  /** The doc's receipts map entries (anyone's, any shape). */
  entries: Iterable<PublishedEntry>
  /** Unix seconds: expired receipts do not count. */
  now: bigint
}

/** Each contributor with a valid receipt (checksummed address) and its newest receipted total. */
export async function receiptedUnitsByPeer(parameters: ReceiptedUnitsByPeerParameters): Promise<Map<Address, bigint>> {
  const entries = [...parameters.entries]
  // Keys are `<contributor>:<validator>`; assembleReceipt ignores a key that does not match its entry.
  const contributors = new Set(entries.map(([key]) => key.split(':')[0]!).filter((key) => isAddress(key)))
  const units = new Map<Address, bigint>()
  for (const contributor of contributors) {
    const { newest } = await assembleReceipt({ ...parameters, contributor, entries })
    if (newest) units.set(getAddress(contributor), newest.receipt.totalUnits)
  }
  return units
}

// The doc's `receipts` map as the rewards panel reads it (core/rewards/assembleReceipt.ts): the session that holds
// the doc provides it, and the panel assembles a claimable receipt from it whatever the swarm's threshold.
import type { PublishedEntry } from '../../../core/rewards/assembleReceipt.ts'

export type PublishedReceipts = {
  /** Every entry now; none while no doc is open (before joining, after leaving). */
  entries(): PublishedEntry[]
  /** Called with the keys that changed, and with none when a new doc replaced the old one. */
  subscribe(listener: (keys: readonly string[]) => void): () => void
}

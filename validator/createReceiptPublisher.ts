// (core/rewards/publishedReceipt.ts) for every replica to see. Units come only from committed versions past the audit
// window, after probation, less what bans forfeit (core/rewards/unitsByPeer.ts), and the latched payees; a receipt
// never goes down, and one whose deadline is getting old is re-signed (refresh()).
import { type Address, type Hex, type LocalAccount, getAddress } from 'viem'
import type * as Y from 'yjs'
import type { Manifest, RewardSpec } from '../core/manifest/Manifest.ts'
import type { PeerId } from '../core/types/PeerId.ts'
import { recoverReceiptSigner } from '../core/rewards/recoverReceiptSigner.ts'
import { signReceipt } from '../core/rewards/signReceipt.ts'
import { MalformedReceiptError } from '../core/rewards/MalformedReceiptError.ts'
import {
  type PublishedReceipt,
  type SignedReceipt,
  decodeReceipt,
  encodeReceipt,
  receiptKey,
  receiptsMapName,
} from '../core/rewards/publishedReceipt.ts'
import {
  type DeadlinePolicy,
  deadlineIsStale,
  defaultDeadlinePolicy,
  receiptDeadline,
} from '../core/rewards/receiptDeadline.ts'
import { unitsByPayee } from '../core/rewards/unitsByPayee.ts'
import { unitsByPeer } from '../core/rewards/unitsByPeer.ts'
import { rewardRulesOf } from '../core/rewards/rewardRules.ts'
import type { SwarmState } from '../core/swarm/createSwarmState.ts'
import type { PayeeBook } from './createPayeeBook.ts'

export type CreateReceiptPublisherParameters = {
  /** The validator's replica of the swarm, created with the manifest's validator set so that bans count. */
  state: SwarmState
  swarmId: Hex
  manifest: Manifest & { rewards: RewardSpec }
  signer: Pick<LocalAccount, 'address' | 'signTypedData'>
  payees: PayeeBook
  /** Wall-clock milliseconds. */
  now: () => number
  policy?: DeadlinePolicy
  /** The highest version whose audits settled (createSwarmAuditor.ts): receipts wait for the rest. */
  auditedThrough?: () => number
  /** Each member's latest verified audit, when receipts stop there (createSwarmAuditor's verifiedThrough). */
  verifiedThrough?: () => ReadonlyMap<PeerId, number> | undefined
  onError: (error: unknown) => void
}
export type ReceiptPublisher = {
  /** This validator's newest receipt for `contributor`, if it has signed one. */
  receiptFor(contributor: Address): PublishedReceipt | undefined
  /** Re-checks every payee now: call it periodically so old deadlines are renewed while units stand still. */
  refresh(): Promise<void>
  /** Resolves when no signing is pending, nor any check of a receipt found under our key. */
  settled(): Promise<void>
  close(): void
}

export function createReceiptPublisher(parameters: CreateReceiptPublisherParameters): ReceiptPublisher {
  const { state, swarmId, manifest, signer, payees, now, policy = defaultDeadlinePolicy, onError } = parameters
  const { doc } = state
  const { chainId, contract } = manifest.rewards
  const rules = rewardRulesOf(manifest.rewards)
  const receipts = doc.getMap<unknown>(receiptsMapName)
  const signed = new Map<Address, SignedReceipt>()
  const ours = `:${signer.address.toLowerCase()}`
  let dirty = false
  let running: Promise<void> | undefined

  const publishOnce = async () => {
    const verifiedThrough = parameters.verifiedThrough?.()
    const units = unitsByPeer({
      versions: state.values('versions'),
      batchSize: manifest.training.batchSize,
      lastVersion: manifest.training.rounds,
      ...rules,
      bans: state.bans(),
      forfeitsFrom: state.forfeitures(),
      ...(parameters.auditedThrough ? { auditedThrough: parameters.auditedThrough() } : {}),
      ...(verifiedThrough ? { verifiedThrough } : {}),
    })
    const seconds = BigInt(Math.floor(now() / 1000))
    const fresh: SignedReceipt[] = []
    for (const [contributor, total] of unitsByPayee(units, payees.payees()).paid) {
      const last = signed.get(contributor)?.receipt
      if (last && total <= last.totalUnits && !deadlineIsStale(last.deadline, seconds, policy)) continue
      const receipt = {
        swarm: swarmId,
        contributor,
        totalUnits: last && last.totalUnits > total ? last.totalUnits : total,
        deadline: receiptDeadline(seconds, policy),
      }
      const { signature } = await signReceipt({ chainId, contract, receipt, signer })
      signed.set(contributor, { receipt, signatures: signature })
      fresh.push({ receipt, signatures: signature })
    }
    if (fresh.length === 0) return
    doc.transact(() => {
      for (const one of fresh) receipts.set(receiptKey(one.receipt.contributor, signer.address), encodeReceipt(one))
    })
  }
  const schedule = (): Promise<void> => {
    dirty = true
    running ??= (async () => {
      while (dirty) {
        dirty = false
        await publishOnce().catch(onError)
      }
    })().finally(() => {
      running = undefined
      // A change that arrived between the loop's last check and here found the loop still set and did not start
      // one: without this its units would wait for the next change.
      if (dirty) void schedule()
    })
    return running
  }

  // What the doc holds under our key: after a restart, our own earlier receipts, which we never sign below;
  // anything else (a forgery, garbage, a deletion) is put back to what we signed.
  const mineAt = (key: string) =>
    [...signed.values()].find((one) => receiptKey(one.receipt.contributor, signer.address) === key)
  const ourOwn = async (key: string, value: unknown): Promise<SignedReceipt | undefined> => {
    let found: SignedReceipt
    try {
      found = decodeReceipt(value)
    } catch (error) {
      if (error instanceof MalformedReceiptError) return undefined
      throw error
    }
    if (found.receipt.swarm !== swarmId || key !== receiptKey(found.receipt.contributor, signer.address))
      return undefined
    // A signature that does not even parse (wrong length) is simply not ours.
    const by = await recoverReceiptSigner({
      chainId,
      contract,
      receipt: found.receipt,
      signature: found.signatures,
    }).catch(() => undefined)
    return by === getAddress(signer.address) ? found : undefined
  }
  const adopt = async (key: string, value: unknown) => {
    const found = value === undefined ? undefined : await ourOwn(key, value)
    const mine = mineAt(key)
    if (found && (!mine || found.receipt.totalUnits > mine.receipt.totalUnits))
      signed.set(found.receipt.contributor, found)
    else if (mine && JSON.stringify(value) !== JSON.stringify(encodeReceipt(mine)))
      receipts.set(key, encodeReceipt(mine))
  }
  const checking = new Set<Promise<void>>()
  const check = (key: string, value: unknown) => {
    const done: Promise<void> = adopt(key, value)
      .catch(onError)
      .finally(() => checking.delete(done))
    checking.add(done)
  }
  const receiptsObserver = (event: Y.YMapEvent<unknown>, transaction: Y.Transaction) => {
    if (transaction.local) return
    for (const key of event.changes.keys.keys()) if (key.endsWith(ours)) check(key, receipts.get(key))
  }
  // Any change but to receipts may add units: a version, or the presence record that makes a version plausible
  // (core/swarm/recordPlausibility.ts). Bursts coalesce in `schedule`.
  const onTransaction = (transaction: Y.Transaction) => {
    if ([...transaction.changed.keys()].some((type) => type !== (receipts as unknown))) void schedule()
  }
  receipts.forEach((value, key) => {
    if (key.endsWith(ours)) check(key, value)
  })
  receipts.observe(receiptsObserver)
  doc.on('afterTransaction', onTransaction)
  const unsubscribe = payees.subscribe(() => void schedule())
  void schedule()

  return {
    receiptFor: (contributor) => {
      const found = signed.get(getAddress(contributor))
      return found && encodeReceipt(found)
    },
    refresh: schedule,
    settled: async () => {
      while (running || checking.size > 0) await Promise.all([running, ...checking])
    },
    close: () => {
      receipts.unobserve(receiptsObserver)
      doc.off('afterTransaction', onTransaction)
      unsubscribe()
    },
  }
}

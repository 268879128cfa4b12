// A claimable receipt from what validators published in the doc's `receipts` map (publishedReceipt.ts), for a
// swarm whose threshold may be above one. The map holds one entry per `<contributor>:<validator>`, each that
// validator's newest single signature, but anyone can write to it: every entry is untrusted until its signature
// recovers to the validator its key names, one of the manifest's, over this swarm, contributor, chain and contract.
//
// The contract pays a receipt only if `threshold` distinct validators signed the same digest, so the same swarm,
// contributor, totalUnits and deadline (ReceiptHash.sol). Validators sign when they see a version, a moment apart,
// so while training runs their newest totals often differ by a version or two; the pick is the highest total that
// enough of them signed identically, and the caller passes back `keep` (signatures above that pick) with the next
// entries, so a total they all passed through still counts after some of them have moved on. Once training stops
// every validator reads the same versions, so they sign the same last total.
import { type Address, type Hex, getAddress, isHex, size, slice } from 'viem'
import type { RewardSpec } from '../manifest/Manifest.ts'
import { MalformedReceiptError } from './MalformedReceiptError.ts'
import { packSignatures } from './packSignatures.ts'
import { type SignedReceipt, decodeReceipt, receiptKey } from './publishedReceipt.ts'
import { recoverReceiptSigner } from './recoverReceiptSigner.ts'
import type { Receipt } from './receiptTypes.ts'

export type PublishedEntry = readonly [key: string, value: unknown]

export type AssembleReceiptParameters = {
  swarm: Hex
  contributor: Address
  rewards: Pick<RewardSpec, 'chainId' | 'contract' | 'validators' | 'threshold'>
  /** The doc's receipts map entries (anyone's, any shape), and what the last call returned as `keep`. */
  entries: Iterable<PublishedEntry>
  /** Unix seconds: expired receipts do not count. */
  now: bigint
}

export type IgnoredReason =
  'malformed' | 'other-swarm' | 'other-contributor' | 'invalid-signature' | 'not-a-validator' | 'misplaced' | 'expired'
export type IgnoredEntry = { key: string; reason: IgnoredReason }
/** Validators who signed one receipt, in ascending address order. */
export type ReceiptTally = { receipt: Receipt; signers: Address[] }

export type AssembleReceiptReturnType = {
  /** The highest total `threshold` validators signed identically, packed for claim; undefined until there is one. */
  signed: SignedReceipt | undefined
  /** The highest total any validator has signed: ahead of `signed` while the others catch up. */
  newest: ReceiptTally | undefined
  /** Where the claim stands, in words for the page. */
  status: string
  /** This contributor's entries that did not count, and why. */
  ignored: IgnoredEntry[]
  /** Valid entries at or above the pick (at most `keptPerValidator` per validator): pass them back next time. */
  keep: PublishedEntry[]
}

/** Bounds `keep` when a validator runs far ahead of the others (the rest offline): its newest totals are enough. */
export const keptPerValidator = 16

// secp256k1 order / 2: the contract refuses a larger s (a malleable twin of a real signature).
const halfOrder = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n
const sMask = (1n << 255n) - 1n

type Valid = { key: string; value: unknown; receipt: Receipt; signer: Address; signature: Hex }

export async function assembleReceipt(parameters: AssembleReceiptParameters): Promise<AssembleReceiptReturnType> {
  const { swarm, rewards, now } = parameters
  const contributor = getAddress(parameters.contributor)
  const prefix = `${contributor.toLowerCase()}:`
  const validators = new Set(rewards.validators.map((validator) => BigInt(validator)))
  const ignored: IgnoredEntry[] = []
  const valid: Valid[] = []
  const seen = new Set<string>()
  for (const [key, value] of parameters.entries) {
    if (!key.startsWith(prefix)) continue // another contributor's: not ours to judge
    const text = `${key} ${JSON.stringify(value)}`
    if (seen.has(text)) continue // the doc's entry again, from `keep`
    seen.add(text)
    const reason = await check(key, value)
    if (typeof reason === 'string') ignored.push({ key, reason })
    else valid.push(reason)
  }

  async function check(key: string, value: unknown): Promise<IgnoredReason | Valid> {
    let decoded: SignedReceipt
    try {
      decoded = decodeReceipt(value)
    } catch (error) {
      if (error instanceof MalformedReceiptError) return 'malformed'
      throw error
    }
    const { receipt, signatures: signature } = decoded
    if (!isHex(signature) || size(signature) !== 64) return 'malformed' // one validator's own signature, not a pack
    if (receipt.swarm !== swarm.toLowerCase()) return 'other-swarm'
    if (receipt.contributor !== contributor) return 'other-contributor'
    if ((BigInt(slice(signature, 32)) & sMask) > halfOrder) return 'invalid-signature'
    const signer = await recoverReceiptSigner({
      chainId: rewards.chainId,
      contract: rewards.contract,
      receipt,
      signature,
    }).catch(() => undefined)
    // A signature over another chain, contract or total recovers to some unrelated address.
    if (signer === undefined) return 'invalid-signature'
    if (!validators.has(BigInt(signer))) return 'not-a-validator'
    if (key !== receiptKey(contributor, signer)) return 'misplaced'
    if (now > receipt.deadline) return 'expired'
    return { key, value, receipt, signer, signature }
  }

  // Identical receipts, one signature per validator (a second entry of the same validator over the same receipt
  // can only be a copy).
  const tallies = new Map<string, { receipt: Receipt; signatures: Map<Address, Hex> }>()
  for (const one of valid) {
    const id = `${one.receipt.totalUnits}:${one.receipt.deadline}`
    const tally = tallies.get(id) ?? { receipt: one.receipt, signatures: new Map<Address, Hex>() }
    tally.signatures.set(one.signer, one.signature)
    tallies.set(id, tally)
  }
  const ranked = [...tallies.values()].sort(
    (a, b) => compare(b.receipt.totalUnits, a.receipt.totalUnits) || compare(b.receipt.deadline, a.receipt.deadline),
  )
  const tallyOf = ({ receipt, signatures }: (typeof ranked)[number]): ReceiptTally => ({
    receipt,
    signers: [...signatures.keys()].sort((a, b) => compare(BigInt(a), BigInt(b))),
  })
  const threshold = Math.max(1, rewards.threshold)
  const best = ranked.find((tally) => tally.signatures.size >= threshold)
  const newest = ranked[0] && tallyOf(ranked[0])
  let signed: SignedReceipt | undefined
  if (best) {
    const signers = tallyOf(best).signers.slice(0, threshold)
    const packed = packSignatures(signers.map((signer) => ({ signer, signature: best.signatures.get(signer)! })))
    signed = { receipt: best.receipt, signatures: packed }
  }

  const floor = signed?.receipt.totalUnits ?? 0n
  const perValidator = new Map<Address, number>()
  const keep: PublishedEntry[] = []
  for (const one of [...valid].sort((a, b) => compare(b.receipt.totalUnits, a.receipt.totalUnits))) {
    const count = perValidator.get(one.signer) ?? 0
    if (one.receipt.totalUnits < floor || count >= keptPerValidator) continue
    perValidator.set(one.signer, count + 1)
    keep.push([one.key, one.value])
  }

  const status = statusOf(best && tallyOf(best), newest, threshold)
  return { signed, newest, status, ignored, keep }
}

function statusOf(pick: ReceiptTally | undefined, newest: ReceiptTally | undefined, threshold: number): string {
  if (!newest) return 'No validator has signed a receipt for you yet: they do a few rounds after each you trained in.'
  const needed = `${threshold} needed`
  if (!pick)
    return (
      `${newest.signers.length} of ${threshold} validators have signed ${newest.receipt.totalUnits} units; ` +
      `the claim waits until ${threshold} have signed the same total (they sign a moment apart).`
    )
  const by = pick.signers.length
  const signedBy = `${pick.receipt.totalUnits} units signed by ${by} validator${by === 1 ? '' : 's'} (${needed})`
  if (newest.receipt.totalUnits === pick.receipt.totalUnits) return `${signedBy}.`
  return (
    `${signedBy}; ${newest.signers.length} signed ${newest.receipt.totalUnits} so far, ` +
    `claimable once ${threshold} have.`
  )
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0
}

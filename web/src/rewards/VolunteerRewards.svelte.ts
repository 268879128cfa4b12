// A volunteer's rewards as reactive state: what the validators have receipted, what the contract has paid, and
// the claim. The receipt is assembled from the doc's published receipts (core/rewards/assembleReceipt.ts: the
// highest total `threshold` validators signed alike), re-read whenever one of ours changes; chain reads follow
// every new version (the page tells us) and a timer. First of all, whether the swarm on chain is the manifest's
// (readTermsStatus): for one created with other terms nothing is read or claimed.
import type { Hex } from 'viem'
import type { RewardSpec } from '../../../core/manifest/Manifest.ts'
import { assembleReceipt, type PublishedEntry } from '../../../core/rewards/assembleReceipt.ts'
import type { SignedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { decodeRewardsError } from '../../../core/rewards/decodeRewardsError.ts'
import { BaseError } from '../../../core/errors/BaseError.ts'
import { ClaimRefusedError } from './ClaimRefusedError.ts'
import type { ClaimResult, Earnings, OnChain, TokenInfo } from './OnChain.ts'
import type { PublishedReceipts } from './PublishedReceipts.ts'
import { readTermsStatus, type TermsStatus } from './readTermsStatus.ts'
import type { Wallet } from './Wallet.ts'

export type ClaimOutcome = { kind: 'paid'; result: ClaimResult } | { kind: 'refused'; text: string }

/** Receipts arrive with the doc; the timer re-reads what only the chain knows (a claim sent from elsewhere) and
 * drops receipts that expired. 3 s costs two RPC reads. */
const pollMs = 3_000

export class VolunteerRewards {
  terms = $state.raw<TermsStatus>()
  earnings = $state.raw<Earnings>()
  token = $state.raw<TokenInfo>()
  readError = $state<string>()
  claiming = $state(false)
  outcome = $state.raw<ClaimOutcome>()
  /** Where the receipt stands, in words (assembleReceipt's status). */
  receiptStatus = $state<string>()
  private signed: SignedReceipt | undefined
  /** Valid signatures above the pick that the doc no longer holds (a validator signed a newer total since). */
  private kept: PublishedEntry[] = []
  private reading: Promise<void> | undefined
  private again = false
  private timer: ReturnType<typeof setInterval> | undefined
  private unsubscribe: (() => void) | undefined

  constructor(
    readonly onChain: OnChain,
    readonly swarmId: Hex,
    /** The manifest's reward terms. */
    readonly rewards: RewardSpec,
    readonly wallet: Wallet,
    readonly receipts: PublishedReceipts,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), pollMs)
    this.unsubscribe ??= this.receipts.subscribe((keys) => {
      const ours = `${this.wallet.address.toLowerCase()}:`
      if (keys.length === 0 || keys.some((key) => key.startsWith(ours))) void this.refresh()
    })
    void this.refresh()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /** Re-reads receipt and payouts; calls during a read coalesce into one more read. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.again = true
      return this.reading
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined
      if (this.again) {
        this.again = false
        void this.refresh()
      }
    })
    return this.reading
  }

  /** True once the chain is known to hold other terms under this id: the panel then offers no claim. */
  get refused(): boolean {
    return this.terms?.kind === 'differing'
  }

  async claim(): Promise<void> {
    if (this.claiming || this.refused) return
    this.claiming = true
    this.outcome = undefined
    try {
      await this.refresh()
      if (!this.signed) throw new ClaimRefusedError(this.receiptStatus ?? 'No validator has signed a receipt for you.')
      const result = await this.onChain.claim(this.signed)
      this.outcome = { kind: 'paid', result }
    } catch (error) {
      this.outcome = { kind: 'refused', text: explain(error) }
    } finally {
      this.claiming = false
      await this.refresh()
    }
  }

  private async read() {
    const address = this.wallet.address
    try {
      // Terms never change once the swarm exists, so only an absent swarm is read again.
      if (this.terms === undefined || this.terms.kind === 'absent')
        this.terms = await readTermsStatus(this.onChain, this.swarmId, this.rewards)
      if (this.refused) return
      const assembled = await assembleReceipt({
        swarm: this.swarmId,
        contributor: address,
        rewards: this.rewards,
        entries: [...this.receipts.entries(), ...this.kept],
        now: BigInt(Math.floor(Date.now() / 1000)),
      })
      if (address !== this.wallet.address) return // the volunteer chose another wallet meanwhile
      this.kept = assembled.keep
      this.signed = assembled.signed
      this.receiptStatus = assembled.status
      const earnings = await this.onChain.earnings(this.swarmId, address, assembled.signed)
      this.token ??= await this.onChain.tokenInfo(this.rewards.token)
      if (address === this.wallet.address) this.earnings = earnings
      this.readError = undefined
    } catch (error) {
      this.readError = explain(error)
    }
  }
}

/** The contract's reason in words when there is one; otherwise the error's own short message. */
function explain(error: unknown): string {
  const rejected = decodeRewardsError(error)
  if (rejected) return rejected.shortMessage
  if (error instanceof BaseError) return error.shortMessage
  return error instanceof Error ? error.message : String(error)
}

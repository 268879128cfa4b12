// A volunteer's rewards as reactive state: what the validators have receipted, what the contract has paid, and
// the claim. Reads are refreshed on every new version (the page tells us) and on a timer, because a receipt is
// signed a moment after the version that earns it is committed. First of all, whether the swarm on chain is the
// manifest's (readTermsStatus): for one created with other terms nothing is read or claimed.
import type { Hex } from 'viem'
import type { RewardSpec } from '../../../core/manifest/Manifest.ts'
import { decodeRewardsError } from '../../../core/rewards/decodeRewardsError.ts'
import { BaseError } from '../../../core/errors/BaseError.ts'
import type { ClaimResult, Earnings, OnChain, TokenInfo } from './OnChain.ts'
import { readTermsStatus, type TermsStatus } from './readTermsStatus.ts'
import type { Wallet } from './Wallet.ts'

export type ClaimOutcome = { kind: 'paid'; result: ClaimResult } | { kind: 'refused'; text: string }

/** A receipt follows its version within a validator round-trip (≈ 10–100 ms here); 3 s catches stragglers cheaply. */
const pollMs = 3_000

export class VolunteerRewards {
  terms = $state.raw<TermsStatus>()
  earnings = $state.raw<Earnings>()
  token = $state.raw<TokenInfo>()
  readError = $state<string>()
  claiming = $state(false)
  outcome = $state.raw<ClaimOutcome>()
  private reading: Promise<void> | undefined
  private again = false
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(
    readonly onChain: OnChain,
    readonly swarmId: Hex,
    /** The manifest's reward terms. */
    readonly rewards: RewardSpec,
    readonly wallet: Wallet,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.refresh(), pollMs)
    void this.refresh()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
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
      const result = await this.onChain.claim(this.swarmId, this.wallet.address)
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
      const earnings = await this.onChain.earnings(this.swarmId, address)
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

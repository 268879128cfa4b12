// The launch form as reactive state: the draft the inputs bind to, its live review (manifest, per-field issues,
// swarm id) and the launch itself (register the manifest, then create and fund the swarm on chain when there is one).
// The manifest names this browser's wallet as proposer; if its id is already taken on chain by someone else, the form
// says so and offers a fresh nonce, which gives a new id.

import type { AppConfig } from '../config/loadConfig.ts'
import type { OnChain } from '../rewards/OnChain.ts'
import { SwarmIdTakenError } from '../rewards/SwarmIdTakenError.ts'
import { defaultDraft, type ManifestDraft, recipes } from './ManifestDraft.ts'
import { publishManifest } from './publishManifest.ts'
import { type DraftReview, reviewDraft } from './reviewDraft.ts'
import type { Hex } from '../../../core/types/Hex.ts'

export type LaunchPhase = 'editing' | 'registering' | 'funding' | 'failed'

export class LaunchForm {
  draft = $state<ManifestDraft>(defaultDraft(randomNonce()))
  recipe = $state<string>(recipes[0]!.id)
  phase = $state<LaunchPhase>('editing')
  error = $state<string>()
  /** Set when the last launch found the swarm id created on chain with other terms: a fresh nonce is the way out. */
  taken = $state.raw<SwarmIdTakenError>()
  readonly review: DraftReview

  constructor(
    readonly config: AppConfig,
    readonly onChain: OnChain | undefined,
  ) {
    this.review = $derived(
      reviewDraft(
        this.draft,
        this.onChain && {
          chainId: this.onChain.chainId,
          contract: this.onChain.contract,
          proposer: this.onChain.proposer(),
        },
      ),
    )
  }

  get busy() {
    return this.phase === 'registering' || this.phase === 'funding'
  }

  applyRecipe(id: string) {
    const recipe = recipes.find((r) => r.id === id)
    if (!recipe) return
    this.recipe = id
    Object.assign(this.draft, recipe.draft)
  }

  setRewards(on: boolean) {
    this.draft.rewards = on && this.onChain !== undefined
    // Start from the deployment's token and validators rather than empty fields nobody knows how to fill.
    if (this.draft.rewards && this.onChain && !this.draft.token) {
      this.draft.token = this.onChain.defaults.token
      this.draft.validators = this.onChain.defaults.validators.join('\n')
      this.draft.threshold = String(this.onChain.defaults.threshold)
    }
  }

  /**
   * Registers the manifest (and creates the swarm on chain) and returns its id; nothing is sent while any issue
   * remains.
   */
  async launch(): Promise<Hex | undefined> {
    const ready = this.review.ready
    if (!ready || this.busy) return undefined
    this.error = undefined
    this.taken = undefined
    try {
      this.phase = 'registering'
      await publishManifest(this.config.registryUrl, ready.manifest)
      if (this.onChain && ready.manifest.rewards && ready.deposit !== undefined) {
        this.phase = 'funding'
        await this.onChain.createSwarm({
          swarmId: ready.swarmId,
          rewards: ready.manifest.rewards,
          deposit: ready.deposit,
        })
      }
      this.phase = 'editing'
      return ready.swarmId
    } catch (error) {
      this.phase = 'failed'
      if (error instanceof SwarmIdTakenError) this.taken = error
      this.error =
        error instanceof SwarmIdTakenError ? error.shortMessage : error instanceof Error ? error.message : String(error)
      return undefined
    }
  }

  /** A new nonce, so a new manifest and swarm id: the answer to an id someone else created on chain first. */
  freshNonce() {
    this.draft.nonce = randomNonce()
    this.taken = undefined
    this.error = undefined
    this.phase = 'editing'
  }
}

/** A fresh nonce per form, so two people launching the same recipe get two swarms. */
function randomNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('')
}

// A proposer's live view of one swarm as reactive state: the verified manifest, a summary of the shared records
// recomputed at most a few times a second (rounds can be faster than anyone reads), the connection, and the audits
// of every validator that publishes an endpoint.

import type { Manifest } from '../../../core/manifest/Manifest.ts'
import { aggregatorOf } from '../../../core/manifest/aggregatorOf.ts'
import { parameterLayout } from '../../../core/model/parameterLayout.ts'
import { type FailureRecord, recordKey } from '../../../core/swarm/records.ts'
import { validatorSetOf } from '../../../core/swarm/authority/ValidatorSet.ts'
import type { AppConfig } from '../config/loadConfig.ts'
import { fetchManifest } from '../swarm/fetchManifest.ts'
import { observeSwarm, type SwarmObserver } from './observeSwarm.ts'
import { pollValidatorAudits } from './pollValidatorAudits.ts'
import { type AuditsSummary, summarizeAudits } from './summarizeAudits.ts'
import { type SwarmSummary, summarizeSwarm } from './summarizeSwarm.ts'

/** Summaries per second at most: enough to look live, cheap next to a volunteer training in the same browser. */
const refreshMs = 250
/** Between fetches of each validator's audits: a verdict comes within an audit's 30 s answer window, so a few
 * seconds' delay is news in time, at one small request per validator. */
const auditsPollMs = 3_000

export class SwarmDashboard {
  manifest = $state.raw<Manifest>()
  summary = $state.raw<SwarmSummary>()
  peers = $state(0)
  /** Records this page ignored, by `<map>: <reason>`, most frequent first. */
  refused = $state.raw<(readonly [string, number])[]>([])
  /** Undefined until the first pass over the validators' endpoints has answered. */
  audits = $state.raw<AuditsSummary>()
  /** Validators that publish where they take audit answers (the doc's endpoints map). */
  auditors = $state(0)
  error = $state<string>()
  private observer: SwarmObserver | undefined
  private live: ReadonlySet<string> | undefined
  // Not reactive on purpose: the summary derived from it is the state the page reads.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private failures = new Map<string, FailureRecord>()
  private timer: ReturnType<typeof setTimeout> | undefined
  private auditPoll: { close(): void } | undefined
  private closed = false

  constructor(
    readonly config: AppConfig,
    readonly swarmId: `0x${string}`,
  ) {}

  async open() {
    let manifest: Manifest
    try {
      this.manifest = manifest = await fetchManifest(this.config.registryUrl, this.swarmId)
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error)
      return
    }
    if (this.closed) return
    const observer = observeSwarm(this.config, this.swarmId, validatorSetOf(manifest))
    this.observer = observer
    observer.onPeers((count) => (this.peers = count))
    observer.onLive((peers) => {
      this.live = peers
      this.schedule()
    })
    observer.state.observe(() => this.schedule())
    // Only committed contributions can be audited (validator/createSwarmValidator.ts): a summing swarm has none.
    if (aggregatorOf(manifest) === 'centered-clip')
      this.auditPoll = pollValidatorAudits({
        swarmId: this.swarmId,
        endpoints: () => observer.state.values('endpoints'),
        periodMs: auditsPollMs,
        onReports: (validators) => (this.audits = summarizeAudits(validators)),
      })
    this.refresh()
  }

  close() {
    this.closed = true
    clearTimeout(this.timer)
    this.auditPoll?.close()
    this.observer?.close()
    this.observer = undefined
  }

  private schedule() {
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      this.refresh()
    }, refreshMs)
  }

  private refresh() {
    const state = this.observer?.state
    const manifest = this.manifest
    if (!state || !manifest) return
    // The leader prunes failures after a few rounds: remember the ones seen, as many as the summary lists.
    for (const failure of state.values('failures')) this.failures.set(recordKey.failures(failure), failure)
    this.summary = summarizeSwarm({
      versions: state.values('versions'),
      rounds: state.values('rounds'),
      reports: state.values('reports'),
      presence: state.values('presence'),
      evaluations: state.values('evaluations'),
      failures: [...this.failures.values()],
      parameterCount: parameterLayout(manifest.model).size,
      live: this.live,
      codec: manifest.allreduce.codec,
    })
    this.auditors = state.values('endpoints').length
    this.refused = [...state.ignored].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    this.failures = new Map(this.summary.failures.map((f) => [recordKey.failures(f), f]))
  }
}

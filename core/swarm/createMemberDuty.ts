import { attemptFailure } from './attemptFailure.ts'
import type { RoundRecord } from './records.ts'
import type { Held, VolunteerContext } from './VolunteerContext.ts'
import type { PeerId } from '../types/PeerId.ts'

type Running = { round: number; attempt: number; members: readonly PeerId[]; superseded: boolean }

const attemptOf = (r: { round: number; attempt: number; members: readonly PeerId[] }) =>
  `${r.round}:${r.attempt}:${r.members.join(',')}`

/**
 * What this peer does as a member of the round the leader wrote: computes its batch's gradient (kept across
 * retries while its batch stays the same), all-reduces, applies the optimizer step, and reports the hash, or a
 * failure naming the peer at fault. Each attempt runs at most once here: the all-reduce refuses an attempt it
 * has seen, and a failed one is the leader's to retry.
 */
export function createMemberDuty(context: VolunteerContext) {
  const { options } = context
  const { self, state, clock, reducer } = options
  let running: Running | undefined
  let lastStarted: { round: number; attempt: number } | undefined
  let cached: { key: string; gradient: Float32Array; loss: number; ms: number } | undefined

  const startedBefore = (round: RoundRecord) =>
    lastStarted !== undefined &&
    (round.round < lastStarted.round || (round.round === lastStarted.round && round.attempt <= lastStarted.attempt))

  function participate() {
    const held = context.held!
    const latest = state.latestVersion()
    const current = latest !== undefined && held.version === latest.version && held.hash === latest.hash
    const round = current ? state.get('rounds', String(latest.version)) : undefined
    const mine = round && round.members.includes(self) && !context.syncing ? round : undefined
    // Two leaders may briefly write the same attempt with other members: what runs must match the record.
    if (running && (!mine || attemptOf(mine) !== attemptOf(running))) stop('the round was superseded')
    // Behind the latest version, a pending result is catchUp's to adopt (the commit may have come this very tick).
    if (!current) return
    const { pending } = context
    if (pending && (!mine || pending.round !== mine.round || pending.attempt !== mine.attempt))
      context.pending = undefined
    if (!mine) return context.setStatus(!context.active() ? 'paused' : context.wantsToTrain() ? 'waiting' : 'done')
    if (running) return
    // Done training: a first attempt is not joined, and a result already reported waits for a commit that a
    // stopped member's leader may never write (it no longer leads): either way there is nothing left to do here.
    if (!context.wantsToTrain() && (mine.attempt === 0 || context.pending))
      return context.setStatus(context.active() ? 'done' : 'paused')
    if (context.pending || startedBefore(mine)) return
    void run(mine, held)
  }

  async function run(round: RoundRecord, base: Held) {
    const session: Running = { round: round.round, attempt: round.attempt, members: round.members, superseded: false }
    running = session
    lastStarted = { round: round.round, attempt: round.attempt }
    try {
      const slot = round.members.indexOf(self)
      const key = `${round.round}:${round.offset}:${slot}`
      if (cached?.key !== key) {
        context.setStatus('computing')
        const result = await options.compute.gradient(base.state.params, options.trainer.shard(round.offset, slot))
        cached = { key, ...result }
      }
      if (session.superseded) return
      context.setStatus('reducing')
      const reduceStart = clock.now()
      const sum = await reducer.allReduce(cached.gradient, session)
      const allreduceMs = clock.now() - reduceStart
      if (session.superseded) return
      context.setStatus('applying')
      const applyStart = clock.now()
      for (let i = 0; i < sum.length; i++) sum[i]! /= round.members.length
      const next = options.trainer.apply(base.state, sum)
      const hash = await options.trainer.hash(next)
      if (session.superseded) return
      const timings = { compute: cached.ms, allreduce: allreduceMs, optimizer: clock.now() - applyStart }
      context.pending = { round: round.round, attempt: round.attempt, state: next, hash, loss: cached.loss, timings }
      state.put('reports', {
        version: round.round + 1,
        attempt: round.attempt,
        peer: self,
        hash,
        loss: cached.loss,
        samples: options.batchSize,
        timings,
        at: clock.now(),
      })
    } catch (error) {
      if (session.superseded) return
      state.put('failures', {
        round: round.round,
        attempt: round.attempt,
        peer: self,
        ...attemptFailure(error),
        at: clock.now(),
      })
      context.fail(error)
    } finally {
      if (running === session) running = undefined
      context.schedule()
    }
  }

  function stop(reason: string) {
    if (!running) return
    running.superseded = true
    reducer.abort(running, reason)
    running = undefined
  }

  return { participate, stop }
}

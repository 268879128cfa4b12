import type { VersionRecord } from './records.ts'
import type { VolunteerContext } from './VolunteerContext.ts'

/**
 * Held-out evaluation: every `evalEvery` versions (and the last) one contributor, in rotation, evaluates the
 * version it just adopted and publishes the result; every peer passes the newest result on as an event.
 */
export function createEvaluator(context: VolunteerContext) {
  const { options } = context
  let lastRelayed = -1

  async function evaluateHeld() {
    const { version, state } = context.held!
    return { version, ...(await options.compute.evaluate(state.params)) }
  }

  return {
    evaluateHeld,
    onAdopted(version: VersionRecord) {
      const every = options.evalEvery
      const due = version.version % every === 0 || version.version === options.lastVersion
      const evaluators = [...version.contributors].sort()
      if (!due || evaluators[Math.floor(version.version / every) % evaluators.length] !== options.self) return
      evaluateHeld().then(
        (result) => options.state.put('evaluations', { ...result, peer: options.self, at: options.clock.now() }),
        (error: unknown) => context.fail(error),
      )
    },
    relay() {
      // Evaluations are never pruned: read the newest only, not (and verify) every one since the swarm began.
      const keys = options.state
        .keys('evaluations')
        .map(Number)
        .filter((n) => n > lastRelayed)
        .sort((a, b) => b - a)
      for (const key of keys) {
        const newest = options.state.get('evaluations', String(key))
        if (!newest) continue
        lastRelayed = newest.version
        context.emit({ type: 'evaluation', version: newest.version, accuracy: newest.accuracy, loss: newest.loss })
        return
      }
    },
  }
}

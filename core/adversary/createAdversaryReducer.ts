// A volunteer turned hostile on purpose, to test the swarm's defences with real peers (`npm run nodes --
// --adversaries K --attack …`, e2e, the seeded simulation): a reducer that hands the all-reduce something other
// than the honest gradient, switched on and off at run time. It harms the swarm no more than any modified client
// could; it exists so that the defences are shown to hold, not assumed to.
//
//   lies     commits to its honest gradient, then sends it scaled: the commitment check must catch it
//   poisons  commits to the scaled gradient and sends exactly that: nothing can catch it, so the robust aggregator
//            must bound what it does to the model (CenteredClip)

import type { Reducer } from '../swarm/VolunteerPorts.ts'

export const attackKinds = ['lies', 'poisons'] as const
export type Attack = { kind: (typeof attackKinds)[number]; scale: number }

export type AdversaryReducer = Reducer & {
  /** Attack from the next contribution on; undefined: honest again. */
  setAttack(attack: Attack | undefined): void
}

export function createAdversaryReducer(honest: Reducer, initial?: Attack): AdversaryReducer {
  let attack = initial
  // The all-reduce reads its input until the attempt settles: one scaled copy per gradient, kept for its retries.
  let last: { input: Float32Array; scale: number; scaled: Float32Array } | undefined
  const scaled = (input: Float32Array, scale: number) => {
    if (last?.input !== input || last.scale !== scale) last = { input, scale, scaled: input.map((v) => v * scale) }
    return last.scaled
  }
  return {
    allReduce: (input, session) => honest.allReduce(attack ? scaled(input, attack.scale) : input, session),
    contributionOf: (input, members) =>
      honest.contributionOf(attack?.kind === 'poisons' ? scaled(input, attack.scale) : input, members),
    abort: (session, reason) => honest.abort(session, reason),
    resetErrorFeedback: () => honest.resetErrorFeedback(),
    setAttack: (next) => void (attack = next),
  }
}

/** Parses `lies:100` or `poisons:1000` (kind, then the scale; default 100). */
export function parseAttack(text: string): Attack {
  const [kind, scaleText = '100'] = text.split(':')
  const scale = Number(scaleText)
  if (!attackKinds.includes(kind as Attack['kind']))
    throw new RangeError(`--attack must be one of ${attackKinds.join(', ')} (optionally :scale), got "${text}"`)
  if (!Number.isFinite(scale) || scale === 1)
    throw new RangeError(`--attack's scale must be a finite number other than 1, got "${scaleText}"`)
  return { kind: kind as Attack['kind'], scale }
}

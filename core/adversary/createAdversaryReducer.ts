// A volunteer turned hostile on purpose, to test the swarm's defences with real peers (`npm run nodes --
// --adversaries K --attack …`, e2e, the seeded simulation): a reducer that hands the all-reduce something other
// than the honest gradient, switched on and off at run time. It harms the swarm no more than any modified client
// could; it exists so that the defences are shown to hold, not assumed to.
//
//   zeros     commits to and sends all zeros
//   scale     commits to and sends the gradient × scale
//   noise     commits to and sends Gaussian noise, scale × the gradient's RMS per value, seeded
//   signflip  commits to and sends −gradient
//   mismatch  commits to its honest gradient, then sends it × scale: the commitment check must catch it
//
// All but mismatch send exactly what they committed to: no commitment check can catch them, so the robust
// aggregator must bound what they do to the model (CenteredClip) until an audit recomputes the gradient.

import { createRandom, type Random } from '../random/createRandom.ts'
import type { Reducer } from '../swarm/VolunteerPorts.ts'

export const attackKinds = ['zeros', 'scale', 'noise', 'signflip', 'mismatch'] as const
export type AttackKind = (typeof attackKinds)[number]
export type Attack =
  | { kind: 'zeros' }
  | { kind: 'signflip' }
  | { kind: 'scale'; scale: number }
  | { kind: 'mismatch'; scale: number }
  /** `seed` absent: 0. Adversaries that should not push one way together need seeds of their own. */
  | { kind: 'noise'; scale: number; seed?: number }

export type AdversaryReducer = Reducer & {
  /** Attack from the next gradient on; undefined: honest again. */
  setAttack(attack: Attack | undefined): void
}

/** What one gradient becomes: the input the member commits to, and the one it sends. */
type Contribution = { input: Float32Array; committed: Float32Array; sent: Float32Array }

export function createAdversaryReducer(honest: Reducer, initial?: Attack): AdversaryReducer {
  let attack: Attack | undefined
  let random: Random | undefined
  const setAttack = (next: Attack | undefined) => {
    attack = next
    random = next?.kind === 'noise' ? createRandom(`starling/adversary/noise/${next.seed ?? 0}`) : undefined
  }
  setAttack(initial)
  // The all-reduce reads its input until the attempt settles: one transformed copy per gradient, kept for its
  // retries. The attack in force when a gradient is first seen stays with it, so one switched on between its
  // commitments and its all-reduce cannot pass for a mismatch.
  let last: Contribution | undefined
  const contribution = (input: Float32Array) => {
    if (last?.input !== input) last = contributionFor(input, attack, random)
    return last
  }
  return {
    allReduce: (input, session) => honest.allReduce(contribution(input).sent, session),
    contributionOf: (input, members) => honest.contributionOf(contribution(input).committed, members),
    abort: (session, reason) => honest.abort(session, reason),
    resetErrorFeedback: () => honest.resetErrorFeedback(),
    setAttack,
  }
}

function contributionFor(input: Float32Array, attack: Attack | undefined, random: Random | undefined): Contribution {
  const same = (values: Float32Array) => ({ input, committed: values, sent: values })
  switch (attack?.kind) {
    case undefined:
      return same(input)
    case 'zeros':
      return same(new Float32Array(input.length))
    case 'scale':
      return same(input.map((v) => v * attack.scale))
    case 'noise':
      return same(gaussianNoise(input.length, attack.scale * rootMeanSquare(input), random!))
    case 'signflip':
      return same(input.map((v) => -v))
    case 'mismatch':
      return { input, committed: input, sent: input.map((v) => v * attack.scale) }
    default:
      return attack satisfies never
  }
}

function rootMeanSquare(values: Float32Array): number {
  let sum = 0
  for (const v of values) sum += v * v
  return values.length ? Math.sqrt(sum / values.length) : 0
}

/** Box–Muller: reproducible from the seed on one engine (Math.log and Math.cos are not exactly rounded). */
function gaussianNoise(length: number, deviation: number, random: Random): Float32Array {
  const noise = new Float32Array(length)
  for (let i = 0; i < length; i += 2) {
    const radius = deviation * Math.sqrt(-2 * Math.log(1 - random.next()))
    const angle = 2 * Math.PI * random.next()
    noise[i] = radius * Math.cos(angle)
    if (i + 1 < length) noise[i + 1] = radius * Math.sin(angle)
  }
  return noise
}

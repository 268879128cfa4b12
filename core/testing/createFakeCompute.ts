// A deterministic stand-in for the training worker, for simulations without tfjs. The gradient is a cheap
// function of the parameters and of the batch's sample indices; its values are multiples of 2^-10 below 2^-4
// in magnitude, so a sum of up to 2^10 of them is exact in float32 and every order of addition (the ring's, or a
// test's replay) gives the same bits. A round's result is therefore checkable from its contributors alone.

import type { Random } from '../random/createRandom.ts'
import type { Compute } from '../swarm/VolunteerPorts.ts'
import type { VirtualClock } from './createVirtualClock.ts'

export function fakeGradient(params: Float32Array, samples: Uint32Array): { gradient: Float32Array; loss: number } {
  let mix = 0
  for (const sample of samples) mix = (mix * 31 + sample) % 1021
  const gradient = new Float32Array(params.length)
  let loss = 0
  for (let i = 0; i < params.length; i++) {
    const steps = (Math.round(params[i]! * 16) % 32) + ((mix + 7 * i) % 17) - 8
    gradient[i] = steps / 1024
    loss += Math.abs(steps)
  }
  return { gradient, loss: loss / params.length }
}

export type FakeComputeParameters = {
  clock: VirtualClock
  random: Random
  /** Time one gradient takes, uniform in [min, max) ms. */
  computeMs: readonly [number, number]
}

export function createFakeCompute({ clock, random, computeMs }: FakeComputeParameters): Compute {
  const after = <T>(ms: number, value: () => T) =>
    new Promise<T>((resolve) => clock.setTimeout(() => resolve(value()), ms))
  return {
    gradient(params, samples) {
      const ms = computeMs[0] + random.next() * (computeMs[1] - computeMs[0])
      const input = params.slice()
      return after(ms, () => ({ ...fakeGradient(input, samples), ms }))
    },
    evaluate(params) {
      const input = params.slice()
      return after(computeMs[0], () => {
        const { loss } = fakeGradient(input, Uint32Array.of(0))
        return { accuracy: 1 / (1 + loss), loss, samples: 100 }
      })
    },
  }
}

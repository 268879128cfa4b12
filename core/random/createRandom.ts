import { hashString } from './hashString.ts'

// Seeded pseudo-random numbers (sfc32 seeded through splitmix32), identical on every JavaScript engine.
// Everything that must be reproducible by any peer (shards, initial parameters, simulations) draws from here.

export type Random = {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number
  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number
  /** Uniform integer in [0, bound) without modulo bias. */
  nextInt(bound: number): number
}

export function createRandom(seed: number | string): Random {
  let s = typeof seed === 'string' ? hashString(seed) : seed >>> 0
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = split(),
    b = split(),
    c = split(),
    d = split()
  const nextUint32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) nextUint32()
  const nextInt = (bound: number) => {
    if (!Number.isInteger(bound) || bound <= 0 || bound > 0x100000000)
      throw new RangeError(`bound must be an integer in [1, 2^32], got ${bound}`)
    const limit = 0x100000000 - (0x100000000 % bound)
    for (;;) {
      const x = nextUint32()
      if (x < limit) return x % bound
    }
  }
  return { nextUint32, next: () => nextUint32() / 0x100000000, nextInt }
}

// CenteredClip (Karimireddy, He & Jaggi 2021; the aggregation rule of BTARD, arXiv 2106.11257) over the
// contributions to one chunk, in member order:
//   v₀ = the coordinate-wise median of the contributions
//   τ  = radiusScale · median_i ‖xᵢ − v₀‖₂
//   v_{l+1} = v_l + (1/N) Σᵢ (xᵢ − v_l) · min(1, τ / ‖xᵢ − v_l‖₂)        for l = 0 .. iterations−1
// Why a median start: from the mean, one contribution scaled by 10⁶ puts v₀ so far out that a few clipped steps
// of length ≤ τ never bring it back. Why τ relative to the spread: an absolute radius would need to know the
// gradients' scale, which changes over training. With no contribution clipped one step lands on the mean, so an
// honest swarm whose contributions lie within τ of the median gets the mean.
//
// Determinism: float64 arithmetic, only +, −, ×, ÷, √ (exactly rounded in IEEE 754), at most `iterations` steps with
// a stopping rule of exact comparisons, fixed summation order (member order for each coordinate), results rounded
// to float32 on store: every engine computes the same bits from the same inputs, as core/optimizer does. Only a
// chunk's owner computes it (the others receive its bytes), so this is what lets an auditor recompute it.

export type CenteredClipParameters = {
  /** Most clipping steps after the median start; fewer once two steps in a row clip nothing (see the loop). */
  iterations: number
  /** τ as a multiple of the median distance from the start: ≥ 1 leaves at least half the contributions unclipped. */
  radiusScale: number
}

export const defaultCenteredClip: CenteredClipParameters = { iterations: 10, radiusScale: 2 }

/**
 * Writes `scale` × CenteredClip(contributions) into `out` (scale = N makes it a sum-equivalent, see
 * createRobustExchange). Contributions are equally long, finite, and in member order; `out` is as long.
 */
export function centeredClip(
  contributions: readonly Float32Array[],
  out: Float32Array,
  { iterations, radiusScale }: CenteredClipParameters,
  scale = 1,
): void {
  const count = contributions.length
  const length = out.length
  if (count === 0) throw new RangeError('CenteredClip needs at least one contribution')
  for (const contribution of contributions)
    if (contribution.length !== length)
      throw new RangeError(`a contribution of ${contribution.length} values for a chunk of ${length}`)
  const center = medianStart(contributions, length)
  const distances = new Float64Array(count)
  distancesFrom(contributions, center, distances)
  const radius = radiusScale * medianOf(Float64Array.from(distances))
  const weights = new Float64Array(count)
  const shift = new Float64Array(length)
  let unclipped = false
  for (let step = 0; step < iterations; step++) {
    if (step > 0) distancesFrom(contributions, center, distances)
    // A contribution at or within the radius counts fully (this also covers distance 0, where τ/0 is undefined).
    let clipped = false
    for (let k = 0; k < count; k++) {
      clipped ||= distances[k]! > radius
      weights[k] = distances[k]! <= radius ? 1 / count : radius / distances[k]! / count
    }
    // Two unclipped steps in a row: the first moved the center to the mean, the second would move it by rounding
    // only. Stopping is decided by exact comparisons, so it is as deterministic as the steps it saves (8 of 10 in an
    // honest swarm).
    if (!clipped && unclipped) break
    unclipped = !clipped
    // Member by member over the whole chunk (the same order of additions per coordinate as a sum over members
    // inside a loop over coordinates, but streaming through each contribution once).
    shift.fill(0)
    for (let k = 0; k < count; k++) {
      const x = contributions[k]!
      const weight = weights[k]!
      for (let i = 0; i < length; i++) shift[i]! += (x[i]! - center[i]!) * weight
    }
    for (let i = 0; i < length; i++) center[i]! += shift[i]!
  }
  for (let i = 0; i < length; i++) out[i] = center[i]! * scale
}

function medianStart(contributions: readonly Float32Array[], length: number): Float64Array {
  const center = new Float64Array(length)
  const column = new Float64Array(contributions.length)
  for (let i = 0; i < length; i++) {
    for (let k = 0; k < contributions.length; k++) column[k] = contributions[k]![i]!
    center[i] = medianOf(column)
  }
  return center
}

function distancesFrom(contributions: readonly Float32Array[], center: Float64Array, into: Float64Array) {
  for (let k = 0; k < contributions.length; k++) {
    const x = contributions[k]!
    let squared = 0
    for (let i = 0; i < center.length; i++) {
      const d = x[i]! - center[i]!
      squared += d * d
    }
    into[k] = Math.sqrt(squared)
  }
}

/** Median of a few finite values, sorted in place (insertion sort: N is a ring's size); even counts average. */
function medianOf(values: Float64Array): number {
  for (let i = 1; i < values.length; i++) {
    const value = values[i]!
    let j = i - 1
    for (; j >= 0 && values[j]! > value; j--) values[j + 1] = values[j]!
    values[j + 1] = value
  }
  const middle = values.length >> 1
  return values.length % 2 === 1 ? values[middle]! : (values[middle - 1]! + values[middle]!) / 2
}

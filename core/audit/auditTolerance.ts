// How far a revealed contribution may lie from the validator's own recomputation and still pass, as ‖c − g‖₂ / ‖g‖₂.
// fp32: the contribution is the gradient's own bits; what differs is the backend that computed it. Measured against
// Node's tfjs cpu (worker/smoke.ts, bench/README.md): wasm 1.2e-7, webgpu 1.3e-7 (mlp) and 2.8e-7 (cnn), browser cpu
// identical; 1e-5 leaves 30× margin. Lossy codecs send the gradient plus error feedback's residual, quantized: fp16
// adds ≤ 2⁻¹¹ per value twice (this round's rounding and the last one's carried), int8 up to half a step of
// max|x|/127 per 128-value block twice. Measured on gradient-like vectors over ten rounds of error feedback
// (auditTolerance.test.ts): fp16 3.0e-4 (17× inside 5e-3), int8 1.5e-2 (5× inside 0.08). Zeros (error 1), a sign
// flip (2) and noise lie far outside all three; a scale within 8 % passes on int8, a bounded and pointless attack.
import type { Codec } from '../manifest/Manifest.ts'

export const auditTolerance: Record<Codec, number> = { fp32: 1e-5, fp16: 5e-3, int8: 0.08 }

/** ‖contribution − recomputed‖₂ / ‖recomputed‖₂, in float64; 0 when both are zero, Infinity when only one is. */
export function relativeError(contribution: Float32Array, recomputed: Float32Array): number {
  if (contribution.length !== recomputed.length) return Infinity
  let difference = 0
  let norm = 0
  for (let i = 0; i < recomputed.length; i++) {
    const d = contribution[i]! - recomputed[i]!
    difference += d * d
    norm += recomputed[i]! * recomputed[i]!
  }
  if (!Number.isFinite(difference)) return Infinity
  if (norm === 0) return difference === 0 ? 0 : Infinity
  return Math.sqrt(difference / norm)
}

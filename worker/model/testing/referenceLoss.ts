// Plain float64 JavaScript forward passes of the three presets, written independently of tfjs: the reference
// that finite differences are taken on, to check the worker's tfjs gradients.
import type { ModelSpec } from '../../../core/manifest/Manifest.ts'
import { parameterLayout } from '../../../core/model/parameterLayout.ts'

type Sample = { x: ArrayLike<number>; label: number }

/** Mean softmax cross-entropy of `samples` at `parameters` (float64 throughout). */
export function referenceLoss(spec: ModelSpec, parameters: ArrayLike<number>, samples: readonly Sample[]): number {
  const tensors = parameterLayout(spec).tensors.map((t) =>
    Array.from({ length: t.size }, (_, i) => parameters[t.offset + i]!),
  )
  let total = 0
  for (const { x, label } of samples) {
    const logits = forward(spec, tensors, Array.from(x))
    const max = Math.max(...logits)
    const logSum = Math.log(logits.reduce((s, z) => s + Math.exp(z - max), 0)) + max
    total += logSum - logits[label]!
  }
  return total / samples.length
}

function forward(spec: ModelSpec, w: number[][], x: number[]): number[] {
  switch (spec.preset) {
    case 'mnist-mlp':
      return denseStack(w, x)
    case 'mnist-cnn': {
      let h = x
      let side = 28
      let channels = 1
      spec.filters.forEach((filters, i) => {
        h = maxPool(relu(conv3x3(h, side, channels, w[2 * i]!, w[2 * i + 1]!, filters)), side, filters)
        side = Math.floor(side / 2)
        channels = filters
      })
      return denseStack(w.slice(2 * spec.filters.length), h)
    }
    case 'char-lm': {
      const [table, hk, hb, ok, ob] = w as [number[], number[], number[], number[], number[]]
      const e = spec.embedding
      const embedded = x.flatMap((token) => table.slice(token * e, token * e + e))
      return dense(ok, ob, dense(hk, hb, embedded).map(Math.tanh))
    }
    default:
      return spec satisfies never
  }
}

const relu = (v: number[]) => v.map((z) => Math.max(0, z))

function dense(kernel: number[], bias: number[], x: number[]): number[] {
  const out = bias.slice()
  for (let i = 0; i < x.length; i++) for (let j = 0; j < out.length; j++) out[j]! += x[i]! * kernel[i * out.length + j]!
  return out
}

function denseStack(w: number[][], x: number[]): number[] {
  let h = x
  for (let i = 0; i < w.length; i += 2)
    h = i + 2 < w.length ? relu(dense(w[i]!, w[i + 1]!, h)) : dense(w[i]!, w[i + 1]!, h)
  return h
}

/** 3×3, stride 1, zero padding 1 ('same'), NHWC with kernel [3, 3, in, out]. */
function conv3x3(x: number[], side: number, cin: number, kernel: number[], bias: number[], cout: number): number[] {
  const out = new Array<number>(side * side * cout).fill(0)
  for (let r = 0; r < side; r++)
    for (let c = 0; c < side; c++)
      for (let o = 0; o < cout; o++) {
        let s = bias[o]!
        for (let dr = 0; dr < 3; dr++)
          for (let dc = 0; dc < 3; dc++) {
            const rr = r + dr - 1
            const cc = c + dc - 1
            if (rr < 0 || cc < 0 || rr >= side || cc >= side) continue
            for (let i = 0; i < cin; i++)
              s += x[(rr * side + cc) * cin + i]! * kernel[((dr * 3 + dc) * cin + i) * cout + o]!
          }
        out[(r * side + c) * cout + o] = s
      }
  return out
}

/** 2×2, stride 2, 'valid'. */
function maxPool(x: number[], side: number, channels: number): number[] {
  const half = Math.floor(side / 2)
  const out: number[] = []
  for (let r = 0; r < half; r++)
    for (let c = 0; c < half; c++)
      for (let k = 0; k < channels; k++) {
        const at = (rr: number, cc: number) => x[(rr * side + cc) * channels + k]!
        out.push(Math.max(at(2 * r, 2 * c), at(2 * r, 2 * c + 1), at(2 * r + 1, 2 * c), at(2 * r + 1, 2 * c + 1)))
      }
  return out
}

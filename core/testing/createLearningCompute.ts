// A stand-in for the training worker that really learns, for simulations that measure accuracy (issue 14: an
// adversary may not cost more than 1 pp). The model is the manifest's MLP (ReLU hidden layers, softmax output,
// cross-entropy), run in plain JavaScript on the flat parameter vector in the layout's order; the data is a
// synthetic ten-class problem drawn from the sample index alone, so every peer, the validator and the test see
// the same sample without holding a dataset. Classes differ on a few input dimensions and one label in ten is
// random, so accuracy tops out near 85 % instead of saturating: a lasting harm to the model would show.

import type { ModelSpec } from '../manifest/Manifest.ts'
import { parameterLayout } from '../model/parameterLayout.ts'
import type { Compute } from '../swarm/VolunteerPorts.ts'
import type { VirtualClock } from './createVirtualClock.ts'

const classes = 10
/** Input dimensions that carry the class; the rest are noise. */
const informative = 32
const amplitude = 1
const labelNoise = 0.1
/** Held-out samples are drawn from indices no shard reaches. */
const heldOutFrom = 1 << 30

/** A small, fast integer hash (mulberry32's finalizer): the data's only source of randomness. */
function mix(a: number): number {
  a = Math.imul(a ^ (a >>> 15), a | 1)
  a ^= a + Math.imul(a ^ (a >>> 7), a | 61)
  return (a ^ (a >>> 14)) >>> 0
}
const uniform = (key: number) => mix(key) / 2 ** 32

/** Sample `index`: its label and its input (class mean on the informative dimensions plus unit noise). */
export function learningSample(index: number, inputs: number): { label: number; input: Float32Array } {
  const seed = mix(index * 2654435761)
  const trueLabel = seed % classes
  const label = uniform(seed ^ 0x5bd1e995) < labelNoise ? mix(seed + 1) % classes : trueLabel
  const input = new Float32Array(inputs)
  for (let d = 0; d < inputs; d++) {
    // Irwin–Hall with four uniforms: close enough to a unit Gaussian for a synthetic task, and cheap.
    let noise = 0
    for (let k = 0; k < 4; k++) noise += uniform(seed + d * 4 + k + 7)
    const mean = d < informative ? amplitude * ((mix(trueLabel * 977 + d) & 1) * 2 - 1) : 0
    input[d] = mean + (noise - 2) * Math.sqrt(3)
  }
  return { label, input }
}

type Dense = { kernel: number; bias: number; fanIn: number; fanOut: number }

function denseLayers(spec: ModelSpec): Dense[] {
  const { tensors } = parameterLayout(spec)
  const layers: Dense[] = []
  for (let i = 0; i < tensors.length; i += 2) {
    const kernel = tensors[i]!
    const bias = tensors[i + 1]!
    if (kernel.shape.length !== 2 || bias.shape.length !== 1)
      throw new Error(`createLearningCompute runs dense layers only, not ${kernel.name}`)
    layers.push({ kernel: kernel.offset, bias: bias.offset, fanIn: kernel.shape[0]!, fanOut: kernel.shape[1]! })
  }
  return layers
}

/** Forward pass of one sample, keeping every layer's activations for the backward pass. */
function forward(params: Float32Array, layers: Dense[], input: Float32Array): Float64Array[] {
  const activations: Float64Array[] = [Float64Array.from(input)]
  layers.forEach((layer, l) => {
    const x = activations[l]!
    const y = new Float64Array(layer.fanOut)
    for (let o = 0; o < layer.fanOut; o++) y[o] = params[layer.bias + o]!
    for (let i = 0; i < layer.fanIn; i++) {
      const xi = x[i]!
      if (xi === 0) continue
      const row = layer.kernel + i * layer.fanOut
      for (let o = 0; o < layer.fanOut; o++) y[o]! += xi * params[row + o]!
    }
    if (l < layers.length - 1) for (let o = 0; o < y.length; o++) y[o] = Math.max(0, y[o]!)
    activations.push(y)
  })
  return activations
}

function softmax(logits: Float64Array): Float64Array {
  const max = Math.max(...logits)
  const p = logits.map((z) => Math.exp(z - max))
  const sum = p.reduce((a, b) => a + b, 0)
  return p.map((v) => v / sum)
}

/** Mean cross-entropy gradient over `samples`, and their mean loss. */
export function learningGradient(
  spec: ModelSpec,
  params: Float32Array,
  samples: Uint32Array,
): { gradient: Float32Array; loss: number } {
  const layers = denseLayers(spec)
  const inputs = layers[0]!.fanIn
  const gradient = new Float64Array(params.length)
  let loss = 0
  for (const index of samples) {
    const { label, input } = learningSample(index, inputs)
    const activations = forward(params, layers, input)
    const p = softmax(activations.at(-1)!)
    loss -= Math.log(Math.max(p[label]!, 1e-12))
    let delta = p.map((v, k) => v - (k === label ? 1 : 0))
    for (let l = layers.length - 1; l >= 0; l--) {
      const layer = layers[l]!
      const x = activations[l]!
      const back = new Float64Array(layer.fanIn)
      for (let o = 0; o < layer.fanOut; o++) gradient[layer.bias + o]! += delta[o]!
      for (let i = 0; i < layer.fanIn; i++) {
        const row = layer.kernel + i * layer.fanOut
        let sum = 0
        for (let o = 0; o < layer.fanOut; o++) {
          gradient[row + o]! += x[i]! * delta[o]!
          sum += params[row + o]! * delta[o]!
        }
        back[i] = sum
      }
      // Through the ReLU of the layer below (its output is this layer's input).
      if (l > 0) for (let i = 0; i < back.length; i++) if (x[i]! <= 0) back[i] = 0
      delta = back
    }
  }
  const scale = 1 / samples.length
  return { gradient: Float32Array.from(gradient, (g) => g * scale), loss: loss * scale }
}

/** Accuracy and mean loss of `params` on `count` held-out samples. */
export function learningAccuracy(spec: ModelSpec, params: Float32Array, count: number) {
  const layers = denseLayers(spec)
  let correct = 0
  let loss = 0
  for (let n = 0; n < count; n++) {
    const { label, input } = learningSample(heldOutFrom + n, layers[0]!.fanIn)
    const p = softmax(forward(params, layers, input).at(-1)!)
    if (p.indexOf(Math.max(...p)) === label) correct++
    loss -= Math.log(Math.max(p[label]!, 1e-12))
  }
  return { accuracy: correct / count, loss: loss / count, samples: count }
}

export type LearningComputeParameters = {
  spec: ModelSpec
  clock: VirtualClock
  /** Virtual time one gradient takes. */
  computeMs: number
  /** Held-out samples a volunteer's evaluation scores. */
  evalSamples?: number
}

export function createLearningCompute({
  spec,
  clock,
  computeMs,
  evalSamples = 200,
}: LearningComputeParameters): Compute {
  const after = <T>(ms: number, value: () => T) =>
    new Promise<T>((resolve) => clock.setTimeout(() => resolve(value()), ms))
  return {
    gradient(params, samples) {
      const input = params.slice()
      return after(computeMs, () => ({ ...learningGradient(spec, input, samples), ms: computeMs }))
    },
    evaluate(params) {
      const input = params.slice()
      return after(computeMs, () => learningAccuracy(spec, input, evalSamples))
    },
  }
}

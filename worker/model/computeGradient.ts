import type { ParameterLayout } from '../../core/model/parameterLayout.ts'
import { crossEntropy } from './crossEntropy.ts'
import type { Tensor, Tf } from './Tf.ts'
import type { TrainingModel } from './TrainingModel.ts'
import { weightTensors } from './weightTensors.ts'

export type GradientResult = {
  /** d(mean loss)/d(parameters), in layout order: one value per parameter, in a buffer the caller owns. */
  gradient: Float32Array
  /** Mean cross-entropy over the samples, at the given parameters. */
  loss: number
}

/**
 * Gradient of the mean loss over `samples` (train positions) at `parameters` (the flat vector). Each layout
 * tensor is uploaded from its slice of the vector; the per-tensor gradients are concatenated back in layout
 * order on the device and read once, with `await data()` (never dataSync, which breaks WebGPU:
 * docs/architecture.md §9). Every tensor made here is disposed before returning, so memory does not grow from
 * step to step.
 */
export async function computeGradient(
  tf: Tf,
  model: TrainingModel,
  layout: ParameterLayout,
  parameters: Float32Array,
  samples: ArrayLike<number>,
): Promise<GradientResult> {
  const weights = weightTensors(tf, layout, parameters)
  let outputs: { loss: Tensor; gradient: Tensor } | undefined
  try {
    outputs = tf.tidy(() => {
      const { x, labels } = model.batch(tf, 'train', samples)
      const meanLoss = (...w: Tensor[]) => tf.mean(crossEntropy(tf, model.logits(tf, w, x), labels, model.classes))
      const { value, grads } = tf.valueAndGrads(meanLoss)(weights)
      return { loss: value, gradient: tf.concat(grads.map((g) => tf.reshape(g, [-1]))) }
    })
    const [loss, gradient] = await Promise.all([outputs.loss.data(), outputs.gradient.data()])
    // A copy: the cpu backend hands out its own storage, which must not be transferred away or outlive dispose.
    return { gradient: Float32Array.from(gradient as Float32Array), loss: loss[0]! }
  } finally {
    tf.dispose(weights)
    if (outputs) tf.dispose([outputs.loss, outputs.gradient])
  }
}

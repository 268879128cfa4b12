import type { ParameterLayout } from '../../core/model/parameterLayout.ts'
import { crossEntropy } from './crossEntropy.ts'
import type { Tensor, Tf } from './Tf.ts'
import type { TrainingModel } from './TrainingModel.ts'
import { weightTensors } from './weightTensors.ts'

export type Evaluation = { loss: number; accuracy: number; samples: number }

/** Held-out samples per forward pass: bounds device memory (512 × 784 floats is 1.6 MB) without many round trips. */
const chunk = 512

/** Mean cross-entropy and accuracy over the whole held-out split, at the given flat parameters. */
export async function evaluateModel(
  tf: Tf,
  model: TrainingModel,
  layout: ParameterLayout,
  parameters: Float32Array,
): Promise<Evaluation> {
  const weights = weightTensors(tf, layout, parameters)
  let lossSum = 0
  let correct = 0
  try {
    for (let start = 0; start < model.heldOutSize; start += chunk) {
      const positions = Array.from({ length: Math.min(chunk, model.heldOutSize - start) }, (_, i) => start + i)
      const sums: Tensor[] = tf.tidy(() => {
        const { x, labels } = model.batch(tf, 'heldOut', positions)
        const logits = model.logits(tf, weights, x)
        const hits = tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')
        return [tf.sum(crossEntropy(tf, logits, labels, model.classes)), tf.sum(hits)]
      })
      try {
        const [loss, hits] = await Promise.all(sums.map((t) => t.data()))
        lossSum += loss![0]!
        correct += hits![0]!
      } finally {
        tf.dispose(sums)
      }
    }
  } finally {
    tf.dispose(weights)
  }
  const samples = model.heldOutSize
  return { loss: lossSum / samples, accuracy: correct / samples, samples }
}

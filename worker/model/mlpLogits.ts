import type { Tensor, Tensor2D, Tf } from './Tf.ts'

/**
 * A stack of dense layers on flattened inputs: (kernel, bias) pairs in layout order, ReLU between them and
 * none after the last, which gives the logits. mnist-mlp is this alone; mnist-cnn ends with it.
 */
export function mlpLogits(tf: Tf, weights: readonly Tensor[], x: Tensor): Tensor2D {
  let h = tf.reshape(x, [x.shape[0]!, -1]) as Tensor2D
  const layers = weights.length / 2
  for (let i = 0; i < layers; i++) {
    const z = tf.add(tf.matMul(h, weights[2 * i] as Tensor2D), weights[2 * i + 1]!) as Tensor2D
    h = i < layers - 1 ? tf.relu(z) : z
  }
  return h
}

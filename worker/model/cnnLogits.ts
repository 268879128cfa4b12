import { mlpLogits } from './mlpLogits.ts'
import type { Tensor, Tensor2D, Tensor4D, Tf } from './Tf.ts'

/**
 * mnist-cnn: `convolutions` blocks of 3×3 'same' convolution + ReLU + 2×2 max-pool, then the dense layers.
 * Weights in layout order (core/model/parameterLayout.ts): conv kernels/biases, then dense pairs.
 */
export function cnnLogits(convolutions: number) {
  return (tf: Tf, weights: readonly Tensor[], x: Tensor): Tensor2D => {
    let h = x as Tensor4D
    for (let i = 0; i < convolutions; i++) {
      const z = tf.add(tf.conv2d(h, weights[2 * i] as Tensor4D, 1, 'same'), weights[2 * i + 1]!) as Tensor4D
      h = tf.maxPool(tf.relu(z), 2, 2, 'valid')
    }
    return mlpLogits(tf, weights.slice(2 * convolutions), h)
  }
}

import type { Tensor1D, Tensor2D, Tf } from './Tf.ts'

/** Softmax cross-entropy of each sample, from logits: −log softmax(logits)[label]. logSoftmax keeps it stable. */
export function crossEntropy(tf: Tf, logits: Tensor2D, labels: Tensor1D, classes: number): Tensor1D {
  const targets = tf.cast(tf.oneHot(labels, classes), 'float32')
  return tf.neg(tf.sum(tf.mul(targets, tf.logSoftmax(logits)), 1)) as Tensor1D
}

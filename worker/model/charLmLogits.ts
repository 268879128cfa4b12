import type { Tensor, Tensor2D, Tf } from './Tf.ts'

/**
 * char-lm (a Bengio-style neural language model): embed each of the `context` characters, concatenate,
 * one tanh hidden layer, logits over the vocabulary. The embedding lookup is one-hot × table, a matmul, because
 * tf.gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks in tfjs 4.22.
 */
export function charLmLogits(vocabularySize: number) {
  return (tf: Tf, weights: readonly Tensor[], x: Tensor): Tensor2D => {
    const [table, hiddenKernel, hiddenBias, outputKernel, outputBias] = weights as Tensor2D[]
    const n = x.shape[0]!
    const oneHot = tf.cast(tf.oneHot(tf.reshape(x, [-1]) as Tensor, vocabularySize), 'float32') as Tensor2D
    const embedded = tf.reshape(tf.matMul(oneHot, table!), [n, -1]) as Tensor2D
    const hidden = tf.tanh(tf.add(tf.matMul(embedded, hiddenKernel!), hiddenBias!)) as Tensor2D
    return tf.add(tf.matMul(hidden, outputKernel!), outputBias!) as Tensor2D
  }
}

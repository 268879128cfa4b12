import type { TextDataset } from '../../core/data/datasetFormat.ts'
import { splitText } from '../../core/data/splitText.ts'
import type { Batch } from './TrainingModel.ts'
import type { Tf } from './Tf.ts'

/** Batches of a token stream: `context` tokens in, the next token as label (core/data/splitText.ts). */
export function textBatches(dataset: TextDataset, context: number) {
  const split = splitText(dataset.tokens.length, context)
  const { tokens } = dataset
  return {
    trainSize: split.trainSize,
    heldOutSize: split.heldOut.length,
    batch(tf: Tf, which: 'train' | 'heldOut', positions: ArrayLike<number>): Batch {
      const n = positions.length
      const x = new Int32Array(n * context)
      const y = new Int32Array(n)
      for (let j = 0; j < n; j++) {
        const start = which === 'train' ? positions[j]! : split.heldOut[positions[j]!]!
        for (let c = 0; c < context; c++) x[j * context + c] = tokens[start + c]!
        y[j] = tokens[start + context]!
      }
      return { x: tf.tensor2d(x, [n, context], 'int32'), labels: tf.tensor1d(y, 'int32') }
    },
  }
}

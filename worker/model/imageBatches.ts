import type { ImageDataset } from '../../core/data/datasetFormat.ts'
import { splitImages } from '../../core/data/splitImages.ts'
import type { Batch } from './TrainingModel.ts'
import type { Tf } from './Tf.ts'

// k/255 as float32, looked up rather than divided per pixel; identical bits on every backend since it is JS.
const pixelScale = Float32Array.from({ length: 256 }, (_, k) => k / 255)

/** Batches of an image dataset, by train or held-out position of its fixed split (core/data/splitImages.ts). */
export function imageBatches(dataset: ImageDataset) {
  const split = splitImages(dataset.count)
  const { height, width, channels, pixels, labels } = dataset
  const size = height * width * channels
  return {
    trainSize: split.train.length,
    heldOutSize: split.heldOut.length,
    batch(tf: Tf, which: 'train' | 'heldOut', positions: ArrayLike<number>): Batch {
      const images = split[which]
      const n = positions.length
      const x = new Float32Array(n * size)
      const y = new Int32Array(n)
      for (let j = 0; j < n; j++) {
        const image = images[positions[j]!]!
        const source = image * size
        for (let p = 0; p < size; p++) x[j * size + p] = pixelScale[pixels[source + p]!]!
        y[j] = labels[image]!
      }
      return { x: tf.tensor4d(x, [n, height, width, channels]), labels: tf.tensor1d(y, 'int32') }
    },
  }
}

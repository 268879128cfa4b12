import type { Dataset } from '../../core/data/datasetFormat.ts'
import { BaseError } from '../../core/errors/BaseError.ts'
import type { ModelSpec } from '../../core/manifest/Manifest.ts'
import { charInput, type ImageInput, mnistInput } from '../../core/model/modelInput.ts'
import { charLmLogits } from './charLmLogits.ts'
import { cnnLogits } from './cnnLogits.ts'
import { imageBatches } from './imageBatches.ts'
import { mlpLogits } from './mlpLogits.ts'
import { textBatches } from './textBatches.ts'
import type { TrainingModel } from './TrainingModel.ts'

/** A dataset whose shape is not what the model preset reads (e.g. a URL dataset of 32×32 images for mnist-mlp). */
export class DatasetModelMismatchError extends BaseError {
  override name = 'DatasetModelMismatchError' as const
  constructor(
    readonly model: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`The dataset does not fit model ${model}: it expects ${expected}, the file holds ${actual}.`)
  }
}

/** Binds a model preset to its decoded dataset: how to batch samples and how to compute logits. */
export function createTrainingModel(spec: ModelSpec, dataset: Dataset): TrainingModel {
  switch (spec.preset) {
    case 'mnist-mlp':
      return imageModel(spec.preset, mnistInput, dataset, { trainingKernels: [], logits: mlpLogits })
    case 'mnist-cnn':
      return imageModel(spec.preset, mnistInput, dataset, {
        // Named so that the reason a user sees reads "the wasm backend cannot train convolutions in tfjs 4.22".
        trainingKernels: [{ kernel: 'Conv2DBackpropFilter', feature: 'convolutions' }],
        logits: cnnLogits(spec.filters.length),
      })
    case 'char-lm': {
      const v = charInput.vocabularySize
      const expected = `text over a vocabulary of ${v} symbols`
      if (dataset.kind !== 'text') throw new DatasetModelMismatchError(spec.preset, expected, 'images')
      if (dataset.vocabulary.length !== v)
        throw new DatasetModelMismatchError(spec.preset, expected, `a vocabulary of ${dataset.vocabulary.length}`)
      return { classes: v, ...textBatches(dataset, spec.context), trainingKernels: [], logits: charLmLogits(v) }
    }
    default:
      return spec satisfies never
  }
}

function imageModel(
  preset: string,
  input: ImageInput,
  dataset: Dataset,
  parts: Pick<TrainingModel, 'trainingKernels' | 'logits'>,
): TrainingModel {
  const describe = (d: Omit<ImageInput, 'kind'>) =>
    `${d.height}×${d.width}×${d.channels} images in ${d.classes} classes`
  if (dataset.kind !== 'image') throw new DatasetModelMismatchError(preset, describe(input), 'text')
  if (describe(dataset) !== describe(input))
    throw new DatasetModelMismatchError(preset, describe(input), describe(dataset))
  return { classes: input.classes, ...imageBatches(dataset), ...parts }
}

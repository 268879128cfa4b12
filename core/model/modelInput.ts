import { charVocabulary } from '../data/charVocabulary.ts'
import type { ModelSpec } from '../manifest/Manifest.ts'

/** What a model preset consumes: the dataset a worker loads must match it exactly. */
export type ModelInput = ImageInput | TextInput
export type ImageInput = { kind: 'image'; height: number; width: number; channels: number; classes: number }
export type TextInput = { kind: 'text'; vocabularySize: number }

/** 28×28 grey digits, 10 classes: both mnist presets. */
export const mnistInput: ImageInput = { kind: 'image', height: 28, width: 28, channels: 1, classes: 10 }
/** One token per character of the fixed vocabulary: the char-lm preset. */
export const charInput: TextInput = { kind: 'text', vocabularySize: charVocabulary.length }

export function modelInput(spec: ModelSpec): ModelInput {
  switch (spec.preset) {
    case 'mnist-mlp':
    case 'mnist-cnn':
      return mnistInput
    case 'char-lm':
      return charInput
    default:
      return spec satisfies never
  }
}

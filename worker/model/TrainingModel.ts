import type { Tensor, Tensor1D, Tensor2D, Tf } from './Tf.ts'

/** Samples in tensors, built inside the caller's tf.tidy. */
export type Batch = { x: Tensor; labels: Tensor1D }

/** What computeGradient and evaluateModel need from a model preset bound to its dataset. */
export type TrainingModel = {
  /** Output classes: 10 digits, or the vocabulary size. */
  classes: number
  trainSize: number
  heldOutSize: number
  /** Gradient kernels some backends lack, with the feature a user would recognise (see selectBackend.ts). */
  trainingKernels: readonly { kernel: string; feature: string }[]
  /** Train positions (0 … trainSize−1) or held-out positions (0 … heldOutSize−1) as tensors. */
  batch(tf: Tf, split: 'train' | 'heldOut', positions: ArrayLike<number>): Batch
  /** The forward pass, with weights in parameter-layout order. */
  logits(tf: Tf, weights: readonly Tensor[], x: Tensor): Tensor2D
}

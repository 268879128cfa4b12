// The tfjs namespace as a parameter: the model math below takes it instead of importing it, so the same code
// runs in the browser worker (webgpu, wasm, cpu) and in Node tests (cpu).
import type * as tfjs from '@tensorflow/tfjs'

export type Tf = typeof tfjs
export type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs'

// The WebGPU backend, with the flags of docs/architecture.md §9: deterministic matmul and the fast im2col convolution.
import '@tensorflow/tfjs-backend-webgpu'
import type { Tf } from '../model/Tf.ts'

type WebGpuScope = { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }

/** Starts WebGPU; resolves to why it cannot be used (a sentence for the user), or undefined when it runs. */
export async function startWebgpu(tf: Tf): Promise<string | undefined> {
  const gpu = (globalThis as WebGpuScope).navigator?.gpu
  if (!gpu) return 'WebGPU is not available in this browser'
  const adapter = await gpu.requestAdapter().catch(() => null)
  if (!adapter) return 'this browser offers no WebGPU adapter (the GPU may be blocklisted or WebGPU turned off)'
  // The default split-K matmul sums with atomics, in an order that varies run to run for large inner dimensions.
  tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', 3)
  // About 4× faster convolutions (measured here on SwiftShader).
  tf.env().set('WEBGPU_CONV_SEPARATE_IM2COL_SHADER', true)
  return (await tf.setBackend('webgpu')) ? undefined : 'the WebGPU backend of tfjs failed to start on this GPU'
}

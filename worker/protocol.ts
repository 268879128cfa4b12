// Messages between the volunteer page and its training worker: one discriminated union per direction,
// shared by both sides. The worker computes; the page owns the parameters, the optimizer and the network.
// Float32Arrays cross the boundary as transferables (the sender loses them).

import type { SerializedError } from '../core/errors/BaseError.ts'
import type { DatasetSpec, ModelSpec } from '../core/manifest/Manifest.ts'

export const backendNames = ['webgpu', 'wasm', 'cpu'] as const
export type BackendName = (typeof backendNames)[number]
/** `auto` tries webgpu, then wasm, then cpu. */
export type BackendRequest = BackendName | 'auto'

/** Why a backend earlier in the order was not used. */
export type BackendFallback = { backend: BackendName; reason: string }

export type ToWorker =
  | {
      type: 'init'
      model: ModelSpec
      dataset: DatasetSpec
      /** Where to fetch the dataset file (presets are served by our web app). */
      datasetUrl: string
      backend: BackendRequest
    }
  /** Gradient of the mean loss over the given training samples, at the given parameters. */
  | { type: 'computeGradient'; id: number; parameters: Float32Array; samples: Uint32Array }
  /** Loss and accuracy over the whole held-out split, at the given parameters. */
  | { type: 'evaluate'; id: number; parameters: Float32Array }

export type FromWorker =
  | {
      type: 'ready'
      backend: BackendName
      fallbacks: BackendFallback[]
      parameterCount: number
      trainSize: number
      heldOutSize: number
    }
  | { type: 'gradient'; id: number; gradient: Float32Array; loss: number; samples: number; ms: number }
  | { type: 'evaluation'; id: number; loss: number; accuracy: number; samples: number; ms: number }
  /** A failure, posted as data: `id` names the request that failed, or is absent for init and unexpected failures. */
  | { type: 'error'; id?: number; error: SerializedError }

import { BaseError } from '../../core/errors/BaseError.ts'
import type { Tf } from '../model/Tf.ts'
import type { TrainingModel } from '../model/TrainingModel.ts'
import { type BackendFallback, type BackendName, backendNames, type BackendRequest } from '../protocol.ts'
import { startWasm } from './startWasm.ts'
import { startWebgpu } from './startWebgpu.ts'

/** The backend the page asked for by name cannot train this model here. */
export class BackendUnavailableError extends BaseError {
  override name = 'BackendUnavailableError' as const
  constructor(
    readonly backend: BackendName,
    readonly reason: string,
  ) {
    super(`The ${backend} backend cannot be used: ${reason}.`)
  }
}

/** `auto` found no backend at all (even cpu failed). */
export class NoBackendAvailableError extends BaseError {
  override name = 'NoBackendAvailableError' as const
  constructor(readonly fallbacks: readonly BackendFallback[]) {
    super('No tfjs backend can train this model in this browser.', {
      metaMessages: fallbacks.map((f) => `- ${f.backend}: ${f.reason}`),
    })
  }
}

export type BackendChoice = { backend: BackendName; fallbacks: BackendFallback[] }

/**
 * Picks the tfjs backend: the requested one, or for `auto` the first of webgpu → wasm → cpu that starts,
 * has every gradient kernel the model needs, and passes `probe` (one real gradient step). Each skipped backend
 * is reported with a reason a user understands. A backend asked for by name that fails is an error, never a
 * silent fallback: the user chose it.
 */
export async function selectBackend(
  tf: Tf,
  request: BackendRequest,
  model: TrainingModel,
  probe: () => Promise<void>,
): Promise<BackendChoice> {
  const fallbacks: BackendFallback[] = []
  for (const backend of request === 'auto' ? backendNames : [request]) {
    const reason = await tryBackend(tf, backend, model, probe)
    if (reason === undefined) return { backend, fallbacks }
    if (request !== 'auto') throw new BackendUnavailableError(backend, reason)
    fallbacks.push({ backend, reason })
  }
  throw new NoBackendAvailableError(fallbacks)
}

async function tryBackend(
  tf: Tf,
  backend: BackendName,
  model: TrainingModel,
  probe: () => Promise<void>,
): Promise<string | undefined> {
  const notStarted = await start(tf, backend).catch((error: unknown) => `it failed to start (${messageOf(error)})`)
  if (notStarted !== undefined) return notStarted
  const missing = model.trainingKernels.find(({ kernel }) => tf.getKernel(kernel, backend) === undefined)
  const version = tf.version_core.split('.').slice(0, 2).join('.')
  if (missing) return `the ${backend} backend cannot train ${missing.feature} in tfjs ${version}`
  return probe().then(
    () => undefined,
    (error: unknown) => `the ${backend} backend failed a test gradient step (${messageOf(error)})`,
  )
}

function start(tf: Tf, backend: BackendName): Promise<string | undefined> {
  switch (backend) {
    case 'webgpu':
      return startWebgpu(tf)
    case 'wasm':
      return startWasm(tf)
    case 'cpu':
      return tf.setBackend('cpu').then((ok) => (ok ? undefined : 'the cpu backend of tfjs failed to start'))
    default:
      return backend satisfies never
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

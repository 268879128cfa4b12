// The page's side of the training worker: core's Compute over the typed message union in worker/protocol.ts.
// Every request carries an id; the worker answers each with data, failures included, so nothing hangs.

import { BaseError, type SerializedError } from '../../../core/errors/BaseError.ts'
import type { DatasetSpec, ModelSpec } from '../../../core/manifest/Manifest.ts'
import type { Compute } from '../../../core/swarm/VolunteerPorts.ts'
import type { BackendFallback, BackendName, BackendRequest, FromWorker, ToWorker } from '../../../worker/protocol.ts'
import trainingWorkerUrl from '../../../worker/trainingWorker.ts?worker&url'
import { createTrainingWorker } from './createTrainingWorker.ts'

export class WorkerFailedError extends BaseError {
  override name = 'WorkerFailedError' as const
  constructor(readonly error: SerializedError) {
    super(`The training worker failed: ${error.message}`, { details: error.details ?? error.name })
  }
}

export type WorkerReady = {
  backend: BackendName
  fallbacks: BackendFallback[]
  parameterCount: number
  trainSize: number
  heldOutSize: number
}
export type WorkerCompute = Compute & { readonly ready: Promise<WorkerReady>; terminate(): void }

export type WorkerComputeOptions = {
  model: ModelSpec
  dataset: DatasetSpec
  datasetUrl: string
  backend: BackendRequest
  /** Told about failures that belong to no request (the worker crashed, or failed to start). */
  onFatal: (error: WorkerFailedError) => void
}

export function createWorkerCompute(options: WorkerComputeOptions): WorkerCompute {
  const worker = createTrainingWorker(trainingWorkerUrl, 'starling-training')
  const waiting = new Map<number, { resolve: (message: FromWorker) => void; reject: (error: Error) => void }>()
  let nextId = 1
  let fatal: WorkerFailedError | undefined
  let markReady: (ready: WorkerReady) => void
  let failReady: (error: Error) => void
  const ready = new Promise<WorkerReady>((resolve, reject) => ((markReady = resolve), (failReady = reject)))

  const die = (error: WorkerFailedError, notify = true) => {
    fatal ??= error
    failReady(error)
    for (const { reject } of waiting.values()) reject(error)
    waiting.clear()
    if (notify) options.onFatal(error)
  }
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    const message = event.data
    switch (message.type) {
      case 'ready':
        return markReady(message)
      case 'gradient':
      case 'evaluation': {
        const request = waiting.get(message.id)
        waiting.delete(message.id)
        return request?.resolve(message)
      }
      case 'error': {
        if (message.id === undefined) return die(new WorkerFailedError(message.error))
        const request = waiting.get(message.id)
        waiting.delete(message.id)
        return request?.reject(new WorkerFailedError(message.error))
      }
      default:
        return message satisfies never
    }
  }
  worker.onerror = (event) =>
    die(new WorkerFailedError({ name: 'WorkerCrashed', message: event.message || 'the worker script failed to load' }))

  const post = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer)
  const request = <T extends FromWorker['type']>(build: (id: number) => ToWorker, transfer: Transferable[]) =>
    ready.then(
      () =>
        new Promise<Extract<FromWorker, { type: T }>>((resolve, reject) => {
          if (fatal) return reject(fatal)
          const id = nextId++
          waiting.set(id, { resolve: resolve as (m: FromWorker) => void, reject })
          post(build(id), transfer)
        }),
    )

  post({
    type: 'init',
    model: options.model,
    dataset: options.dataset,
    datasetUrl: options.datasetUrl,
    backend: options.backend,
  })

  return {
    ready,
    async gradient(params, samples) {
      // Copies: the caller keeps its parameters; the copies are transferred, not cloned again.
      const parameters = params.slice()
      const indices = samples.slice()
      const result = await request<'gradient'>(
        (id) => ({ type: 'computeGradient', id, parameters, samples: indices }),
        [parameters.buffer, indices.buffer],
      )
      return { gradient: result.gradient, loss: result.loss, ms: result.ms }
    },
    async evaluate(params) {
      const parameters = params.slice()
      const result = await request<'evaluation'>((id) => ({ type: 'evaluate', id, parameters }), [parameters.buffer])
      return { accuracy: result.accuracy, loss: result.loss, samples: result.samples }
    },
    terminate() {
      worker.terminate()
      die(new WorkerFailedError({ name: 'WorkerTerminated', message: 'the worker was stopped' }), false)
    },
  }
}

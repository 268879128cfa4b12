// Page side of worker/smoke.ts: starts the real training worker the way the web app will, runs a few gradient
// steps on one backend, and hands the figures to Playwright through window.starlingSmoke.
import type { SerializedError } from '../../core/errors/BaseError.ts'
import { presetDatasets } from '../../core/data/presetDatasets.ts'
import { shardFor } from '../../core/data/shardFor.ts'
import type { ModelSpec } from '../../core/manifest/Manifest.ts'
import { initParameters } from '../../core/model/initParameters.ts'
import type { BackendFallback, BackendRequest, FromWorker, ToWorker } from '../protocol.ts'

export type SmokeRequest = {
  backend: BackendRequest
  model: ModelSpec
  steps: number
  batchSize: number
  replyTimeoutMs: number
}
export type SmokeResult =
  | { ok: false; error: SerializedError }
  | {
      ok: true
      backend: string
      fallbacks: BackendFallback[]
      initMs: number
      /** Worker-measured compute time of each step, and the page's round trip including transfers. */
      stepMs: number[]
      roundTripMs: number[]
      loss: number
      evaluation: { loss: number; accuracy: number; ms: number }
      /** Every step used the same parameters and samples: were the gradients identical bit for bit? */
      repeatable: boolean
      gradient: number[]
    }

async function run(request: SmokeRequest): Promise<SmokeResult> {
  const worker = new Worker(new URL('../trainingWorker.ts', import.meta.url), { type: 'module' })
  const inbox: FromWorker[] = []
  let wake = () => {}
  worker.onmessage = (event: MessageEvent<FromWorker>) => {
    inbox.push(event.data)
    wake()
  }
  worker.onerror = (event) => {
    inbox.push({ type: 'error', error: { name: 'WorkerScriptError', message: event.message } })
    wake()
  }
  const next = async (): Promise<FromWorker> => {
    const deadline = performance.now() + request.replyTimeoutMs
    while (inbox.length === 0) {
      if (performance.now() > deadline)
        return {
          type: 'error',
          error: { name: 'SmokeTimeout', message: `no reply within ${request.replyTimeoutMs} ms` },
        }
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, 100)
      })
    }
    return inbox.shift()!
  }
  const send = (message: ToWorker, transfer: Transferable[] = []) => worker.postMessage(message, transfer)
  try {
    const started = performance.now()
    const datasetUrl = new URL(import.meta.env.BASE_URL + presetDatasets.mnist.path, location.href).href
    send({ type: 'init', model: request.model, dataset: { preset: 'mnist' }, datasetUrl, backend: request.backend })
    const ready = await next()
    if (ready.type === 'error') return { ok: false, error: ready.error }
    if (ready.type !== 'ready')
      return { ok: false, error: { name: 'SmokeProtocol', message: `expected ready, got ${ready.type}` } }
    const initMs = performance.now() - started
    const parameters = initParameters(request.model, 1)
    const samples = shardFor({ seed: 1, offset: 0, rank: 0, batchSize: request.batchSize, trainSize: ready.trainSize })
    const gradients: Float32Array[] = []
    const stepMs: number[] = []
    const roundTripMs: number[] = []
    let loss = NaN
    for (let id = 0; id < request.steps; id++) {
      const sent = performance.now()
      const copy = { parameters: parameters.slice(), samples: samples.slice() }
      send({ type: 'computeGradient', id, ...copy }, [copy.parameters.buffer, copy.samples.buffer])
      const reply = await next()
      if (reply.type !== 'gradient')
        return {
          ok: false,
          error: reply.type === 'error' ? reply.error : { name: 'SmokeProtocol', message: reply.type },
        }
      roundTripMs.push(performance.now() - sent)
      stepMs.push(reply.ms)
      gradients.push(reply.gradient)
      loss = reply.loss
    }
    send({ type: 'evaluate', id: request.steps, parameters: parameters.slice() })
    const evaluation = await next()
    if (evaluation.type !== 'evaluation')
      return {
        ok: false,
        error: evaluation.type === 'error' ? evaluation.error : { name: 'SmokeProtocol', message: evaluation.type },
      }
    const first = gradients[0]!
    const repeatable = gradients.every((g) => g.every((x, i) => Object.is(x, first[i])))
    return {
      ok: true,
      backend: ready.backend,
      fallbacks: ready.fallbacks,
      initMs,
      stepMs,
      roundTripMs,
      loss,
      repeatable,
      evaluation: { loss: evaluation.loss, accuracy: evaluation.accuracy, ms: evaluation.ms },
      gradient: Array.from(first),
    }
  } finally {
    worker.terminate()
  }
}

;(window as unknown as { starlingSmoke: { run: typeof run } }).starlingSmoke = { run }

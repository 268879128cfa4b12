import { createHash } from 'node:crypto'
import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { encodeDataset } from '../core/data/encodeDataset.ts'
import type { ModelSpec } from '../core/manifest/Manifest.ts'
import { initParameters } from '../core/model/initParameters.ts'
import { messageHandler } from './messageHandler.ts'
import type { FromWorker, ToWorker } from './protocol.ts'
import type { Hex } from '../core/types/Hex.ts'

const file = encodeDataset({
  kind: 'image',
  count: 50,
  height: 28,
  width: 28,
  channels: 1,
  classes: 10,
  pixels: Uint8Array.from({ length: 50 * 784 }, (_, i) => (i * 37) % 256),
  labels: Uint8Array.from({ length: 50 }, (_, i) => i % 10),
})
const sha256: Hex = `0x${createHash('sha256').update(file).digest('hex')}`
const url = 'http://127.0.0.1/test.bin'
const mlp: ModelSpec = { preset: 'mnist-mlp', hidden: [8] }
const init = (overrides: Partial<Extract<ToWorker, { type: 'init' }>> = {}): ToWorker => ({
  type: 'init',
  model: mlp,
  dataset: { url, sha256 },
  datasetUrl: url,
  backend: 'cpu',
  ...overrides,
})

function worker() {
  const posted: { message: FromWorker; transfer: Transferable[] }[] = []
  const handler = messageHandler(tf, (message, transfer = []) => posted.push({ message, transfer }))
  const transfers: Transferable[][] = []
  const send = async (...messages: ToWorker[]) => {
    for (const message of messages) handler.receive(message)
    await handler.idle()
    const replies = posted.splice(0)
    transfers.push(...replies.map((p) => p.transfer))
    return replies.map((p) => p.message)
  }
  return { send, transfers }
}

beforeEach(() => {
  vi.stubGlobal('fetch', async (requested: string) =>
    requested === url ? new Response(file.slice()) : new Response('missing', { status: 404, statusText: 'Not Found' }),
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('messageHandler', () => {
  it('initialises on the requested backend and reports the model and split sizes', async () => {
    const [ready] = await worker().send(init())
    expect(ready).toEqual({
      type: 'ready',
      backend: 'cpu',
      fallbacks: [],
      parameterCount: 784 * 8 + 8 + 80 + 10,
      trainSize: 40,
      heldOutSize: 10,
    })
  })

  it('on auto, explains why WebGPU was skipped', async () => {
    const [ready] = await worker().send(init({ backend: 'auto' }))
    if (ready?.type !== 'ready') throw new Error(JSON.stringify(ready))
    expect(ready.fallbacks[0]).toEqual({ backend: 'webgpu', reason: 'WebGPU is not available in this browser' })
  })

  it('computes gradients and evaluations in order, transferring the gradient buffer', async () => {
    const { send, transfers } = worker()
    await send(init())
    const parameters = initParameters(mlp, 1)
    const replies = await send(
      { type: 'computeGradient', id: 1, parameters: parameters.slice(), samples: Uint32Array.of(0, 5, 39) },
      { type: 'evaluate', id: 2, parameters: parameters.slice() },
    )
    expect(replies.map((r) => [r.type, 'id' in r ? r.id : undefined])).toEqual([
      ['gradient', 1],
      ['evaluation', 2],
    ])
    const gradient = replies[0] as Extract<FromWorker, { type: 'gradient' }>
    expect(gradient.gradient.length).toBe(parameters.length)
    expect([gradient.samples, Number.isFinite(gradient.loss), gradient.ms >= 0]).toEqual([3, true, true])
    expect(replies[1]).toMatchObject({ type: 'evaluation', samples: 10 })
    expect(transfers.at(-2)).toEqual([gradient.gradient.buffer])
  })

  it('posts every failure back as data, with the request id when there is one', async () => {
    const { send } = worker()
    const [early] = await send({ type: 'evaluate', id: 7, parameters: new Float32Array(1) })
    expect(early).toMatchObject({ type: 'error', id: 7, error: { name: 'WorkerStateError' } })
    await send(init())
    const replies = await send(
      { type: 'computeGradient', id: 8, parameters: new Float32Array(3), samples: Uint32Array.of(0) },
      { type: 'computeGradient', id: 9, parameters: initParameters(mlp, 1), samples: Uint32Array.of(40) },
      { type: 'computeGradient', id: 10, parameters: initParameters(mlp, 1), samples: new Uint32Array(0) },
      { type: 'launchRockets' } as unknown as ToWorker,
      init(),
    )
    expect(replies.map((r) => (r.type === 'error' ? [r.id, r.error.name] : r.type))).toEqual([
      [8, 'ParameterCountError'],
      [9, 'InvalidSamplesError'],
      [10, 'InvalidSamplesError'],
      [undefined, 'UnknownMessageError'],
      [undefined, 'WorkerStateError'],
    ])
  })

  it('refuses a dataset whose sha256 differs, and one that cannot be fetched', async () => {
    const [mismatch] = await worker().send(init({ dataset: { url, sha256: `0x${'0'.repeat(64)}` } }))
    expect(mismatch).toMatchObject({ type: 'error', error: { name: 'DatasetHashMismatchError' } })
    const [missing] = await worker().send(init({ datasetUrl: 'http://127.0.0.1/nothing.bin' }))
    expect(missing).toMatchObject({ type: 'error', error: { name: 'DatasetFetchError' } })
  })

  it('refuses a dataset that does not fit the model', async () => {
    const [reply] = await worker().send(init({ model: { preset: 'char-lm', context: 4, embedding: 2, hidden: 4 } }))
    expect(reply).toMatchObject({ type: 'error', error: { name: 'DatasetModelMismatchError' } })
  })
})

// The training Web Worker: computes gradients and held-out evaluations for the page, which owns the parameters,
// the optimizer and the network (docs/architecture.md §1). The page starts it with
//   new Worker(new URL('../worker/trainingWorker.ts', import.meta.url), { type: 'module' })
// and speaks worker/protocol.ts to it; the handling lives in messageHandler.ts.
import * as tf from '@tensorflow/tfjs'
import { messageHandler } from './messageHandler.ts'
import type { ToWorker } from './protocol.ts'

const scope = self as unknown as DedicatedWorkerGlobalScope
const handler = messageHandler(tf, (message, transfer = []) => scope.postMessage(message, transfer))
scope.onmessage = (event: MessageEvent<ToWorker>) => handler.receive(event.data)

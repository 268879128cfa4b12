import { datasetSha256 } from '../core/data/presetDatasets.ts'
import { BaseError } from '../core/errors/BaseError.ts'
import { parameterLayout } from '../core/model/parameterLayout.ts'
import { selectBackend } from './backend/selectBackend.ts'
import { loadDataset } from './loadDataset.ts'
import { computeGradient } from './model/computeGradient.ts'
import { createTrainingModel } from './model/createTrainingModel.ts'
import { evaluateModel } from './model/evaluateModel.ts'
import type { Tf } from './model/Tf.ts'
import type { FromWorker, ToWorker } from './protocol.ts'

type Ready = Extract<FromWorker, { type: 'ready' }>
type Gradient = Omit<Extract<FromWorker, { type: 'gradient' }>, 'type' | 'id'>
type Evaluation = Omit<Extract<FromWorker, { type: 'evaluation' }>, 'type' | 'id'>

export type Session = {
  ready: Ready
  computeGradient(parameters: Float32Array, samples: Uint32Array): Promise<Gradient>
  evaluate(parameters: Float32Array): Promise<Evaluation>
}

export class ParameterCountError extends BaseError {
  override name = 'ParameterCountError' as const
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Received ${actual} parameters; the model has ${expected}.`)
  }
}

export class InvalidSamplesError extends BaseError {
  override name = 'InvalidSamplesError' as const
  constructor(reason: string) {
    super(`Cannot compute a gradient: ${reason}.`)
  }
}

/**
 * Everything `init` asks for: the dataset fetched and verified, the model bound to it, and a backend that
 * passed a real gradient step. The returned session checks each request against the model before computing.
 */
export async function createSession(tf: Tf, init: Extract<ToWorker, { type: 'init' }>): Promise<Session> {
  const layout = parameterLayout(init.model)
  const model = createTrainingModel(init.model, await loadDataset(init.datasetUrl, datasetSha256(init.dataset)))
  const probe = async () => {
    await computeGradient(tf, model, layout, new Float32Array(layout.size), [0, Math.min(1, model.trainSize - 1)])
  }
  const { backend, fallbacks } = await selectBackend(tf, init.backend, model, probe)
  const checkParameters = (parameters: Float32Array) => {
    if (parameters.length !== layout.size) throw new ParameterCountError(layout.size, parameters.length)
  }
  return {
    ready: {
      type: 'ready',
      backend,
      fallbacks,
      parameterCount: layout.size,
      trainSize: model.trainSize,
      heldOutSize: model.heldOutSize,
    },
    async computeGradient(parameters, samples) {
      checkParameters(parameters)
      if (samples.length === 0) throw new InvalidSamplesError('no samples were given')
      const outside = samples.find((sample) => sample >= model.trainSize)
      if (outside !== undefined)
        throw new InvalidSamplesError(`sample ${outside} is not below the ${model.trainSize} train samples`)
      const started = performance.now()
      const { gradient, loss } = await computeGradient(tf, model, layout, parameters, samples)
      return { gradient, loss, samples: samples.length, ms: performance.now() - started }
    },
    async evaluate(parameters) {
      checkParameters(parameters)
      const started = performance.now()
      const evaluation = await evaluateModel(tf, model, layout, parameters)
      return { ...evaluation, ms: performance.now() - started }
    },
  }
}

import { BaseError } from '../errors/BaseError.ts'
import { decodeOptimizerState } from '../optimizer/decodeOptimizerState.ts'
import { encodeOptimizerState } from '../optimizer/encodeOptimizerState.ts'
import type { TrainingState } from '../swarm/VolunteerPorts.ts'

// Wire layout of a training state (little-endian): the bytes that are hashed, published and sent to late joiners.
//   magic "STS1" : 4 bytes
//   paramCount   : u32
//   params       : f32 × paramCount
//   optimizer    : the rest, in core/optimizer/optimizerStateFormat.ts's layout

const magic = 0x31535453 // "STS1" read as a little-endian u32
const headerBytes = 8

export class MalformedStateError extends BaseError {
  override name = 'MalformedStateError' as const
  constructor(reason: string, cause?: unknown) {
    super(`Malformed training state: ${reason}.`, cause === undefined ? {} : { cause })
  }
}

export function serializeState(state: TrainingState): Uint8Array {
  const optimizer = encodeOptimizerState(state.optimizer)
  const bytes = new Uint8Array(headerBytes + state.params.byteLength + optimizer.byteLength)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, magic, true)
  view.setUint32(4, state.params.length, true)
  // Float32Array uses the platform's byte order; every platform we run on is little-endian, as the format says.
  bytes.set(new Uint8Array(state.params.buffer, state.params.byteOffset, state.params.byteLength), headerBytes)
  bytes.set(optimizer, headerBytes + state.params.byteLength)
  return bytes
}

export function deserializeState(bytes: Uint8Array): TrainingState {
  if (bytes.byteLength < headerBytes)
    throw new MalformedStateError(`${bytes.byteLength} bytes is shorter than the header`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (view.getUint32(0, true) !== magic) throw new MalformedStateError('wrong magic')
  const paramCount = view.getUint32(4, true)
  const paramBytes = 4 * paramCount
  if (bytes.byteLength < headerBytes + paramBytes)
    throw new MalformedStateError(`${bytes.byteLength} bytes cannot hold ${paramCount} parameters`)
  // Copy into a fresh, aligned buffer: the input may sit at any offset of a larger message.
  const params = new Float32Array(paramCount)
  new Uint8Array(params.buffer).set(bytes.subarray(headerBytes, headerBytes + paramBytes))
  for (let i = 0; i < paramCount; i++)
    if (!Number.isFinite(params[i])) throw new MalformedStateError(`parameter ${i} is ${params[i]}`)
  try {
    return { params, optimizer: decodeOptimizerState(bytes.subarray(headerBytes + paramBytes), paramCount) }
  } catch (error) {
    throw new MalformedStateError('its optimizer state is invalid', error)
  }
}

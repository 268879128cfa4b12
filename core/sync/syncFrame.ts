import { BaseError } from '../errors/BaseError.ts'

// Wire layout of state-sync frames (little-endian), on their own data channel beside the all-reduce:
//   request : [1 : u8][requestId : u32][version : u32][hash : 32 bytes]
//   chunk   : [2 : u8][requestId : u32][index : u32][count : u32][totalBytes : u32][payload : bytes]
//   refuse  : [3 : u8][requestId : u32][reason : UTF-8]

export type SyncFrame =
  | { type: 'request'; requestId: number; version: number; hash: `0x${string}` }
  | { type: 'chunk'; requestId: number; index: number; count: number; totalBytes: number; payload: Uint8Array }
  | { type: 'refuse'; requestId: number; reason: string }

export const chunkHeaderBytes = 17

export class MalformedSyncFrameError extends BaseError {
  override name = 'MalformedSyncFrameError' as const
  constructor(reason: string) {
    super(`Malformed state-sync frame: ${reason}.`)
  }
}

export function encodeSyncFrame(frame: SyncFrame): Uint8Array {
  switch (frame.type) {
    case 'request': {
      const bytes = new Uint8Array(41)
      const view = new DataView(bytes.buffer)
      view.setUint8(0, 1)
      view.setUint32(1, frame.requestId, true)
      view.setUint32(5, frame.version, true)
      for (let i = 0; i < 32; i++) bytes[9 + i] = Number.parseInt(frame.hash.slice(2 + 2 * i, 4 + 2 * i), 16)
      return bytes
    }
    case 'chunk': {
      const bytes = new Uint8Array(chunkHeaderBytes + frame.payload.byteLength)
      const view = new DataView(bytes.buffer)
      view.setUint8(0, 2)
      view.setUint32(1, frame.requestId, true)
      view.setUint32(5, frame.index, true)
      view.setUint32(9, frame.count, true)
      view.setUint32(13, frame.totalBytes, true)
      bytes.set(frame.payload, chunkHeaderBytes)
      return bytes
    }
    case 'refuse': {
      const reason = new TextEncoder().encode(frame.reason.slice(0, 200))
      const bytes = new Uint8Array(5 + reason.byteLength)
      new DataView(bytes.buffer).setUint8(0, 3)
      new DataView(bytes.buffer).setUint32(1, frame.requestId, true)
      bytes.set(reason, 5)
      return bytes
    }
    default:
      return frame satisfies never
  }
}

export function decodeSyncFrame(bytes: Uint8Array): SyncFrame {
  if (bytes.byteLength < 5) throw new MalformedSyncFrameError(`${bytes.byteLength} bytes is too short`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const requestId = view.getUint32(1, true)
  switch (view.getUint8(0)) {
    case 1: {
      if (bytes.byteLength !== 41) throw new MalformedSyncFrameError(`a request has 41 bytes, got ${bytes.byteLength}`)
      let hash = '0x'
      for (let i = 0; i < 32; i++) hash += bytes[9 + i]!.toString(16).padStart(2, '0')
      return { type: 'request', requestId, version: view.getUint32(5, true), hash: hash as `0x${string}` }
    }
    case 2: {
      if (bytes.byteLength < chunkHeaderBytes) throw new MalformedSyncFrameError('a chunk is shorter than its header')
      const index = view.getUint32(5, true)
      const count = view.getUint32(9, true)
      if (count === 0 || index >= count) throw new MalformedSyncFrameError(`chunk ${index} of ${count}`)
      return {
        type: 'chunk',
        requestId,
        index,
        count,
        totalBytes: view.getUint32(13, true),
        payload: bytes.subarray(chunkHeaderBytes),
      }
    }
    case 3:
      return { type: 'refuse', requestId, reason: new TextDecoder().decode(bytes.subarray(5)) }
    default:
      throw new MalformedSyncFrameError(`unknown type ${view.getUint8(0)}`)
  }
}

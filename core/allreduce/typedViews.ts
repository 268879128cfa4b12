// Payloads are read in place as typed arrays when aligned (frames from RTCDataChannel and from encodeDataFrame
// start at offset 0 and the header is 32 bytes), else copied once. The wire is little-endian, which typed
// arrays match only on little-endian hosts: every browser and Node platform we target; codecFor checks it.

import { BaseError } from '../errors/BaseError.ts'

export const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

export class BigEndianHostError extends BaseError {
  override name = 'BigEndianHostError' as const
  constructor() {
    super('The all-reduce codecs need a little-endian host.')
  }
}

export function float32s(bytes: Uint8Array, count: number): Float32Array {
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, count)
  return new Float32Array(bytes.slice(0, count * 4).buffer)
}

export function uint16s(bytes: Uint8Array, count: number): Uint16Array {
  if (bytes.byteOffset % 2 === 0) return new Uint16Array(bytes.buffer, bytes.byteOffset, count)
  return new Uint16Array(bytes.slice(0, count * 2).buffer)
}

// A member's answer to an audit: the bytes it committed to for one attempt (Reducer.contributionOf), as it sent
// them, so the validator hashes exactly what the commitments hashed. Little-endian:
//
//   "SRV1" · frameBytes u32 · chunk 0 bytes · chunk 1 bytes · … (one chunk per member, member order)
//
// The frame size fixes the segments, and with them where a lossy codec's blocks start (chunkBytes.ts); the chunk
// lengths follow from it, the codec, the parameter count and the members, so they are not sent.
import { BaseError } from '../errors/BaseError.ts'

const magic = [0x53, 0x52, 0x56, 0x31] // "SRV1"
export const revealHeaderBytes = 8
/** The frame sizes an honest member can have used: the engine's bounds (createAllReduceEndpoint.ts). */
const maxFrameBytes = 16 * 1024 * 1024

export class MalformedRevealError extends BaseError {
  override name = 'MalformedRevealError' as const
  /** What is wrong, in words (the auditor records it on the audit). */
  constructor(readonly reason: string) {
    super(`The audit reveal is malformed: ${reason}.`)
  }
}

export function encodeReveal(frameBytes: number, chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(revealHeaderBytes + chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  bytes.set(magic)
  new DataView(bytes.buffer).setUint32(4, frameBytes, true)
  let offset = revealHeaderBytes
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return bytes
}

/** The frame size a reveal names and its chunk bytes (a view, not a copy); throws MalformedRevealError. */
export function decodeRevealHeader(bytes: Uint8Array): { frameBytes: number; body: Uint8Array } {
  if (bytes.length < revealHeaderBytes)
    throw new MalformedRevealError(`${bytes.length} bytes is shorter than its header`)
  if (magic.some((byte, i) => bytes[i] !== byte)) throw new MalformedRevealError('it does not start with "SRV1"')
  const frameBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true)
  if (frameBytes < 48 || frameBytes > maxFrameBytes)
    throw new MalformedRevealError(`frame size ${frameBytes} is outside [48, ${maxFrameBytes}]`)
  return { frameBytes, body: bytes.subarray(revealHeaderBytes) }
}

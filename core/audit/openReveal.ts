// Checks a reveal against the member's signed commitments and decodes it. Bytes that hash to every commitment are
// the member's own, whoever uploaded them: anyone may deliver a reveal, and bytes that do not match are nobody's
// answer (a griefer cannot refute an honest member by uploading garbage in its name).
import { codecFor } from '../allreduce/codecFor.ts'
import { type CodecImplementation, decodeStatus } from '../allreduce/codec.ts'
import { chunkByteLength, commitmentOf, decodeChunk } from '../allreduce/robust/chunkBytes.ts'
import { contributionPartition } from '../allreduce/robust/contributionCommitments.ts'
import type { Codec } from '../manifest/Manifest.ts'
import type { Hex } from '../types/Hex.ts'
import { decodeRevealHeader, revealHeaderBytes } from './revealFormat.ts'

export type OpenedReveal =
  | { kind: 'opened'; contribution: Float32Array }
  /** Not the committed bytes: ignored, the audit still waits for an answer. */
  | { kind: 'mismatch'; reason: string }
  /** The committed bytes, and they do not decode to finite values in range: the contribution is refuted. */
  | { kind: 'undecodable'; reason: string }

export type OpenRevealParameters = {
  bytes: Uint8Array
  /** The member's commitments for the attempt, one per member's chunk (its signed commitments record). */
  commitments: readonly Hex[]
  codec: Codec
  /** Parameters of the model: the contribution's length. */
  values: number
}

/** How the chunks of a reveal with this frame size lie: each one's byte length, one per member. */
function layoutOf(codec: CodecImplementation, frameBytes: number, values: number, members: number) {
  const partition = contributionPartition(codec, frameBytes, values, members)
  const lengths = Array.from({ length: members }, (_, chunk) => chunkByteLength(codec, partition, chunk))
  return { partition, lengths, total: lengths.reduce((sum, length) => sum + length, 0) }
}

/**
 * The byte length of the only reveal that can match, given its first revealHeaderBytes (the frame size it names):
 * a server refuses longer uploads before reading them. Throws MalformedRevealError when the header is unreadable.
 */
export function revealByteLength({ bytes: header, commitments, codec, values }: OpenRevealParameters): number {
  const { frameBytes } = decodeRevealHeader(header)
  return revealHeaderBytes + layoutOf(codecFor(codec), frameBytes, values, commitments.length).total
}

/** Throws MalformedRevealError when the header is unreadable. */
export function openReveal({ bytes, commitments, codec: name, values }: OpenRevealParameters): OpenedReveal {
  const { frameBytes, body } = decodeRevealHeader(bytes)
  const codec = codecFor(name)
  const members = commitments.length
  const { partition, lengths, total: expected } = layoutOf(codec, frameBytes, values, members)
  if (body.length !== expected)
    return { kind: 'mismatch', reason: `${body.length} bytes of chunks, the commitments cover ${expected}` }
  const contribution = new Float32Array(values)
  let offset = 0
  for (let chunk = 0; chunk < members; chunk++) {
    const bytesOfChunk = body.subarray(offset, offset + lengths[chunk]!)
    offset += lengths[chunk]!
    if (commitmentOf(bytesOfChunk) !== commitments[chunk])
      return { kind: 'mismatch', reason: `chunk ${chunk} does not hash to its commitment` }
    const target = contribution.subarray(partition.chunkStart(chunk), partition.chunkEnd(chunk))
    const status = decodeChunk(codec, partition, bytesOfChunk, chunk, target)
    if (status !== decodeStatus.ok)
      return {
        kind: 'undecodable',
        reason: `chunk ${chunk} decodes ${status === decodeStatus.nonFinite ? 'to non-finite values' : 'out of range'}`,
      }
  }
  return { kind: 'opened', contribution }
}

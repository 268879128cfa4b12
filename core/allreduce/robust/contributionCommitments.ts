import type { CodecImplementation } from '../codec.ts'
import { headerBytes } from '../frame.ts'
import { createPartition } from '../partition.ts'
import { commitmentOf, encodeChunk } from './chunkBytes.ts'
import type { Hex } from '../../types/Hex.ts'

/**
 * A member's commitments for one attempt: sha256 of each chunk's bytes (chunkBytes.ts) of its contribution (input
 * plus error feedback's residual), one per member in member order: exactly what the robust exchange sends, so the
 * owner of chunk c can check member k's bytes against commitments[k][c]. Depends on the members (the partition), the
 * codec and the frame size, so a retry with other members needs new commitments.
 */
export function contributionCommitments(
  codec: CodecImplementation,
  frameBytes: number,
  contribution: Float32Array,
  members: number,
): Hex[] {
  return contributionChunks(codec, frameBytes, contribution, members).map(commitmentOf)
}

/** The bytes of each chunk of a contribution, in member order: what the commitments hash and an audit reveals. */
export function contributionChunks(
  codec: CodecImplementation,
  frameBytes: number,
  contribution: Float32Array,
  members: number,
): Uint8Array[] {
  const partition = contributionPartition(codec, frameBytes, contribution.length, members)
  return Array.from({ length: members }, (_, chunk) => encodeChunk(codec, partition, contribution, chunk))
}

export const contributionPartition = (
  codec: CodecImplementation,
  frameBytes: number,
  values: number,
  members: number,
) => createPartition(values, members, codec.valuesPerPayload(frameBytes - headerBytes))

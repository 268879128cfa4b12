import type { AttemptKey } from './attemptKey.ts'
import type { Transport } from './Transport.ts'
import type { PeerId } from '../types/PeerId.ts'

const isU32 = (value: number) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff

/** What makes an attempt impossible to run on this member, checked before anything is sent; undefined if nothing. */
export function attemptProblem(
  transport: Transport,
  key: AttemptKey,
  members: readonly PeerId[],
  input: Float32Array,
  frameBytes: number,
): string | undefined {
  if (!isU32(key.round) || !isU32(key.attempt)) return 'round and attempt must be integers in [0, 2^32)'
  if (!(input instanceof Float32Array)) return 'the input must be a Float32Array'
  // Chunk indices are u16 on the wire.
  if (members.length === 0 || members.length > 0xffff) return `${members.length} members (1 to 65535 allowed)`
  if (new Set(members).size !== members.length) return 'a member appears twice in the ring'
  const rank = members.indexOf(transport.self)
  if (rank < 0) return `this member (${transport.self}) is not in the ring`
  const successor = members[(rank + 1) % members.length]!
  if (successor !== transport.self && transport.maxFrameSize(successor) < frameBytes)
    return (
      `frames of ${frameBytes} bytes exceed ` +
      `the ${transport.maxFrameSize(successor)} bytes the link to ${successor} takes`
    )
  return undefined
}

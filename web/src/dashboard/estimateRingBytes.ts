import { codecFor } from '../../../core/allreduce/codecFor.ts'
import type { Codec } from '../../../core/manifest/Manifest.ts'

/**
 * Bytes one member sends in one ring all-reduce of `parameterCount` values among `members`
 * (docs/architecture.md §5): N−1 reduce-scatter steps and N−1 all-gather steps of one chunk (1/N of the vector)
 * each, so 2(N−1)/N of the encoded vector. Frame headers and retried attempts are left out, so it is an estimate
 * that errs low. It is also what each member receives.
 */
export function estimateRingBytes(parameterCount: number, members: number, codec: Codec): number {
  if (members < 2) return 0
  return (codecFor(codec).encodedBytes(parameterCount) * 2 * (members - 1)) / members
}

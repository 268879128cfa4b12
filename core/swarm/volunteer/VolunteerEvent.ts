// What a volunteer tells the page (or a headless node, or a simulation) as it goes.

import type { SerializedError } from '../../errors/BaseError.ts'
import type { Timings } from '../records.ts'
import type { VolunteerStatus } from './VolunteerState.ts'
import type { Hex } from '../../types/Hex.ts'
import type { PeerId } from '../../types/PeerId.ts'

export type VolunteerEvent =
  | { type: 'status'; status: VolunteerStatus }
  | {
      type: 'version'
      version: number
      hash: Hex
      loss: number
      members: number
      timings: Timings | undefined
      contributed: boolean
    }
  | { type: 'evaluation'; version: number; accuracy: number; loss: number }
  | { type: 'failure'; round: number; attempt: number; culprit: PeerId | null; cause: string }
  | { type: 'error'; error: SerializedError }

// Which swarm a signaling topic serves, so topic traffic counts as use of that swarm's manifest. Pages join
// the Yjs room named by the swarm id itself and the mesh topic `starling/<id>/mesh` (docs/architecture.md §2);
// any `starling/<id>/…` topic is taken as that swarm's.

import type { Hex } from '../core/types/Hex.ts'

const roomTopic = /^0x[0-9a-f]{64}$/
const swarmScopedTopic = /^starling\/(0x[0-9a-f]{64})\//

export function swarmOfTopic(topic: string): Hex | undefined {
  if (roomTopic.test(topic)) return topic as Hex
  return swarmScopedTopic.exec(topic)?.[1] as Hex | undefined
}

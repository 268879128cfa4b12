// A read-only window on a swarm's shared state: joins the swarm's y-webrtc room (the same room, signaling server
// and ICE servers as the volunteers) with a fresh Y.Doc and never writes to it, so watching trains nothing and
// changes nothing.

import { WebrtcProvider } from 'y-webrtc'
import * as Y from 'yjs'
import { BaseError } from '../../../core/errors/BaseError.ts'
import { createSwarmState, type SwarmState } from '../../../core/swarm/createSwarmState.ts'
import type { RecordSigner } from '../../../core/swarm/recordSignature.ts'
import type { ValidatorSet } from '../../../core/swarm/authority/ValidatorSet.ts'
import type { AppConfig } from '../config/loadConfig.ts'

export class ReadOnlyObserverError extends BaseError {
  override name = 'ReadOnlyObserverError' as const
  constructor() {
    super('A swarm observer tried to write a record: observers only read the shared state.')
  }
}

/** Reading needs no key; a write from an observer is a bug, so its "signer" refuses instead of signing. */
const refuseToSign: RecordSigner = {
  address: '0x0000000000000000000000000000000000000000',
  sign() {
    throw new ReadOnlyObserverError()
  },
}

export type SwarmObserver = {
  readonly state: SwarmState
  /** Docs this one syncs with directly (volunteers, other dashboards). */
  onPeers(listener: (count: number) => void): () => void
  /** Volunteers present in the room by Yjs awareness (a closed tab leaves it at once, a frozen one within ~30 s). */
  onLive(listener: (peers: ReadonlySet<string>) => void): () => void
  close(): void
}

/** `validators`: the manifest's (validatorSetOf), so that the dashboard honours the swarm's bans as its peers do. */
export function observeSwarm(config: AppConfig, swarmId: `0x${string}`, validators: ValidatorSet): SwarmObserver {
  const doc = new Y.Doc()
  const provider = new WebrtcProvider(swarmId, doc, {
    signaling: [config.signalingUrl],
    peerOpts: { config: { iceServers: config.iceServers } },
  })
  const state = createSwarmState(doc, { swarmId, signer: refuseToSign, validators })
  return {
    state,
    onPeers(listener) {
      const handler = (event: { webrtcPeers: string[]; bcPeers: string[] }) =>
        listener(event.webrtcPeers.length + event.bcPeers.length)
      provider.on('peers', handler)
      return () => provider.off('peers', handler)
    },
    onLive(listener) {
      const handler = () => {
        const peers = new Set<string>()
        for (const entry of provider.awareness.getStates().values())
          if (typeof entry.peer === 'string') peers.add(entry.peer)
        listener(peers)
      }
      provider.awareness.on('change', handler)
      handler()
      return () => provider.awareness.off('change', handler)
    },
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}

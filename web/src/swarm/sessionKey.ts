// The key a tab signs its swarm records with. Its address is the peer id, so a reloaded tab that kept its state
// (createStateStore.ts) must come back as the same peer: the swarm's rules let only contributors of the latest
// version lead the next round (core/swarm/authority/recordAuthority.ts), and a lone volunteer that came back as
// a stranger could never train on. sessionStorage is per tab and survives a reload, so two tabs of one browser
// stay two peers. It signs records only: it holds no funds (the wallet is rewards/).

import type { Hex } from 'viem'
import { generatePrivateKey } from 'viem/accounts'

const keyName = (swarmId: Hex) => `starling/session-key/${swarmId}`

/** This tab's record key for `swarmId`: the one it used before a reload, or a new one. */
export function sessionKey(swarmId: Hex, storage: Storage | undefined = globalThis.sessionStorage): Hex {
  const stored = storage?.getItem(keyName(swarmId))
  if (stored && /^0x[0-9a-f]{64}$/.test(stored)) return stored as Hex
  const key = generatePrivateKey()
  try {
    storage?.setItem(keyName(swarmId), key)
  } catch {
    // Storage full or denied: this session works, a reload comes back as a new peer.
  }
  return key
}

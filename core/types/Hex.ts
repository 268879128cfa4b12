// A 0x-prefixed hex string: hashes, swarm ids, signatures. The same shape as viem's Hex, without depending on viem.

export type Hex = `0x${string}`

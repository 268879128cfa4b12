// A peer's id in the swarm: its session public key as the signaling and Yjs layers see it (records.ts).

export type PeerId = string

// A small handle on `window.starling` for headless volunteers (`npm run nodes`, e2e tests) and for
// people poking at a session from devtools. It reads state, asks for an evaluation and sets where to
// stop; it cannot start training without the consent click. When the automation exposed a
// `window.starlingReport` function, every swarm event is pushed to it as well (rounds can be faster
// than any polling).

import './SwarmEvent.ts'
import type { VolunteerSession } from './VolunteerSession.svelte.ts'

export function exposeAutomation(session: VolunteerSession) {
  window.starling = {
    snapshot: () => ({
      peer: session.self,
      phase: session.phase,
      status: session.status,
      backend: session.backend,
      fallbacks: session.fallbacks.map((f) => ({ ...f })),
      version: session.held?.version ?? session.version,
      hash: session.held?.hash,
      loss: session.loss,
      accuracy: session.accuracy && { ...session.accuracy },
      members: session.members,
      linked: session.linked.length,
      contributed: session.contributed,
      error: session.error,
    }),
    evaluate: () => session.evaluate(),
    setStopAt: (version) => session.setStopAt(version),
    ledger: () => session.ledger(),
    freezeAllReduce: () => session.freezeAllReduce(),
    setAttack: (attack) => session.setAttack(attack),
  }
  if (typeof window.starlingReport === 'function') {
    const report = window.starlingReport
    session.listen((event) => report(JSON.parse(JSON.stringify(event))))
  }
}

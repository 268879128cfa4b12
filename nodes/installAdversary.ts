// Runs in a headless volunteer's page before the app does (bundled into an init script by adversaryInitScript.ts):
// registers the reducer wrapper the page looks for when it joins (web/src/swarm/SwarmEvent.ts, ReducerWrapper), so
// that window.starling.setAttack can turn it hostile. The page stays honest until told otherwise.
import { createAdversaryReducer } from '../core/adversary/createAdversaryReducer.ts'
import type { ReducerWrapper } from '../web/src/swarm/SwarmEvent.ts'

const wrapReducer: ReducerWrapper = (honest) => createAdversaryReducer(honest)
window.starlingReducerWrapper = wrapReducer

// A hostile replica of a swarm's doc, for e2e tests: joins the doc over WebRTC like a validator does, waits until
// it holds version `--at`, then writes `--count` forged versions on top of it from `--keys` self-made keys
// (core/testing/forgeVersions.ts) and stays in the room, so its records keep reaching every peer. Prints one JSON
// line with the forged hashes, then runs until killed. Its own process: y-webrtc throws peers' bad messages
// outside any handler of ours, which in Node would end the test runner's worker.
//
//   tsx e2e/forger/runForger.ts --swarm 0x… --signaling ws://… --at 2 --keys 200 --count 20

import { parseArgs } from 'node:util'
import { createSwarmState } from '../../core/swarm/createSwarmState.ts'
import { labelledSigner } from '../../core/testing/createChainWriter.ts'
import { forgeVersions } from '../../core/testing/forgeVersions.ts'
import { joinSwarmDoc } from '../../validator/joinSwarmDoc.ts'

const { values } = parseArgs({
  options: {
    swarm: { type: 'string' },
    signaling: { type: 'string' },
    at: { type: 'string', default: '2' },
    keys: { type: 'string', default: '200' },
    count: { type: 'string', default: '20' },
  },
})
const swarmId = values.swarm as `0x${string}`
process.on('uncaughtException', (error) => console.error(`forger: ignored: ${error.message}`))

const swarm = joinSwarmDoc({ swarmId, signalingUrl: values.signaling!, iceServers: [] })
const replica = createSwarmState(swarm.doc, { swarmId, signer: labelledSigner('forger') })
const at = Number(values.at)
const forge = () => {
  const base = replica.latestVersion()
  if (!base || base.version < at) return
  stop()
  const keys = Array.from({ length: Number(values.keys) }, (_, i) => labelledSigner(`e2e forger ${i}`))
  const forged = forgeVersions({
    doc: swarm.doc,
    swarmId,
    keys,
    base,
    count: Number(values.count),
    contributorsPerVersion: 8,
  })
  console.log(JSON.stringify({ base: base.version, forged: forged.map((v) => v.hash) }))
}
const stop = replica.observe(forge)
forge()
process.once('SIGTERM', () => {
  swarm.close()
  process.exit(0)
})

// window.starlingBench: the bench page's API (StarlingBench.ts) over the app's real mesh, channel transport and
// all-reduce endpoint. One group per page; `leave` closes it.

import { loadConfig } from '../config/loadConfig.ts'
import { BenchStateError } from './benchErrors.ts'
import {
  allReduceChannel,
  benchVariants,
  createAllReduceRunner,
  type AllReduceRunner,
} from './createAllReduceRunner.ts'
import { createTransferMeter, type TransferMeter } from './createTransferMeter.ts'
import { type BenchMesh, joinBenchMesh } from './joinBenchMesh.ts'
import type { StarlingBench } from './StarlingBench.ts'

const rawChannel = 'raw'
/** Negotiated SCTP stream ids, high as the app's (joinSwarm), away from simple-peer's own channel. */
const channels = [
  { label: rawChannel, id: 110 },
  ...benchVariants.map((variant, i) => ({ label: allReduceChannel(variant), id: 100 + i })),
]

export function createBench(): StarlingBench {
  let group: { mesh: BenchMesh; meter: TransferMeter; runner: AllReduceRunner } | undefined
  const joined = () => {
    if (!group) throw new BenchStateError('join a group first')
    return group
  }
  return {
    async join({ topic, peers, frameBytes, timeoutMs }) {
      if (group) throw new BenchStateError('this page already joined a group')
      const config = await loadConfig()
      const mesh = await joinBenchMesh({ signalingUrl: config.signalingUrl, topic, peers, timeoutMs, channels })
      group = {
        mesh,
        meter: createTransferMeter(mesh.mesh, rawChannel),
        runner: createAllReduceRunner(mesh.mesh, frameBytes),
      }
      return mesh.mesh.self
    },
    transfer: (options) => joined().meter.transfer(options),
    allReduce: (options) => joined().runner.run(options),
    linked: () => joined().mesh.mesh.peers().size,
    leave() {
      group?.runner.close()
      group?.mesh.close()
      group = undefined
    },
  }
}

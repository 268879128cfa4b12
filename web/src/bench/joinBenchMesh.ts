// A bench page's place in a group: the app's own signaling client and mesh (not copies), with the channels the
// bench measures, resolved once links to every other page of the group are up.

import { createMesh, type Mesh } from '../net/createMesh.ts'
import { createSignalingClient } from '../net/createSignalingClient.ts'
import { BenchJoinTimeoutError } from './benchErrors.ts'

export type BenchMeshOptions = {
  signalingUrl: string
  topic: string
  peers: number
  timeoutMs: number
  channels: readonly { label: string; id: number }[]
}

export type BenchMesh = { mesh: Mesh; close(): void }

export async function joinBenchMesh(options: BenchMeshOptions): Promise<BenchMesh> {
  const signaling = createSignalingClient(options.signalingUrl)
  const mesh = createMesh({
    self: crypto.randomUUID(),
    topic: options.topic,
    signaling,
    iceServers: [],
    channels: options.channels,
  })
  const close = () => {
    mesh.close()
    signaling.close()
  }
  const expected = options.peers - 1
  try {
    await new Promise<void>((resolve, reject) => {
      const check = () => mesh.peers().size >= expected && finish()
      const unsubscribe = mesh.subscribe(check)
      const timer = setTimeout(
        () => finish(new BenchJoinTimeoutError(mesh.peers().size, expected, options.timeoutMs)),
        options.timeoutMs,
      )
      function finish(error?: Error) {
        clearTimeout(timer)
        unsubscribe()
        if (error) reject(error)
        else resolve()
      }
      check()
    })
  } catch (error) {
    close()
    throw error
  }
  return { mesh, close }
}

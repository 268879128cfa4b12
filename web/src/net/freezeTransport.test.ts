import { describe, expect, it } from 'vitest'
import { encodeDataFrame, encodeHeartbeat } from '../../../core/allreduce/frame.ts'
import type { Transport } from '../../../core/allreduce/Transport.ts'
import { freezeTransport } from './freezeTransport.ts'

const swarm = new Uint8Array(8)
const data = (round: number, step: number) =>
  encodeDataFrame({ swarm, round, attempt: 1, codec: 'fp32', step, chunk: 0, segment: 0 }, 16)
const heartbeat = () => encodeHeartbeat({ swarm, round: 3, attempt: 1, joined: true, done: false })

function recordingTransport() {
  const sent: Uint8Array[] = []
  const transport: Transport = {
    self: 'a',
    maxFrameSize: () => 65536,
    send: async (_peer, frame) => void sent.push(frame),
    subscribe: () => () => undefined,
  }
  return { sent, transport }
}

describe('freezeTransport', () => {
  it('forwards everything until armed', async () => {
    const { sent, transport } = recordingTransport()
    const { transport: wrapped } = freezeTransport(transport)
    await wrapped.send('b', data(3, 0))
    await wrapped.send('b', heartbeat())
    expect(sent).toHaveLength(2)
    expect(wrapped.self).toBe('a')
  })

  it('lets the first step-0 data frame after freeze() leave, then holds every later frame', async () => {
    const { sent, transport } = recordingTransport()
    const hook = freezeTransport(transport)
    const frozen = hook.freeze()
    expect(hook.freeze()).toBe(frozen)
    await hook.transport.send('b', heartbeat())
    await hook.transport.send('b', data(3, 2)) // a later step of an attempt already running: not the trigger
    await hook.transport.send('b', data(4, 0))
    await expect(frozen).resolves.toEqual({ round: 4, attempt: 1 })
    expect(sent).toHaveLength(3)
    let settled = false
    void hook.transport.send('b', data(4, 0)).finally(() => (settled = true))
    void hook.transport.send('b', heartbeat()).finally(() => (settled = true))
    await Promise.resolve()
    expect(settled).toBe(false)
    expect(sent).toHaveLength(3)
  })
})

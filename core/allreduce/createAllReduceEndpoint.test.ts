import { describe, expect, test } from 'vitest'
import { createTestSwarm, type Outcome } from '../testing/createTestSwarm.ts'
import { AllReduceCancelledError, InvalidAllReduceInputError } from './errors.ts'
import { decodeFrame, encodeAbort, swarmTagOf } from './frame.ts'
import { testSwarmId } from '../testing/createTestSwarm.ts'

const integers = (size: number, length: number, seed = 0) =>
  Array.from({ length: size }, (_, rank) =>
    Float32Array.from({ length }, (_, i) => ((rank * 7919 + i * 104729 + seed) % 2001) - 1000),
  )
const sumOf = (inputs: readonly Float32Array[]) =>
  Float32Array.from(inputs[0]!, (_, i) => inputs.reduce((sum, input) => sum + input[i]!, 0))
const results = (outcomes: Outcome[]) =>
  outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error
    return outcome.result
  })
const errors = (outcomes: Outcome[]) => outcomes.map((outcome) => (outcome.ok ? undefined : outcome.error))

describe('all-reduce', () => {
  describe.each([1, 2, 3, 4, 5, 6, 7, 8])('N = %i', (size) => {
    test.each(
      [0, 1, size - 1, size + 1, 7 * size + 3, 1000].filter(
        (length, i, all) => length >= 0 && all.indexOf(length) === i,
      ),
    )('exact sum of integer vectors of length %i', async (length) => {
      const swarm = createTestSwarm({ size, seed: `exact/${size}/${length}`, frameBytes: 96 })
      const inputs = integers(size, length)
      const copies = inputs.map((input) => input.slice())
      const outcomes = await swarm.start(inputs, { round: 1 })
      for (const result of results(outcomes)) expect(result).toEqual(sumOf(inputs))
      expect(inputs).toEqual(copies) // inputs are left untouched, for a retry
    })
  })

  const lateStarter =
    'a member that starts late (still computing) is not blamed, and the frames sent to it early are used'
  test(lateStarter, async () => {
    const swarm = createTestSwarm({ size: 4, seed: 'late', frameBytes: 128 })
    const inputs = integers(4, 500)
    const [late, ...others] = swarm.peers as [string, ...string[]]
    // Longer than any silence limit: only the endpoint's heartbeats tell the others it is alive.
    const lateStart = 5000
    let lateResult: Float32Array | undefined
    swarm.network.clock.setTimeout(() => {
      void swarm
        .endpoint(late)
        .allReduce(inputs[0]!, { round: 3, attempt: 0, members: swarm.peers })
        .then((result) => (lateResult = result))
    }, lateStart)
    const outcomes = await swarm.start(inputs, { round: 3, starting: others })
    for (const outcome of outcomes) expect(outcome.at).toBeGreaterThan(lateStart)
    for (const result of results(outcomes)) expect(result).toEqual(sumOf(inputs))
    await swarm.network.clock.run(() => lateResult !== undefined, 1000)
    expect(lateResult).toEqual(sumOf(inputs))
    const dataBeforeStart = swarm.network.log.filter(
      (line) => line.includes(`>${late} `) && Number(line.split(' ')[0]) < lateStart && !line.endsWith(' 32'),
    )
    expect(dataBeforeStart.length).toBeGreaterThan(0)
  })

  test('same seed, same run; another seed, another run', async () => {
    const run = async (seed: string) => {
      const swarm = createTestSwarm({ size: 5, seed, frameBytes: 200, profile: { jitterMs: 3 } })
      const outcomes = await swarm.start(integers(5, 300), { round: 1 })
      return { log: swarm.network.log.join('\n'), result: results(outcomes)[0] }
    }
    const [first, second, other] = [await run('a'), await run('a'), await run('b')]
    expect(second).toEqual(first)
    expect(other.log).not.toBe(first.log)
    expect(other.result).toEqual(first.result)
  })

  test('never holds more than the flow-control window plus one frame in a link', async () => {
    const windowBytes = 64 * 1024
    const frameBytes = 16 * 1024
    const swarm = createTestSwarm({
      size: 3,
      seed: 'flow',
      frameBytes,
      profile: { windowBytes, killBytes: windowBytes + frameBytes + 1024 },
    })
    const inputs = integers(3, 300_000)
    const outcomes = await swarm.start(inputs, { round: 1 })
    expect(results(outcomes)[0]).toEqual(sumOf(inputs))
    expect(swarm.network.maxBuffered()).toBeLessThanOrEqual(windowBytes + frameBytes + 1024)
  })

  test('abort is idempotent: one notice per member, every member rejects once, naming who cancelled', async () => {
    const swarm = createTestSwarm({ size: 4, seed: 'abort', frameBytes: 96 })
    const notices: string[] = []
    swarm.network.intercept((packet) => {
      if (decodeFrame(packet.frame).type === 'abort') notices.push(`${packet.from}>${packet.to}`)
      return [packet.frame]
    })
    const attempt = { round: 2, attempt: 0, members: swarm.peers }
    swarm.network.clock.setTimeout(() => {
      swarm.endpoint('p0').abort(attempt, 'superseded')
      swarm.endpoint('p0').abort(attempt, 'superseded again')
    }, 20)
    const outcomes = await swarm.start(integers(4, 2000), { round: 2 })
    for (const error of errors(outcomes))
      expect(error).toMatchObject({
        name: 'AllReduceCancelledError',
        peer: 'p0',
        reason: 'cancelled',
        reportedBy: 'p0',
      })
    swarm.endpoint('p0').abort(attempt, 'after the end')
    await swarm.network.clock.advance(1000)
    expect(notices.sort()).toEqual(['p0>p1', 'p0>p2', 'p0>p3'])
  })

  test('a newer attempt supersedes the running one, and its leftovers do not disturb the new one', async () => {
    const swarm = createTestSwarm({ size: 3, seed: 'supersede', frameBytes: 96 })
    const inputs = integers(3, 400)
    const first = swarm.peers.map((peer, i) =>
      swarm
        .endpoint(peer)
        .allReduce(inputs[i]!, { round: 4, attempt: 0, members: swarm.peers })
        .catch((error: unknown) => error),
    )
    await swarm.network.clock.advance(10)
    const outcomes = await swarm.start(inputs, { round: 4, attempt: 1 })
    for (const error of await Promise.all(first)) expect(error).toBeInstanceOf(AllReduceCancelledError)
    for (const result of results(outcomes)) expect(result).toEqual(sumOf(inputs))
  })

  test('rounds follow one another on the same endpoints', async () => {
    const swarm = createTestSwarm({ size: 4, seed: 'rounds', frameBytes: 128 })
    for (let round = 0; round < 5; round++) {
      const inputs = integers(4, 321, round)
      for (const result of results(await swarm.start(inputs, { round }))) expect(result).toEqual(sumOf(inputs))
    }
  })

  test('a member whose own input holds NaN makes every member reject, naming it', async () => {
    const swarm = createTestSwarm({ size: 3, seed: 'nan', frameBytes: 96 })
    const inputs = integers(3, 50)
    inputs[2]![7] = Number.NaN
    for (const error of errors(await swarm.start(inputs, { round: 1 })))
      expect(error).toMatchObject({
        name: 'ProtocolViolationError',
        peer: 'p2',
        reason: 'non-finite',
        reportedBy: 'p2',
      })
  })

  test('an attempt this member cannot run is refused before anything is sent, and the others are told', async () => {
    const swarm = createTestSwarm({ size: 3, seed: 'invalid', frameBytes: 96 })
    const endpoint = swarm.endpoint('p0')
    const input = new Float32Array(10)
    await expect(endpoint.allReduce(input, { round: 1, attempt: 0, members: ['p1', 'p2'] })).rejects.toThrow(
      InvalidAllReduceInputError,
    )
    await expect(endpoint.allReduce(input, { round: 1, attempt: 0, members: ['p0', 'p1', 'p1'] })).rejects.toThrow(
      InvalidAllReduceInputError,
    )
    await expect(endpoint.allReduce(input, { round: -1, attempt: 0, members: ['p0'] })).rejects.toThrow(
      InvalidAllReduceInputError,
    )
    swarm.network.configure('p1', 'p2', { maxFrameSize: 64 })
    const outcomes = await swarm.start([input, input, input], { round: 2 })
    expect(errors(outcomes)[1]).toBeInstanceOf(InvalidAllReduceInputError)
    for (const error of [errors(outcomes)[0], errors(outcomes)[2]])
      expect(error).toMatchObject({ name: 'AllReduceCancelledError', peer: 'p1' })
    await expect(endpoint.allReduce(input, { round: 2, attempt: 0, members: swarm.peers })).rejects.toThrow(
      InvalidAllReduceInputError,
    )
    endpoint.close()
    await expect(endpoint.allReduce(input, { round: 3, attempt: 0, members: swarm.peers })).rejects.toThrow(
      AllReduceCancelledError,
    )
  })

  test('a peer that floods the early-frame store is named when the attempt starts', async () => {
    const swarm = createTestSwarm({ size: 3, seed: 'flood', frameBytes: 96, maxEarlyBytes: 500 })
    const inputs = integers(3, 600)
    let late: Promise<unknown> | undefined
    swarm.network.clock.setTimeout(() => {
      late = swarm
        .endpoint('p1')
        .allReduce(inputs[1]!, { round: 1, attempt: 0, members: swarm.peers })
        .catch((error: unknown) => error)
    }, 300)
    const outcomes = await swarm.start(inputs, { round: 1, starting: ['p0', 'p2'] })
    // p0 sent p1 more than 500 bytes before p1 started: p1 names it, and everyone hears.
    for (const error of [...errors(outcomes), await late])
      expect(error).toMatchObject({ name: 'ProtocolViolationError', peer: 'p0', reason: 'flood', reportedBy: 'p1' })
  })

  test('an extra frame after a member is done is reported, not fatal: others may already hold the result', async () => {
    const reported: unknown[] = []
    const swarm = createTestSwarm({
      size: 2,
      seed: 'late-extra',
      frameBytes: 65536,
      onError: (error) => reported.push(error),
    })
    let last: Uint8Array | undefined
    swarm.network.intercept((packet) => {
      const frame = decodeFrame(packet.frame)
      if (frame.type === 'data' && packet.from === 'p1' && frame.step === 1) last = packet.frame.slice()
      // Just before p1 says it is done, it sends its last data frame again.
      return frame.type === 'heartbeat' && frame.done && packet.from === 'p1' && last
        ? [last, packet.frame]
        : [packet.frame]
    })
    const inputs = integers(2, 10)
    for (const result of results(await swarm.start(inputs, { round: 1 }))) expect(result).toEqual(sumOf(inputs))
    expect(reported).toContainEqual(
      expect.objectContaining({ name: 'ProtocolViolationError', peer: 'p1', reason: 'duplicate' }),
    )
  })

  test('data of an attempt this member completed is stale; an abort notice for it is not', async () => {
    const swarm = createTestSwarm({ size: 3, seed: 'completed', frameBytes: 96 })
    let captured: Uint8Array | undefined
    const notice = encodeAbort({
      swarm: swarmTagOf(testSwarmId),
      round: 1,
      attempt: 0,
      reason: 'timeout',
      culprit: 'p2',
    })
    let noticeSent = false
    swarm.network.intercept((packet) => {
      const frame = decodeFrame(packet.frame)
      if (packet.from !== 'p0' || packet.to !== 'p1' || frame.type !== 'data') return [packet.frame]
      if (!captured) captured = packet.frame.slice()
      // In round 2, a notice that round 1 failed arrives (a member gave up on it after the others completed).
      if (frame.round === 2 && !noticeSent) return ((noticeSent = true), [notice, packet.frame])
      return [packet.frame]
    })
    const inputs = integers(3, 100)
    results(await swarm.start(inputs, { round: 1 }))
    for (const result of results(await swarm.start(inputs, { round: 2 }))) expect(result).toEqual(sumOf(inputs))
    expect(noticeSent).toBe(true)

    // p1 runs round 3 while p0 has not moved past round 2 yet; an old frame from p0 arrives.
    const first = swarm
      .endpoint('p1')
      .allReduce(inputs[1]!, { round: 3, attempt: 0, members: swarm.peers })
      .catch((error: unknown) => error)
    await swarm.network.clock.advance(1)
    void swarm.network.transport('p0').send('p1', captured!)
    await swarm.network.clock.advance(100)
    const others = errors(await swarm.start(inputs, { round: 3, starting: ['p0', 'p2'] }))
    for (const error of [await first, ...others])
      expect(error).toMatchObject({ name: 'ProtocolViolationError', peer: 'p0', reason: 'stale', reportedBy: 'p1' })
  })
})

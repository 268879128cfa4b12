import { describe, expect, test } from 'vitest'
import { FrameDecodeError, failureReasons } from './errors.ts'
import {
  decodeFrame,
  encodeAbort,
  encodeDataFrame,
  encodeHeartbeat,
  headerBytes,
  setFrameStep,
  swarmTagOf,
} from './frame.ts'

const swarm = swarmTagOf(`0x${'0123456789abcdef'.repeat(4)}`)
const base = { swarm, round: 0xfffffffe, attempt: 3 }

function dataFrame() {
  const frame = encodeDataFrame({ ...base, codec: 'fp16', step: 5, chunk: 2, segment: 70000 }, 6)
  frame.set([1, 2, 3, 4, 5, 6], headerBytes)
  return frame
}

function expectDecodeError(bytes: Uint8Array, reason: FrameDecodeError['reason']) {
  try {
    decodeFrame(bytes)
  } catch (error) {
    expect(error).toBeInstanceOf(FrameDecodeError)
    expect((error as FrameDecodeError).reason).toBe(reason)
    return
  }
  throw new Error(`decoded a frame that should fail with ${reason}`)
}

const tampered = (bytes: Uint8Array, offset: number, value: number) => {
  const copy = bytes.slice()
  copy[offset] = value
  return copy
}

describe('frame', () => {
  test('swarm tag is the first 8 bytes of the swarm id', () => {
    expect([...swarm]).toEqual([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef])
    expect(swarmTagOf(new Uint8Array(32).fill(7))).toEqual(new Uint8Array(8).fill(7))
  })

  test('data frames round-trip every header field and the payload', () => {
    const frame = decodeFrame(dataFrame())
    expect(frame).toMatchObject({ type: 'data', ...base, codec: 'fp16', step: 5, chunk: 2, segment: 70000 })
    expect(frame.type === 'data' && [...frame.payload]).toEqual([1, 2, 3, 4, 5, 6])
  })

  test('heartbeats and aborts round-trip', () => {
    expect(decodeFrame(encodeHeartbeat({ ...base, joined: true, done: false }))).toMatchObject({
      type: 'heartbeat',
      ...base,
      joined: true,
      done: false,
    })
    expect(decodeFrame(encodeHeartbeat({ ...base, joined: false, done: false }))).toMatchObject({
      joined: false,
      done: false,
    })
    expect(decodeFrame(encodeHeartbeat({ ...base, joined: true, done: true }))).toMatchObject({
      joined: true,
      done: true,
    })
    for (const reason of failureReasons) {
      expect(decodeFrame(encodeAbort({ ...base, reason, culprit: '0xPeér' }))).toMatchObject({
        type: 'abort',
        ...base,
        reason,
        culprit: '0xPeér',
      })
    }
  })

  test('forwarding rewrites only the step', () => {
    const frame = dataFrame()
    setFrameStep(frame, 9)
    expect(decodeFrame(frame)).toMatchObject({
      type: 'data',
      ...base,
      codec: 'fp16',
      step: 9,
      chunk: 2,
      segment: 70000,
    })
  })

  test('the decoder rejects each tampered field with a typed error', () => {
    const data = dataFrame()
    expectDecodeError(data.subarray(0, headerBytes - 1), 'truncated')
    expectDecodeError(tampered(data, 0, 2), 'version')
    expectDecodeError(tampered(data, 1, 4), 'type')
    expectDecodeError(tampered(data, 1, 0), 'type')
    expectDecodeError(tampered(data, 2, 0), 'codec')
    expectDecodeError(tampered(data, 2, 4), 'codec')
    expectDecodeError(tampered(data, 3, 1), 'flags')
    expectDecodeError(tampered(data, 28, 7), 'length')
    expectDecodeError(data.subarray(0, data.length - 1), 'length')
    expectDecodeError(encodeDataFrame({ ...base, codec: 'fp32', step: 0, chunk: 0, segment: 0 }, 0), 'length')

    const heartbeat = encodeHeartbeat({ ...base, joined: true, done: true })
    expectDecodeError(tampered(heartbeat, 3, 2), 'flags') // done without joined
    expectDecodeError(tampered(heartbeat, 3, 4), 'flags')
    expectDecodeError(tampered(heartbeat, 2, 1), 'codec')
    expectDecodeError(tampered(heartbeat, 20, 1), 'fields')
    expectDecodeError(tampered(heartbeat, 22, 1), 'fields')
    expectDecodeError(tampered(heartbeat, 24, 1), 'fields')

    const abort = encodeAbort({ ...base, reason: 'timeout', culprit: 'p1' })
    expectDecodeError(tampered(abort, headerBytes, failureReasons.length), 'abort')
    expectDecodeError(tampered(abort, headerBytes + 1, 3), 'abort')
    expectDecodeError(tampered(abort, headerBytes + 3, 0xff), 'abort')
    expectDecodeError(tampered(abort, 3, 1), 'flags')
    const empty = encodeAbort({ ...base, reason: 'timeout', culprit: '' })
    expectDecodeError(empty, 'abort')
  })
})

// Seeded generator of hostile signaling frames: arbitrary JSON, truncated JSON, wrong field types, unknown
// types, binary, oversized and invalid-UTF-8 frames, mixed with valid traffic so that relays happen too.

import type { Random } from '../../core/random/createRandom.ts'

export type FuzzFrame = {
  kind: string
  data: string | Buffer
  binary: boolean
  /** The server is expected to close the connection on this frame. */
  closes: boolean
}

const keys = ['type', 'topics', 'topic', 'data', 'from', 'to', '__proto__', 'constructor', '']
const types = ['subscribe', 'unsubscribe', 'publish', 'ping', 'pong', 'announce', 'Subscribe', '']

function pick<T>(random: Random, items: readonly T[]): T {
  return items[random.nextInt(items.length)] as T
}

function randomString(random: Random, maxLength: number): string {
  const length = random.nextInt(maxLength + 1)
  let text = ''
  for (let i = 0; i < length; i++) {
    // Mostly ASCII, some BMP and astral code points, and lone surrogates (JSON.stringify escapes them).
    const roll = random.nextInt(10)
    text +=
      roll < 7
        ? String.fromCharCode(32 + random.nextInt(95))
        : roll < 9
          ? String.fromCharCode(random.nextInt(0xffff))
          : String.fromCodePoint(0x10000 + random.nextInt(0xfffff))
  }
  return text
}

function randomJson(random: Random, depth: number): unknown {
  switch (random.nextInt(depth > 0 ? 8 : 5)) {
    case 0:
      return null
    case 1:
      return random.next() < 0.5
    case 2:
      return pick(random, [0, -1, 1e308, -0, 3.5, Number.MAX_SAFE_INTEGER])
    case 3:
      return randomString(random, 12)
    case 4:
      return pick(random, types)
    case 5:
    case 6: {
      const value: Record<string, unknown> = {}
      for (let i = random.nextInt(5); i > 0; i--) value[pick(random, keys)] = randomJson(random, depth - 1)
      return value
    }
    default:
      return Array.from({ length: random.nextInt(5) }, () => randomJson(random, depth - 1))
  }
}

const topicPool = ['room', 'swarm', 'a', 'b', 'c']

export function fuzzFrame(random: Random, maxMessageBytes: number): FuzzFrame {
  const text = (kind: string, data: string): FuzzFrame => ({ kind, data, binary: false, closes: false })
  const roll = random.nextInt(100)
  if (roll < 20) return text('json', JSON.stringify(randomJson(random, 4)))
  if (roll < 35) {
    const message = {
      type: pick(random, types),
      topics: randomJson(random, 2),
      topic: randomJson(random, 1),
      data: randomJson(random, 2),
    }
    return text('wrong-fields', JSON.stringify(message))
  }
  if (roll < 45)
    return text('unknown-type', JSON.stringify({ type: randomString(random, 10), topic: pick(random, topicPool) }))
  if (roll < 58) {
    const valid = JSON.stringify({ type: 'publish', topic: pick(random, topicPool), data: randomJson(random, 3) })
    return text('truncated', valid.slice(0, random.nextInt(valid.length)))
  }
  if (roll < 66) return text('garbage', randomString(random, 80))
  if (roll < 70)
    return text('long-topic', JSON.stringify({ type: 'subscribe', topics: ['t'.repeat(300 + random.nextInt(300))] }))
  if (roll < 72)
    return text(
      'many-topics',
      JSON.stringify({ type: 'subscribe', topics: Array.from({ length: 100 }, (_, i) => `topic-${i}`) }),
    )
  if (roll < 90) {
    const topic = pick(random, topicPool)
    const valid = pick(random, [
      { type: 'subscribe', topics: [topic] },
      { type: 'unsubscribe', topics: [topic] },
      { type: 'publish', topic, data: randomJson(random, 2) },
      { type: 'ping' },
    ])
    return text('valid', JSON.stringify(valid))
  }
  if (roll < 94) {
    const bytes = Buffer.alloc(random.nextInt(64))
    for (let i = 0; i < bytes.length; i++) bytes[i] = random.nextInt(256)
    return { kind: 'binary', data: bytes, binary: true, closes: true }
  }
  if (roll < 97) {
    const padding = 'x'.repeat(maxMessageBytes + random.nextInt(maxMessageBytes))
    return {
      kind: 'oversized',
      data: JSON.stringify({ type: 'publish', topic: 'room', data: padding }),
      binary: false,
      closes: true,
    }
  }
  // A text frame whose bytes are not UTF-8 (a lone continuation byte, an overlong form, a 0xff).
  const bad = Buffer.from([0x7b, pick(random, [0x80, 0xc0, 0xff, 0xed]), 0xa0, 0x80, 0x7d])
  return { kind: 'invalid-utf8', data: bad, binary: false, closes: true }
}

/** Random bytes to write after a raw WebSocket handshake: mostly invalid frames, some with huge lengths. */
export function garbageBytes(random: Random): Buffer {
  const bytes = Buffer.alloc(2 + random.nextInt(200))
  for (let i = 0; i < bytes.length; i++) bytes[i] = random.nextInt(256)
  return bytes
}

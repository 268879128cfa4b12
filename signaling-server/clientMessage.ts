// The y-webrtc signaling protocol, client to server. One JSON object per WebSocket text message:
//
//   {"type":"subscribe",   "topics":[topic…]}       listen to each topic (idempotent)
//   {"type":"unsubscribe", "topics":[topic…]}       stop listening
//   {"type":"publish",     "topic":topic, …any}     relay this exact text to every subscriber of topic,
//                                                   the sender included (y-webrtc relies on that)
//   {"type":"ping"}                                 answered with {"type":"pong"}
//
// Server to client: the relayed publish text, {"type":"pong"}, and our addition
// {"type":"error","reason":…,"message":…} (see rejects.ts), which stock clients ignore.
// Unlike y-webrtc's server we relay the publish text verbatim (no added `clients` count, which no client
// reads) so one buffer serves the whole fan-out without re-serializing.

import type { MessageRejectReason } from './rejects.ts'

export type ClientMessage =
  | { type: 'subscribe'; topics: string[] }
  | { type: 'unsubscribe'; topics: string[] }
  | { type: 'publish'; topic: string }
  | { type: 'ping' }

export type ParseResult =
  { ok: true; message: ClientMessage } | { ok: false; reason: MessageRejectReason; detail: string }

const fail = (reason: MessageRejectReason, detail: string): ParseResult => ({ ok: false, reason, detail })

function checkTopic(topic: unknown, maxTopicLength: number): ParseResult | undefined {
  if (typeof topic !== 'string' || topic.length === 0)
    return fail('invalid-message', 'a topic must be a non-empty string')
  if (topic.length > maxTopicLength)
    return fail('topic-too-long', `topic is ${topic.length} characters, the limit is ${maxTopicLength}`)
  return undefined
}

function parseTopics(type: 'subscribe' | 'unsubscribe', topics: unknown, maxTopicLength: number): ParseResult {
  if (!Array.isArray(topics)) return fail('invalid-message', `${type}.topics must be an array of strings`)
  for (const topic of topics) {
    const problem = checkTopic(topic, maxTopicLength)
    if (problem) return problem
  }
  return { ok: true, message: { type, topics: topics as string[] } }
}

export function parseClientMessage(text: string, maxTopicLength: number): ParseResult {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return fail('not-json', error instanceof Error ? error.message : String(error))
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('invalid-message', 'a message must be a JSON object')
  const record = value as Record<string, unknown>
  const type = record.type
  if (typeof type !== 'string') return fail('invalid-message', 'a message needs a string "type"')
  switch (type) {
    case 'subscribe':
    case 'unsubscribe':
      return parseTopics(type, record.topics, maxTopicLength)
    case 'publish':
      return checkTopic(record.topic, maxTopicLength) ?? { ok: true, message: { type, topic: record.topic as string } }
    case 'ping':
      return { ok: true, message: { type } }
    default:
      return fail('unknown-type', `unknown message type ${JSON.stringify(type.slice(0, 40))}`)
  }
}

// Why the server refuses input or a connection, and what it does about it. Every reject is counted in
// /metrics as starling_signaling_rejects_total{reason}.
//
// Policy: a well-framed JSON text message with bad content is answered with
// `{"type":"error","reason":…,"message":…}` and the connection stays: it cost no more than a valid message
// (the rate limit already bounds it) and a client speaking a newer dialect should not lose its subscriptions.
// Stock y-webrtc clients ignore message types they do not know. Anything at the transport level, or a
// client that floods or does not read, gets its connection closed with the matching RFC 6455 code. Over
// connection limits or during shutdown, the HTTP upgrade itself is refused (429 per address, 503 otherwise)
// before any WebSocket state exists.

export const messageRejectReasons = [
  'not-json',
  'invalid-message',
  'unknown-type',
  'topic-too-long',
  'too-many-topics',
  'binary',
  'oversized',
  'invalid-utf8',
  'protocol-error',
  'rate-limited',
  'slow-consumer',
] as const
export type MessageRejectReason = (typeof messageRejectReasons)[number]

export const upgradeRejectReasons = [
  'too-many-connections',
  'too-many-connections-per-address',
  'shutting-down',
] as const
export type UpgradeRejectReason = (typeof upgradeRejectReasons)[number]

export const rejectReasons = [...messageRejectReasons, ...upgradeRejectReasons] as const
export type RejectReason = MessageRejectReason | UpgradeRejectReason

export const closeCodes = {
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policyViolation: 1008,
  messageTooBig: 1009,
} as const

export type MessageRejectAction = { kind: 'answer' } | { kind: 'close'; code: number; text: string }

const answer: MessageRejectAction = { kind: 'answer' }
const close = (code: number, text: string): MessageRejectAction => ({ kind: 'close', code, text })

/** What happens to a connection that sent a message rejected for `reason`. */
export const messageRejectActions: Readonly<Record<MessageRejectReason, MessageRejectAction>> = {
  'not-json': answer,
  'invalid-message': answer,
  'unknown-type': answer,
  'topic-too-long': answer,
  'too-many-topics': answer,
  binary: close(closeCodes.unsupportedData, 'binary frames are not accepted'),
  // ws itself closes with these three codes; listed so the table is complete.
  oversized: close(closeCodes.messageTooBig, 'message too big'),
  'invalid-utf8': close(closeCodes.invalidPayload, 'invalid UTF-8'),
  'protocol-error': close(closeCodes.protocolError, 'malformed frame'),
  'rate-limited': close(closeCodes.policyViolation, 'message rate limit exceeded'),
  'slow-consumer': close(closeCodes.policyViolation, 'too much data queued: not reading'),
}

/** The HTTP answer to a refused upgrade (no WebSocket exists yet, so no close code applies). */
export const upgradeRefusals: Readonly<Record<UpgradeRejectReason, { status: number; text: string }>> = {
  'too-many-connections': { status: 503, text: 'Service Unavailable' },
  'shutting-down': { status: 503, text: 'Service Unavailable' },
  'too-many-connections-per-address': { status: 429, text: 'Too Many Requests' },
}

/** Maps an error ws raised while reading frames (it closes the socket itself) to our reason. */
export function reasonOfSocketError(code: unknown): MessageRejectReason | undefined {
  if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' || code === 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH')
    return 'oversized'
  if (code === 'WS_ERR_INVALID_UTF8') return 'invalid-utf8'
  if (typeof code === 'string' && code.startsWith('WS_ERR_')) return 'protocol-error'
  return undefined
}

// The messages between the widget (in the host site's page) and Starling's wallet page (wallet.html, framed from
// Starling's origin), which keeps the widget's generated key in its own origin's storage. postMessage, structured
// clone; every message carries `protocol: "starling-wallet/1"`.
//
//   widget → frame, posted to the frame's window with targetOrigin = Starling's origin:
//     { protocol, id: uint, type: "open" }                                   → WalletView
//     { protocol, id: uint, type: "choose-payee", injected: 0x…20 | null }   → WalletView
//     { protocol, id: uint, type: "claim", receipt: PublishedReceipt }       → ClaimResult
//   frame → widget, posted to window.parent:
//     { protocol, type: "ready" }                                  targetOrigin "*": it says only that the page runs
//     { protocol, type: "answer", id, value }                      targetOrigin = the origin that asked
//     { protocol, type: "refusal", id, error: { name, message, details? } }
//
//   WalletView  = { generated: 0x…20, injected: 0x…20 | null }     (the payee is injected ?? generated)
//   ClaimResult = { transaction: 0x…32, amount: bigint, relayed: boolean }
//
// No message carries the key: the frame answers with addresses and transaction results only, and signs nothing but
// claims of its own receipts. Readers return undefined for anything else instead of throwing: a page's window
// receives messages from every script, extension and frame on it, and those are none of ours to fail on.
import { type Address, type Hex, getAddress, isAddress, isHex, size } from 'viem'
import type { SerializedError } from '../../../core/errors/BaseError.ts'
import type { PublishedReceipt } from '../../../core/rewards/publishedReceipt.ts'
import type { ClaimResult } from '../rewards/OnChain.ts'

export const walletProtocol = 'starling-wallet/1'

export type WalletView = { generated: Address; injected: Address | null }

export type WalletRequest =
  { type: 'open' } | { type: 'choose-payee'; injected: Address | null } | { type: 'claim'; receipt: PublishedReceipt }

export type WalletRequestType = WalletRequest['type']
export type WalletAnswer<T extends WalletRequestType> = T extends 'claim' ? ClaimResult : WalletView

export type FrameMessage =
  | { type: 'ready' }
  | { type: 'answer'; id: number; value: unknown }
  | { type: 'refusal'; id: number; error: SerializedError }

export const writeRequest = (id: number, request: WalletRequest) => ({ protocol: walletProtocol, id, ...request })
export const writeReady = () => ({ protocol: walletProtocol, type: 'ready' }) as const
export const writeAnswer = (id: number, value: WalletView | ClaimResult) =>
  ({ protocol: walletProtocol, type: 'answer', id, value }) as const
export const writeRefusal = (id: number, error: SerializedError) =>
  ({ protocol: walletProtocol, type: 'refusal', id, error }) as const

type Fields = Record<string, unknown>
const envelope = (data: unknown): Fields | undefined =>
  typeof data === 'object' && data !== null && !Array.isArray(data) && (data as Fields).protocol === walletProtocol
    ? (data as Fields)
    : undefined
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0
const address = (value: unknown): Address | undefined =>
  typeof value === 'string' && isAddress(value, { strict: false }) ? getAddress(value) : undefined
const optionalAddress = (value: unknown): Address | null | undefined => (value === null ? null : address(value))

/** A request as the frame reads it, or undefined when it is not one. The receipt's contents are checked later, by
 * decodeReceipt, where a malformed one is refused in words. */
export function readWalletRequest(data: unknown): { id: number; request: WalletRequest } | undefined {
  const fields = envelope(data)
  if (!fields || !isId(fields.id)) return undefined
  const { id } = fields
  switch (fields.type) {
    case 'open':
      return { id, request: { type: 'open' } }
    case 'choose-payee': {
      const injected = optionalAddress(fields.injected)
      return injected === undefined ? undefined : { id, request: { type: 'choose-payee', injected } }
    }
    case 'claim': {
      const { receipt } = fields
      if (typeof receipt !== 'object' || receipt === null) return undefined
      return { id, request: { type: 'claim', receipt: receipt as PublishedReceipt } }
    }
    default:
      return undefined
  }
}

/** A message from the frame as the widget reads it; the answer's value is read by readAnswerValue. */
export function readFrameMessage(data: unknown): FrameMessage | undefined {
  const fields = envelope(data)
  if (!fields) return undefined
  if (fields.type === 'ready') return { type: 'ready' }
  if (!isId(fields.id)) return undefined
  if (fields.type === 'answer') return { type: 'answer', id: fields.id, value: fields.value }
  if (fields.type !== 'refusal') return undefined
  const error = fields.error as Fields | null | undefined
  if (typeof error?.name !== 'string' || typeof error.message !== 'string') return undefined
  const details = typeof error.details === 'string' ? { details: error.details } : {}
  return { type: 'refusal', id: fields.id, error: { name: error.name, message: error.message, ...details } }
}

/** The value of an answer to a request of type `type`, rebuilt from its known fields; undefined if it is not one. */
export function readAnswerValue<T extends WalletRequestType>(type: T, value: unknown): WalletAnswer<T> | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const fields = value as Fields
  if (type === 'claim') {
    const { transaction, amount, relayed } = fields
    if (typeof transaction !== 'string' || !isHex(transaction) || size(transaction) !== 32) return undefined
    if (typeof amount !== 'bigint' || amount < 0n || typeof relayed !== 'boolean') return undefined
    return { transaction: transaction as Hex, amount, relayed } satisfies ClaimResult as WalletAnswer<T>
  }
  const generated = address(fields.generated)
  const injected = optionalAddress(fields.injected)
  if (!generated || injected === undefined) return undefined
  return { generated, injected } satisfies WalletView as WalletAnswer<T>
}

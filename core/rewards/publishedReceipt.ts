// The wire form of a signed cumulative receipt, as validators publish it and volunteers send it back to be
// relayed. Amounts travel as decimal strings: JSON has no 256-bit integers.
//
//   { swarm: 0x…32 bytes, contributor: 0x…20 bytes, totalUnits: "640", deadline: "1767225600",
//     signatures: 0x…64·n bytes (compact, ascending signer order, as packSignatures returns them) }
//
// In the doc, each validator writes its own signature under `receipts["<contributor>:<validator>"]` (lowercase);
// over HTTP, GET <validator>/swarms/<swarm>/receipts/<contributor> answers the same object.
import { type Address, type Hex, getAddress, isAddress, isHex, size } from 'viem'
import type { Receipt } from './receiptTypes.ts'
import { MalformedReceiptError } from './MalformedReceiptError.ts'

export type PublishedReceipt = {
  swarm: Hex
  contributor: Address
  totalUnits: string
  deadline: string
  signatures: Hex
}
export type SignedReceipt = { receipt: Receipt; signatures: Hex }

export const receiptsMapName = 'receipts'
export const receiptKey = (contributor: Address, validator: Address) =>
  `${contributor.toLowerCase()}:${validator.toLowerCase()}`

const uint256Max = 2n ** 256n - 1n
/** 255 validators at most (the contract's uint8 threshold), 64 bytes each. */
const maxSignatureBytes = 255 * 64

export function encodeReceipt({ receipt, signatures }: SignedReceipt): PublishedReceipt {
  return {
    swarm: receipt.swarm,
    contributor: receipt.contributor,
    totalUnits: receipt.totalUnits.toString(),
    deadline: receipt.deadline.toString(),
    signatures,
  }
}

/** Reads a receipt from untrusted JSON; checks shape and ranges only, not the signatures (see verifyReceipt). */
export function decodeReceipt(value: unknown): SignedReceipt {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new MalformedReceiptError('not an object')
  const { swarm, contributor, totalUnits, deadline, signatures } = value as Record<string, unknown>
  if (typeof swarm !== 'string' || !isHex(swarm) || size(swarm) !== 32)
    throw new MalformedReceiptError('swarm is not 32 bytes of hex')
  if (typeof contributor !== 'string' || !isAddress(contributor, { strict: false }))
    throw new MalformedReceiptError('contributor is not an address')
  if (typeof signatures !== 'string' || !isHex(signatures) || size(signatures) > maxSignatureBytes)
    throw new MalformedReceiptError('signatures are not hex of at most 255 signatures')
  return {
    receipt: {
      swarm: swarm.toLowerCase() as Hex,
      contributor: getAddress(contributor),
      totalUnits: uint256('totalUnits', totalUnits),
      deadline: uint256('deadline', deadline),
    },
    signatures,
  }
}

function uint256(field: string, value: unknown): bigint {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(value))
    throw new MalformedReceiptError(`${field} is not a decimal string`)
  const parsed = BigInt(value)
  if (parsed > uint256Max) throw new MalformedReceiptError(`${field} exceeds 2^256 - 1`)
  return parsed
}

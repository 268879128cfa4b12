// Record signatures: EIP-191 personal-sign signatures (65 bytes, r ‖ s ‖ v) over a record's 32-byte digest
// (recordEnvelope.ts), made with a peer's secp256k1 key; the peer id is the key's address, lowercase.
//
// Synchronous on purpose, unlike viem's account methods: records are written inside Yjs transactions and read
// back in the same tick, so signing and recovering use noble's secp256k1 (the curve code viem itself runs)
// directly. Measured on this machine (bench/recordSignatures.ts): ≈ 1.5 ms to sign, ≈ 3 ms to recover.

import { secp256k1 } from '@noble/curves/secp256k1'
import { type Hex, hashMessage, toHex } from 'viem'
import { privateKeyToAddress, publicKeyToAddress } from 'viem/accounts'
import type { PeerId } from '../types/PeerId.ts'

export type RecordSigner = {
  /** This peer's id: its key's address, lowercase. */
  readonly address: PeerId
  /**
   * The EIP-191 signature of the raw 32-byte `digest`: what `account.signMessage({ message: { raw: digest } })` gives.
   */
  sign(digest: Hex): Hex
}

/** A signer over a private key held in memory (the browser's ephemeral session key; fixed keys in tests). */
export function createKeySigner(privateKey: Hex): RecordSigner {
  return {
    address: privateKeyToAddress(privateKey).toLowerCase(),
    sign(digest) {
      const { r, s, recovery } = secp256k1.sign(hashMessage({ raw: digest }).slice(2), privateKey.slice(2), {
        lowS: true,
      })
      return `0x${r.toString(16).padStart(64, '0')}${s.toString(16).padStart(64, '0')}${recovery ? '1c' : '1b'}`
    },
  }
}

// Every peer of a simulation, or a page that re-reads a record under a new object, recovers the same pair:
// recovery is the expensive step, so its results are kept, a bounded number of them.
const recovered = new Map<string, PeerId | undefined>()
const maxRecovered = 4096

/** The lowercase address that signed `digest`, or undefined if `signature` is not a valid signature. */
export function recoverRecordSigner(digest: Hex, signature: Hex): PeerId | undefined {
  const memo = digest + signature.slice(2)
  if (recovered.has(memo)) return recovered.get(memo)
  let signer: PeerId | undefined
  if (/^0x[0-9a-f]{128}(1b|1c)$/.test(signature)) {
    try {
      const point = secp256k1.Signature.fromCompact(signature.slice(2, 130))
        .addRecoveryBit(signature.endsWith('1c') ? 1 : 0)
        .recoverPublicKey(hashMessage({ raw: digest }).slice(2))
      signer = publicKeyToAddress(toHex(point.toRawBytes(false))).toLowerCase()
    } catch {
      // noble throws on a point off the curve or s out of range: that is what "not a valid signature" means here.
      signer = undefined
    }
  }
  if (recovered.size >= maxRecovered) recovered.delete(recovered.keys().next().value!)
  recovered.set(memo, signer)
  return signer
}

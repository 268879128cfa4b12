import { type Hex, getAddress, isAddress, isHex, recoverTypedDataAddress, size, zeroAddress } from 'viem'
import { InvalidPayeeError } from './InvalidPayeeError.ts'
import { type PayeeRecord, payeeDomain, payeeTypes } from './payeeRecord.ts'

export type VerifyPayeeParameters = {
  swarmId: Hex
  /** The key the value is stored under in the `payees` map. */
  key: string
  value: unknown
}
export type VerifyPayeeErrorType = InvalidPayeeError

const isPeerId = (value: unknown): value is Hex => typeof value === 'string' && /^0x[0-9a-f]{40}$/.test(value)

/**
 * Checks a `payees` entry as every reader must (Yjs lets anyone write anything): its shape, that it sits under
 * its own peer's key, and that the peer's key signed it for this swarm. Returns it with the payee checksummed.
 */
export async function verifyPayee({ swarmId, key, value }: VerifyPayeeParameters): Promise<PayeeRecord> {
  const fail = (reason: string, cause?: unknown) => new InvalidPayeeError(key, reason, { cause })
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('not an object')
  const { peer, payee, signature } = value as Record<string, unknown>
  if (!isPeerId(peer)) throw fail('bad peer')
  if (peer !== key) throw fail('stored under another key')
  if (typeof payee !== 'string' || !isAddress(payee, { strict: false }) || BigInt(payee) === BigInt(zeroAddress))
    throw fail('bad payee')
  if (typeof signature !== 'string' || !isHex(signature) || size(signature) !== 65) throw fail('bad signature')
  let signer: string
  try {
    signer = await recoverTypedDataAddress({
      domain: payeeDomain,
      types: payeeTypes,
      primaryType: 'Payee',
      message: { swarm: swarmId, peer, payee },
      signature,
    })
  } catch (error) {
    throw fail('bad signature', error)
  }
  if (signer.toLowerCase() !== peer) throw fail(`signed by ${signer}, not by the peer`)
  return { peer, payee: getAddress(payee), signature }
}

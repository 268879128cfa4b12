import {
  type Address,
  type Hex,
  type LocalAccount,
  parseSignature,
  serializeCompactSignature,
  signatureToCompactSignature,
} from 'viem'
import { recoverReceiptSigner } from './recoverReceiptSigner.ts'
import { receiptDomain } from './receiptDomain.ts'
import { type Receipt, type ReceiptDomainParameters, receiptTypes } from './receiptTypes.ts'

/**
 * A viem local account fits; wrap a WalletClient (injected wallet) as
 * `{ signTypedData: (p) => wallet.signTypedData({ account, ...p }) }`.
 */
export type ReceiptSigner = Pick<LocalAccount, 'signTypedData'>
/** One validator's signature over one receipt: 64-byte EIP-2098 compact form, and who made it. */
export type ValidatorSignature = { signer: Address; signature: Hex }

export type SignReceiptParameters = ReceiptDomainParameters & { receipt: Receipt; signer: ReceiptSigner }

/**
 * Signs a receipt as a validator. The signer is recovered from the signature rather than taken from the account,
 * so it names whoever really signed: an injected wallet may sign with another account than the one expected.
 */
export async function signReceipt({ signer, receipt, ...domain }: SignReceiptParameters): Promise<ValidatorSignature> {
  const full = await signer.signTypedData({
    domain: receiptDomain(domain),
    types: receiptTypes,
    primaryType: 'Receipt',
    message: receipt,
  })
  const signature = serializeCompactSignature(signatureToCompactSignature(parseSignature(full)))
  return { signer: await recoverReceiptSigner({ ...domain, receipt, signature }), signature }
}

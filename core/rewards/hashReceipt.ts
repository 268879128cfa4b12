import { type Hex, hashTypedData } from 'viem'
import { receiptDomain } from './receiptDomain.ts'
import { type Receipt, type ReceiptDomainParameters, receiptTypes } from './receiptTypes.ts'

export type HashReceiptParameters = ReceiptDomainParameters & { receipt: Receipt }

/** The EIP-712 digest validators sign; equals the contract's `receiptDigest`. */
export function hashReceipt({ receipt, ...domain }: HashReceiptParameters): Hex {
  return hashTypedData({ domain: receiptDomain(domain), types: receiptTypes, primaryType: 'Receipt', message: receipt })
}

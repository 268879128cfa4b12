import type { TypedDataDomain } from 'viem'
import type { ReceiptDomainParameters } from './receiptTypes.ts'

/** Name and version passed to the rewards contract's EIP712 constructor. */
export const receiptDomainName = 'Starling Rewards'
export const receiptDomainVersion = '1'

export function receiptDomain({ chainId, contract }: ReceiptDomainParameters): TypedDataDomain {
  return { name: receiptDomainName, version: receiptDomainVersion, chainId, verifyingContract: contract }
}

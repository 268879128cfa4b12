import { type Chain, type Hex, createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import type { Sender } from './claimRewards.ts'

/** A client that signs as the generated wallet's key and sends through the chain's own RPC. */
export function generatedSender(key: Hex, chain: Chain): Sender {
  return createWalletClient({ account: privateKeyToAccount(key), chain, transport: http() })
}

import { formatUnits } from 'viem'
import type { TokenInfo } from './OnChain.ts'

/** "0.192 STAR" once the token's decimals are known, "192000000000000000 base units" before. */
export function formatTokens(amount: bigint, token: TokenInfo | undefined): string {
  return token ? `${formatUnits(amount, token.decimals)} ${token.symbol}` : `${amount.toLocaleString()} base units`
}

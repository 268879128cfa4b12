import type { EIP1193Provider } from 'viem'

/** The wallet extension's EIP-1193 provider in this page, if one is installed. */
export const injectedProvider = (): EIP1193Provider | undefined =>
  (globalThis as { ethereum?: EIP1193Provider }).ethereum

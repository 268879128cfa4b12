import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { memoryStorage } from './testing/memoryStorage.ts'
import { loadWallet, rememberInjected, storedPayee } from './walletStorage.ts'
import { WalletError } from './WalletError.ts'

describe('walletStorage', () => {
  test('creates the key once and keeps it', () => {
    const storage = memoryStorage()
    const { key } = loadWallet(storage)
    expect(loadWallet(storage).key).toBe(key)
    expect(storedPayee(storage)).toBe(privateKeyToAddress(key))
  })

  test('pays a chosen injected account until the generated wallet is chosen again, keeping its key', () => {
    const storage = memoryStorage()
    const { key } = loadWallet(storage)
    rememberInjected('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', storage)
    expect(storedPayee(storage)).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
    rememberInjected(undefined, storage)
    expect(storedPayee(storage)).toBe(privateKeyToAddress(key))
  })

  test('refuses to overwrite a stored wallet it cannot read', () => {
    for (const text of ['{not json', '{"key":"0x1234"}']) {
      const storage = memoryStorage()
      storage.setItem('starling.wallet.v1', text)
      expect(() => loadWallet(storage)).toThrow(WalletError)
      expect(storage.getItem('starling.wallet.v1')).toBe(text)
    }
  })
})

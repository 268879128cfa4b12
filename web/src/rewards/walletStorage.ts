// The volunteer's wallet as this browser keeps it, in localStorage under one key:
//
//   "starling.wallet.v1" → { "key": 0x…32 bytes, "injected"?: 0x…20 bytes }
//
// `key` is the generated wallet's private key, created on first use. `injected` is set while the volunteer has
// chosen a wallet extension's account as payee instead. Whoever can read this origin's storage can spend the
// generated wallet's tokens: the page says so where it offers the key for export.
import { type Address, type Hex, getAddress, isAddress, isHex, size } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { WalletError } from './WalletError.ts'

const storageKey = 'starling.wallet.v1'
type Stored = { key: Hex; injected?: Address }

function read(storage: Storage): Stored | undefined {
  const text = storage.getItem(storageKey)
  if (text === null) return undefined
  let parsed: Partial<Stored>
  try {
    parsed = JSON.parse(text) as Partial<Stored>
  } catch (error) {
    // Never silently replace a key that might hold earnings: refuse, and let the page show why.
    throw new WalletError(
      `This browser's stored wallet is unreadable; remove "${storageKey}" from local storage to start afresh.`,
      { cause: error },
    )
  }
  if (typeof parsed.key !== 'string' || !isHex(parsed.key) || size(parsed.key) !== 32)
    throw new WalletError(
      `This browser's stored wallet has no valid key; remove "${storageKey}" from local storage to start afresh.`,
    )
  return {
    key: parsed.key,
    ...(typeof parsed.injected === 'string' && isAddress(parsed.injected)
      ? { injected: getAddress(parsed.injected) }
      : {}),
  }
}

/** The stored wallet, created on first use. */
export function loadWallet(storage: Storage = localStorage): Stored {
  const stored = read(storage)
  if (stored) return stored
  const created = { key: generatePrivateKey() }
  storage.setItem(storageKey, JSON.stringify(created))
  return created
}

/** Chooses the injected account as payee, or (undefined) the generated wallet again. */
export function rememberInjected(address: Address | undefined, storage: Storage = localStorage): void {
  const { key } = loadWallet(storage)
  storage.setItem(storageKey, JSON.stringify(address ? { key, injected: address } : { key }))
}

/** Where this browser's rounds are paid: the chosen injected account, else the generated wallet. */
export function storedPayee(storage: Storage = localStorage): Address {
  const { key, injected } = loadWallet(storage)
  return injected ?? privateKeyToAddress(key)
}

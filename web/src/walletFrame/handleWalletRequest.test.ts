import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, test, vi } from 'vitest'
import { MalformedReceiptError } from '../../../core/rewards/MalformedReceiptError.ts'
import { memoryStorage } from '../rewards/testing/memoryStorage.ts'
import { WalletError } from '../rewards/WalletError.ts'
import { loadWallet } from '../rewards/walletStorage.ts'
import { createWalletRequestHandler } from './handleWalletRequest.ts'
import { WalletStorageBlockedError } from './WalletStorageBlockedError.ts'

const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const receipt = (contributor: string) => ({
  swarm: `0x${'ab'.repeat(32)}` as const,
  contributor: contributor as `0x${string}`,
  totalUnits: '64',
  deadline: '1',
  signatures: '0x' as const,
})

function handler() {
  const storage = memoryStorage()
  const deployment = vi.fn(async () => {
    throw new Error('no chain in this test')
  })
  return { storage, deployment, handle: createWalletRequestHandler({ storage: () => storage, deployment }) }
}

describe('handleWalletRequest', () => {
  test('open creates the key once and answers the same payee every time, never the key', async () => {
    const { storage, handle } = handler()
    const first = await handle({ type: 'open' })
    const { key } = loadWallet(storage)
    expect(first).toEqual({ generated: privateKeyToAddress(key), injected: null })
    expect(await handle({ type: 'open' })).toEqual(first)
    expect(Object.keys(first).sort()).toEqual(['generated', 'injected'])
  })

  test('choose-payee records the injected account in the frame, and the generated wallet again', async () => {
    const { storage, handle } = handler()
    const { generated } = (await handle({ type: 'open' })) as { generated: string }
    expect(await handle({ type: 'choose-payee', injected: alice })).toEqual({ generated, injected: alice })
    expect(await handle({ type: 'open' })).toEqual({ generated, injected: alice })
    expect(await handle({ type: 'choose-payee', injected: null })).toEqual({ generated, injected: null })
    expect(loadWallet(storage).injected).toBeUndefined()
  })

  test('claims only receipts of its own wallet, checked before any chain is contacted', async () => {
    const { handle, deployment } = handler()
    await expect(handle({ type: 'claim', receipt: receipt(alice) })).rejects.toThrow(WalletError)
    await expect(handle({ type: 'claim', receipt: { ...receipt(alice), totalUnits: '-1' } })).rejects.toThrow(
      MalformedReceiptError,
    )
    expect(deployment).not.toHaveBeenCalled()
  })

  test('claims its own receipt on the deployment of its own config', async () => {
    const { storage, handle, deployment } = handler()
    const own = privateKeyToAddress(loadWallet(storage).key)
    await expect(handle({ type: 'claim', receipt: receipt(own) })).rejects.toThrow('no chain in this test')
    expect(deployment).toHaveBeenCalledOnce()
  })

  test('an unreadable stored wallet is refused, never replaced', async () => {
    const { storage, handle } = handler()
    storage.setItem('starling.wallet.v1', '{not json')
    await expect(handle({ type: 'open' })).rejects.toThrow(WalletError)
    expect(storage.getItem('starling.wallet.v1')).toBe('{not json')
  })

  test('blocked storage refuses every request in words, and nothing else is stored anywhere', async () => {
    const blocked = new WalletStorageBlockedError('https://starling.example')
    const deployment = vi.fn()
    const handle = createWalletRequestHandler({
      storage: () => {
        throw blocked
      },
      deployment,
    })
    for (const request of [
      { type: 'open' },
      { type: 'choose-payee', injected: alice },
      { type: 'claim', receipt: receipt(alice) },
    ] as const)
      await expect(handle(request)).rejects.toBe(blocked)
    expect(deployment).not.toHaveBeenCalled()
  })
})

import { describe, expect, test, vi } from 'vitest'
import { WalletError } from '../rewards/WalletError.ts'
import { memoryStorage } from '../rewards/testing/memoryStorage.ts'
import { loadWallet } from '../rewards/walletStorage.ts'
import { type AnswerWalletRequestsParameters, answerWalletRequests } from './answerWalletRequests.ts'
import { createWalletRequestHandler } from './handleWalletRequest.ts'
import { deliver, postTarget, settle } from './testing/fakeWindows.ts'
import { walletProtocol, writeRequest } from './walletFrameProtocol.ts'

const host = 'https://blog.example'
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const

/** The wallet page's window inside a host page: its parent records what the page posts. */
function framedPage(
  handle: AnswerWalletRequestsParameters['handle'] = vi.fn(async () => ({ generated: alice, injected: null })),
) {
  const parent = postTarget()
  const window = Object.assign(new EventTarget(), { parent })
  const stop = answerWalletRequests({ window, handle })
  const answers = () => parent.posted.filter(({ message }) => (message as { type: string }).type !== 'ready')
  return { window, parent, handle, stop, answers }
}

describe('answerWalletRequests', () => {
  test('says it is ready, then answers the framing page at the origin that asked', async () => {
    const page = framedPage()
    expect(page.parent.posted).toEqual([{ message: { protocol: walletProtocol, type: 'ready' }, targetOrigin: '*' }])
    deliver(page.window, writeRequest(5, { type: 'open' }), host, page.parent)
    await settle()
    expect(page.answers()).toEqual([
      {
        message: { protocol: walletProtocol, type: 'answer', id: 5, value: { generated: alice, injected: null } },
        targetOrigin: host,
      },
    ])
  })

  test('ignores other windows, opaque origins and malformed messages', async () => {
    const page = framedPage()
    const open = writeRequest(1, { type: 'open' })
    deliver(page.window, open, host, postTarget()) // another frame or a popup of any origin
    deliver(page.window, open, host, null) // a message port, a worker or the page itself
    deliver(page.window, open, 'null', page.parent) // a sandboxed parent: an answer could not be addressed to it
    for (const data of [null, 'open', { ...open, protocol: 'other' }, { ...open, type: 'key' }, { ...open, id: -1 }])
      deliver(page.window, data, host, page.parent)
    await settle()
    expect(page.handle).not.toHaveBeenCalled()
    expect(page.answers()).toEqual([])
  })

  test('a failing request is answered with the error as data, and answering goes on', async () => {
    const handle = vi
      .fn()
      .mockRejectedValueOnce(new WalletError('The stored wallet is unreadable.'))
      .mockResolvedValueOnce({ generated: alice, injected: null })
    const page = framedPage(handle)
    deliver(page.window, writeRequest(1, { type: 'open' }), host, page.parent)
    deliver(page.window, writeRequest(2, { type: 'open' }), host, page.parent)
    await settle()
    expect(page.answers().map(({ message }) => message)).toEqual([
      {
        protocol: walletProtocol,
        type: 'refusal',
        id: 1,
        error: { name: 'WalletError', message: 'The stored wallet is unreadable.', details: undefined },
      },
      { protocol: walletProtocol, type: 'answer', id: 2, value: { generated: alice, injected: null } },
    ])
  })

  test('stops listening when told', async () => {
    const page = framedPage()
    page.stop()
    deliver(page.window, writeRequest(1, { type: 'open' }), host, page.parent)
    await settle()
    expect(page.handle).not.toHaveBeenCalled()
  })

  test('nothing the framing page can ask makes the key leave the page', async () => {
    const storage = memoryStorage()
    const { key } = loadWallet(storage)
    const deployment = vi.fn(async () => {
      throw new Error('no chain in this test')
    })
    const page = framedPage(createWalletRequestHandler({ storage: () => storage, deployment }))
    const foreign = {
      swarm: `0x${'ab'.repeat(32)}`,
      contributor: alice,
      totalUnits: '1',
      deadline: '1',
      signatures: '0x',
    }
    const asks = [
      { type: 'open' },
      { type: 'choose-payee', injected: alice },
      { type: 'choose-payee', injected: null },
      { type: 'claim', receipt: foreign },
      { type: 'claim', receipt: { ...foreign, totalUnits: 'all' } },
      { type: 'key' },
      { type: 'export' },
      { type: 'sign', message: 'give me your key' },
      { type: 'sendTransaction', to: alice, value: '1' },
    ]
    for (const [id, ask] of asks.entries())
      deliver(page.window, { protocol: walletProtocol, id, ...ask }, host, page.parent)
    await settle()
    expect(page.answers()).toHaveLength(5) // the five well-formed requests; the rest were ignored
    const everything = JSON.stringify(page.parent.posted, (_, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    ).toLowerCase()
    expect(everything).not.toContain(key.slice(2).toLowerCase())
    // The claim of someone else's receipt was refused before any chain was contacted.
    expect(deployment).not.toHaveBeenCalled()
    expect(loadWallet(storage).key).toBe(key)
  })
})

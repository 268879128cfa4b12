import { afterEach, describe, expect, test, vi } from 'vitest'
import { createWalletFrameClient } from './createWalletFrameClient.ts'
import { deliver, postTarget, settle } from './testing/fakeWindows.ts'
import { walletProtocol, writeAnswer, writeReady, writeRefusal } from './walletFrameProtocol.ts'
import { WalletFrameRefusedError } from './WalletFrameRefusedError.ts'
import { WalletFrameSilentError } from './WalletFrameSilentError.ts'

const page = 'https://starling.example/wallet.html'
const starling = 'https://starling.example'
const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const bob = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const
const timeouts = { startMs: 1_000, answerMs: 500, claimMs: 5_000 }

/** A widget page holding the frame's window; `events` is where messages arrive. */
function widget() {
  const frame = postTarget()
  const events = new EventTarget()
  const client = createWalletFrameClient({ frame, page, events, timeouts })
  const requests = () => frame.posted.map(({ message }) => message as { id: number; type: string })
  return { frame, events, client, requests, fromFrame: (data: unknown) => deliver(events, data, starling, frame) }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('createWalletFrameClient', () => {
  test('waits for the frame to run, then asks it at Starling’s origin only and reads its answer', async () => {
    const w = widget()
    const view = w.client.request({ type: 'open' })
    await settle()
    expect(w.frame.posted).toEqual([]) // nothing is sent before the frame says it runs
    w.fromFrame(writeReady())
    await settle()
    expect(w.frame.posted).toEqual([
      { message: { protocol: walletProtocol, id: 0, type: 'open' }, targetOrigin: starling },
    ])
    w.fromFrame(writeAnswer(0, { generated: alice, injected: null }))
    await expect(view).resolves.toEqual({ generated: alice, injected: null })
  })

  test('ignores others: other origins and windows, malformed messages, unknown ids, bad values', async () => {
    const w = widget()
    deliver(w.events, writeReady(), 'https://blog.example', w.frame) // the frame's window, another origin: navigated
    deliver(w.events, writeReady(), starling, postTarget()) // Starling's origin, another window: a second frame
    deliver(w.events, writeReady(), starling, null) // the host page's own scripts
    await settle()
    let started = false
    void w.client.ready.then(() => (started = true))
    await settle()
    expect(started).toBe(false)
    w.fromFrame(writeReady())
    const view = w.client.request({ type: 'open' })
    await settle()
    const { id } = w.requests()[0]!
    const forged = writeAnswer(id, { generated: bob, injected: null })
    deliver(w.events, forged, 'https://blog.example', w.frame)
    deliver(w.events, forged, starling, postTarget())
    deliver(w.events, forged, starling, null)
    w.fromFrame({ ...forged, protocol: 'other' })
    w.fromFrame(writeAnswer(id + 1, { generated: bob, injected: null }))
    w.fromFrame({ protocol: walletProtocol, type: 'answer', id, value: { generated: 'bob', injected: null } })
    w.fromFrame({ protocol: walletProtocol, type: 'refusal', id, error: 'no' })
    w.fromFrame(writeAnswer(id, { generated: alice, injected: bob }))
    await expect(view).resolves.toEqual({ generated: alice, injected: bob })
  })

  test('answers are matched to their requests by id, in any order', async () => {
    const w = widget()
    w.fromFrame(writeReady())
    const open = w.client.request({ type: 'open' })
    const choose = w.client.request({ type: 'choose-payee', injected: bob })
    await settle()
    const [first, second] = w.requests()
    w.fromFrame(writeAnswer(second!.id, { generated: alice, injected: bob }))
    w.fromFrame(writeAnswer(first!.id, { generated: alice, injected: null }))
    await expect(open).resolves.toEqual({ generated: alice, injected: null })
    await expect(choose).resolves.toEqual({ generated: alice, injected: bob })
  })

  test('a refusal rejects with the frame’s message as a WalletFrameRefusedError', async () => {
    const w = widget()
    w.fromFrame(writeReady())
    const claim = w.client.request({
      type: 'claim',
      receipt: {
        swarm: `0x${'ab'.repeat(32)}`,
        contributor: alice,
        totalUnits: '1',
        deadline: '1',
        signatures: '0x',
      } as const,
    })
    await settle()
    w.fromFrame(writeRefusal(w.requests()[0]!.id, { name: 'ClaimRefusedError', message: 'Nothing to claim.' }))
    const error = await claim.catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(WalletFrameRefusedError)
    expect(error).toMatchObject({ shortMessage: 'Nothing to claim.', frameError: 'ClaimRefusedError' })
  })

  test('a frame that never runs rejects ready and every request with WalletFrameSilentError', async () => {
    vi.useFakeTimers()
    const w = widget()
    const ready = w.client.ready.catch((error: unknown) => error)
    const view = w.client.request({ type: 'open' }).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(timeouts.startMs)
    for (const error of [await ready, await view]) {
      expect(error).toBeInstanceOf(WalletFrameSilentError)
      expect(error).toMatchObject({ page, awaited: 'start', waitedMs: timeouts.startMs })
    }
    expect(w.frame.posted).toEqual([])
  })

  test('a request the running frame leaves unanswered rejects after its own timeout', async () => {
    vi.useFakeTimers()
    const w = widget()
    w.fromFrame(writeReady())
    const view = w.client.request({ type: 'open' }).catch((error: unknown) => error)
    await vi.advanceTimersByTimeAsync(timeouts.answerMs)
    expect(await view).toMatchObject({ name: 'WalletFrameSilentError', awaited: 'open', waitedMs: timeouts.answerMs })
    // A late answer changes nothing.
    w.fromFrame(writeAnswer(0, { generated: alice, injected: null }))
  })

  test('close stops listening and rejects what still waits', async () => {
    const w = widget()
    w.fromFrame(writeReady())
    const view = w.client.request({ type: 'open' }).catch((error: unknown) => error)
    await settle()
    w.client.close()
    expect(await view).toBeInstanceOf(WalletFrameSilentError)
  })
})

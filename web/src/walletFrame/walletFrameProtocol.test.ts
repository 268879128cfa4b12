import { describe, expect, test } from 'vitest'
import {
  readAnswerValue,
  readFrameMessage,
  readWalletRequest,
  walletProtocol,
  writeAnswer,
  writeReady,
  writeRefusal,
  writeRequest,
} from './walletFrameProtocol.ts'

const alice = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const receipt = {
  swarm: `0x${'ab'.repeat(32)}`,
  contributor: alice,
  totalUnits: '64',
  deadline: '1',
  signatures: '0x',
} as const

describe('walletFrameProtocol', () => {
  test('every request the widget writes, the frame reads back', () => {
    expect(readWalletRequest(writeRequest(0, { type: 'open' }))).toEqual({ id: 0, request: { type: 'open' } })
    expect(readWalletRequest(writeRequest(7, { type: 'choose-payee', injected: alice }))).toEqual({
      id: 7,
      request: { type: 'choose-payee', injected: alice },
    })
    expect(readWalletRequest(writeRequest(8, { type: 'choose-payee', injected: null }))?.request).toEqual({
      type: 'choose-payee',
      injected: null,
    })
    expect(readWalletRequest(writeRequest(9, { type: 'claim', receipt }))?.request).toEqual({ type: 'claim', receipt })
  })

  test('addresses are read into their checksummed form', () => {
    const request = readWalletRequest({
      ...writeRequest(1, { type: 'open' }),
      type: 'choose-payee',
      injected: alice.toLowerCase(),
    })
    expect(request?.request).toEqual({ type: 'choose-payee', injected: alice })
  })

  test('anything that is not a well-formed request is no request', () => {
    const open = writeRequest(1, { type: 'open' })
    for (const data of [
      undefined,
      null,
      'open',
      42,
      [open],
      { ...open, protocol: 'starling-wallet/2' },
      { ...open, protocol: undefined },
      { ...open, id: -1 },
      { ...open, id: 1.5 },
      { ...open, id: '1' },
      { ...open, type: 'key' },
      { ...open, type: 'export' },
      { ...open, type: 'sign', message: 'hello' },
      { ...open, type: 'choose-payee' },
      { ...open, type: 'choose-payee', injected: '0x1234' },
      { ...open, type: 'choose-payee', injected: 5 },
      { ...open, type: 'claim' },
      { ...open, type: 'claim', receipt: null },
      { ...open, type: 'claim', receipt: 'receipt' },
    ])
      expect(readWalletRequest(data), JSON.stringify(data) ?? String(data)).toBeUndefined()
  })

  test('every message the frame writes, the widget reads back', () => {
    expect(readFrameMessage(writeReady())).toEqual({ type: 'ready' })
    const view = { generated: alice, injected: null }
    expect(readFrameMessage(writeAnswer(3, view))).toEqual({ type: 'answer', id: 3, value: view })
    const error = { name: 'WalletError', message: 'unreadable', details: 'why' }
    expect(readFrameMessage(writeRefusal(4, error))).toEqual({ type: 'refusal', id: 4, error })
  })

  test('anything that is not a well-formed frame message is none', () => {
    for (const data of [
      null,
      { type: 'ready' },
      { protocol: walletProtocol, type: 'answer' },
      { protocol: walletProtocol, type: 'answer', id: -2, value: {} },
      { protocol: walletProtocol, type: 'refusal', id: 1 },
      { protocol: walletProtocol, type: 'refusal', id: 1, error: { name: 'X' } },
      { protocol: walletProtocol, type: 'refusal', id: 1, error: 'bad' },
      { protocol: walletProtocol, type: 'key', id: 1, key: '0x' },
    ])
      expect(readFrameMessage(data), JSON.stringify(data)).toBeUndefined()
  })

  test('answer values are rebuilt from their known fields only, and refused when malformed', () => {
    expect(readAnswerValue('open', { generated: alice, injected: null, key: '0xsecret' })).toEqual({
      generated: alice,
      injected: null,
    })
    const claim = { transaction: `0x${'11'.repeat(32)}`, amount: 640n, relayed: true }
    expect(readAnswerValue('claim', { ...claim, extra: 1 })).toEqual(claim)
    for (const value of [null, 'x', {}, { generated: alice }, { generated: '0x12', injected: null }])
      expect(readAnswerValue('open', value)).toBeUndefined()
    for (const value of [
      { ...claim, amount: '640' },
      { ...claim, amount: -1n },
      { ...claim, transaction: '0x1234' },
      { ...claim, relayed: 'yes' },
    ])
      expect(readAnswerValue('claim', value)).toBeUndefined()
  })
})

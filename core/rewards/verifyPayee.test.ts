import { keccak256, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { InvalidPayeeError } from './InvalidPayeeError.ts'
import { signPayee } from './signPayee.ts'
import { verifyPayee } from './verifyPayee.ts'

const swarmId = keccak256(stringToHex('payee test swarm'))
const peer = privateKeyToAccount(keccak256(stringToHex('payee test peer')))
const other = privateKeyToAccount(keccak256(stringToHex('payee test other peer')))
const wallet = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const thief = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(InvalidPayeeError)
  return (error as InvalidPayeeError).reason
}

describe('payee declarations', () => {
  test('a peer signs its payee and every reader accepts it under the peer id', async () => {
    const record = await signPayee({ account: peer, swarmId, payee: wallet })
    expect(record.peer).toBe(peer.address.toLowerCase())
    expect(await verifyPayee({ swarmId, key: record.peer, value: record })).toEqual({ ...record, payee: wallet })
    const lowercase = { ...record, payee: wallet.toLowerCase() }
    expect((await verifyPayee({ swarmId, key: record.peer, value: lowercase })).payee).toBe(wallet)
  })

  test('a changed payee, swarm or peer no longer verifies', async () => {
    const record = await signPayee({ account: peer, swarmId, payee: wallet })
    expect(await reason(verifyPayee({ swarmId, key: record.peer, value: { ...record, payee: thief } }))).toMatch(
      /^signed by 0x/,
    )
    expect(await reason(verifyPayee({ swarmId: keccak256('0x01'), key: record.peer, value: record }))).toMatch(
      /^signed by 0x/,
    )
    const otherPeer = other.address.toLowerCase()
    expect(await reason(verifyPayee({ swarmId, key: otherPeer, value: { ...record, peer: otherPeer } }))).toMatch(
      /^signed by 0x/,
    )
  })

  test("a declaration stored under another peer's key is refused", async () => {
    const record = await signPayee({ account: other, swarmId, payee: thief })
    expect(await reason(verifyPayee({ swarmId, key: peer.address.toLowerCase(), value: record }))).toBe(
      'stored under another key',
    )
  })

  test('malformed values are refused, never thrown as anything else', async () => {
    const record = await signPayee({ account: peer, swarmId, payee: wallet })
    const key = record.peer
    const cases: [unknown, string][] = [
      [null, 'not an object'],
      [[record], 'not an object'],
      [{ ...record, peer: peer.address }, 'bad peer'],
      [{ ...record, payee: '0x0000000000000000000000000000000000000000' }, 'bad payee'],
      [{ ...record, payee: 42 }, 'bad payee'],
      [{ ...record, signature: record.signature.slice(0, 100) }, 'bad signature'],
      [{ ...record, signature: `0x${'00'.repeat(65)}` }, 'bad signature'],
    ]
    for (const [value, expected] of cases) expect(await reason(verifyPayee({ swarmId, key, value }))).toBe(expected)
  })
})

import { recoverMessageAddress, verifyMessage } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { createKeySigner, recoverRecordSigner } from './recordSignature.ts'

const key = `0x${'11'.repeat(32)}` as const
const digest = `0x${'ab'.repeat(32)}` as const

describe('record signatures', () => {
  test('are the EIP-191 signatures a viem account makes, so any wallet tooling verifies them', async () => {
    const signer = createKeySigner(key)
    const account = privateKeyToAccount(key)
    expect(signer.address).toBe(account.address.toLowerCase())
    const signature = signer.sign(digest)
    expect(signature).toBe(await account.signMessage({ message: { raw: digest } }))
    expect(await verifyMessage({ address: account.address, message: { raw: digest }, signature })).toBe(true)
    expect(recoverRecordSigner(digest, signature)).toBe(signer.address)
  })

  test('recover another address for another digest, and nothing for a malformed signature', async () => {
    const signer = createKeySigner(key)
    const signature = signer.sign(digest)
    const other = `0x${'cd'.repeat(32)}` as const
    const recovered = recoverRecordSigner(other, signature)
    expect(recovered).not.toBe(signer.address)
    expect(recovered).toBe((await recoverMessageAddress({ message: { raw: other }, signature })).toLowerCase())
    expect(recoverRecordSigner(digest, `${signature.slice(0, -2)}1d` as `0x${string}`)).toBeUndefined()
    expect(recoverRecordSigner(digest, `0x${'00'.repeat(65)}`)).toBeUndefined()
    expect(recoverRecordSigner(digest, signature.slice(0, 100) as `0x${string}`)).toBeUndefined()
  })
})

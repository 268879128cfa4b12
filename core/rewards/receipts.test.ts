import fc from 'fast-check'
import { type Address, type Hex, concat, encodeAbiParameters, keccak256, slice, stringToHex, toHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { hashReceipt } from './hashReceipt.ts'
import { packSignatures } from './packSignatures.ts'
import { recoverReceiptSigner } from './recoverReceiptSigner.ts'
import type { Receipt } from './receiptTypes.ts'
import { RewardsRejectedError } from './RewardsRejectedError.ts'
import { type ValidatorSignature, signReceipt } from './signReceipt.ts'
import { verifyReceipt } from './verifyReceipt.ts'

const validators = [1, 2, 3].map((i) => privateKeyToAccount(keccak256(stringToHex(`receipts test validator ${i}`))))
const stranger = privateKeyToAccount(keccak256(stringToHex('receipts test stranger')))
const domain = { chainId: 31337, contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address }
const receipt: Receipt = {
  swarm: keccak256(stringToHex('swarm')),
  contributor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  totalUnits: 640n,
  deadline: 4_102_444_800n,
}
const addresses = validators.map((validator) => validator.address)

const receiptArbitrary = fc.record({
  swarm: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => toHex(bytes)),
  contributor: fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => toHex(bytes)),
  totalUnits: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
  deadline: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
})

/** EIP-712 written out by hand, independently of viem's hashTypedData. */
function eip712Digest({ swarm, contributor, totalUnits, deadline }: Receipt): Hex {
  const typeHash = keccak256(
    stringToHex('Receipt(bytes32 swarm,address contributor,uint256 totalUnits,uint256 deadline)'),
  )
  const domainTypeHash = keccak256(
    stringToHex('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
  )
  const domainSeparator = keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint256' }, { type: 'address' }],
      [
        domainTypeHash,
        keccak256(stringToHex('Starling Rewards')),
        keccak256(stringToHex('1')),
        BigInt(domain.chainId),
        domain.contract,
      ],
    ),
  )
  const structHash = keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }],
      [typeHash, swarm, contributor, totalUnits, deadline],
    ),
  )
  return keccak256(concat(['0x1901', domainSeparator, structHash]))
}

async function signedBy(signers: typeof validators, message = receipt) {
  return Promise.all(signers.map((signer) => signReceipt({ ...domain, receipt: message, signer })))
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(RewardsRejectedError)
  return (error as RewardsRejectedError).revert
}

describe('hashReceipt', () => {
  test('is the EIP-712 digest of the receipt', () => {
    fc.assert(
      fc.property(receiptArbitrary, (message) => {
        expect(hashReceipt({ ...domain, receipt: message })).toBe(eip712Digest(message))
      }),
      { numRuns: 100, seed: 11 },
    )
  })
  test('binds chain and contract', () => {
    const digest = hashReceipt({ ...domain, receipt })
    expect(hashReceipt({ ...domain, chainId: 1, receipt })).not.toBe(digest)
    expect(hashReceipt({ ...domain, contract: stranger.address, receipt })).not.toBe(digest)
  })
})

describe('signReceipt and recoverReceiptSigner', () => {
  test('make 64-byte signatures that recover to the signer', async () => {
    await fc.assert(
      fc.asyncProperty(receiptArbitrary, fc.constantFrom(...validators), async (message, signer) => {
        const { signature, signer: recovered } = await signReceipt({ ...domain, receipt: message, signer })
        expect(signature).toMatch(/^0x[0-9a-f]{128}$/)
        expect(recovered).toBe(signer.address)
        expect(await recoverReceiptSigner({ ...domain, receipt: message, signature })).toBe(signer.address)
      }),
      { numRuns: 20, seed: 12 },
    )
  })
  test('a changed field recovers someone else', async () => {
    const [{ signature }] = (await signedBy([validators[0]!])) as [ValidatorSignature]
    for (const changed of [
      { totalUnits: 641n },
      { deadline: 1n },
      { contributor: stranger.address },
      { swarm: keccak256('0x01') },
    ]) {
      expect(await recoverReceiptSigner({ ...domain, receipt: { ...receipt, ...changed }, signature })).not.toBe(
        validators[0]!.address,
      )
    }
  })
})

describe('packSignatures', () => {
  test('orders signatures by signer address whatever the input order', async () => {
    const signed = await signedBy(validators)
    const expected = [...signed].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1))
    expect(packSignatures([...signed].reverse())).toBe(concat(expected.map((s) => s.signature)))
    expect(packSignatures(signed)).toBe(packSignatures([...signed].reverse()))
  })
  test('refuses a validator twice and malformed signatures, as the contract would', async () => {
    const [one] = (await signedBy([validators[0]!])) as [ValidatorSignature]
    expect(() => packSignatures([one, one])).toThrow(RewardsRejectedError)
    expect(() => packSignatures([{ ...one, signature: slice(one.signature, 0, 63) }])).toThrow(/63 bytes long/)
  })
})

describe('verifyReceipt', () => {
  const check = (signatures: Hex, extra: Partial<Parameters<typeof verifyReceipt>[0]> = {}) =>
    verifyReceipt({ ...domain, receipt, signatures, validators: addresses, threshold: 2, ...extra })

  test('returns the signers of a receipt the contract would accept', async () => {
    const signed = await signedBy(validators.slice(0, 2))
    const signers = await check(packSignatures(signed), { now: receipt.deadline })
    expect([...signers].sort()).toEqual(signed.map((s) => s.signer).sort())
  })
  test('rejects with the contract error and its values', async () => {
    const [a, b] = await signedBy(validators.slice(0, 2))
    const [low, high] = BigInt(a!.signer) < BigInt(b!.signer) ? [a!, b!] : [b!, a!]
    const [foreign] = await signedBy([stranger])
    expect(await rejection(check(packSignatures([low, high]), { now: receipt.deadline + 1n }))).toEqual({
      errorName: 'ReceiptExpired',
      args: [receipt.deadline, receipt.deadline + 1n],
    })
    expect(await rejection(check(slice(low.signature, 0, 40)))).toEqual({
      errorName: 'MalformedSignatures',
      args: [40n],
    })
    expect(await rejection(check(low.signature))).toEqual({ errorName: 'NotEnoughSignatures', args: [1n, 2n] })
    expect(await rejection(check(concat([low.signature, low.signature])))).toEqual({
      errorName: 'SignersNotAscending',
      args: [1n, low.signer, low.signer],
    })
    expect(await rejection(check(concat([high.signature, low.signature])))).toEqual({
      errorName: 'SignersNotAscending',
      args: [1n, low.signer, high.signer],
    })
    const withStranger = await rejection(check(packSignatures([low, foreign!])))
    expect(withStranger.errorName).toBe('SignerNotValidator')
    expect(withStranger.args).toContain(stranger.address)
    const tampered = await rejection(check(packSignatures([low, high]), { receipt: { ...receipt, totalUnits: 1n } }))
    expect([tampered.errorName, tampered.args[0]]).toEqual(['SignerNotValidator', 0n])
  })
  test('rejects the malleable high-s form like OpenZeppelin ECDSA does', async () => {
    const highS = concat([
      toHex(1n, { size: 32 }),
      '0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1',
    ])
    expect(await rejection(check(highS, { threshold: 1 }))).toEqual({ errorName: 'InvalidSignature', args: [0n] })
    expect(await rejection(check(toHex(0n, { size: 64 }), { threshold: 1 }))).toEqual({
      errorName: 'InvalidSignature',
      args: [0n],
    })
  })
})

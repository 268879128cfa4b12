import { keccak256, stringToHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { MalformedReceiptError } from './MalformedReceiptError.ts'
import { decodeReceipt, encodeReceipt } from './publishedReceipt.ts'

const receipt = {
  swarm: keccak256(stringToHex('swarm')),
  contributor: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
  totalUnits: 640n,
  deadline: 1_767_225_600n,
} as const
const signatures = `0x${'11'.repeat(64)}` as const

describe('published receipts', () => {
  test('round-trip through JSON', () => {
    const wire = JSON.parse(JSON.stringify(encodeReceipt({ receipt, signatures })))
    expect(wire.totalUnits).toBe('640')
    expect(decodeReceipt(wire)).toEqual({ receipt, signatures })
  })

  test('refuse anything else with the field at fault', () => {
    const good = encodeReceipt({ receipt, signatures })
    const cases: [unknown, RegExp][] = [
      ['text', /not an object/],
      [{ ...good, swarm: '0x1234' }, /swarm/],
      [{ ...good, contributor: 'alice' }, /contributor/],
      [{ ...good, totalUnits: 640 }, /totalUnits/],
      [{ ...good, totalUnits: '-1' }, /totalUnits/],
      [{ ...good, totalUnits: '007' }, /totalUnits/],
      [{ ...good, deadline: (2n ** 256n).toString() }, /deadline exceeds/],
      [{ ...good, signatures: `0x${'11'.repeat(64 * 256)}` }, /signatures/],
      [{ ...good, signatures: 'zz' }, /signatures/],
    ]
    for (const [value, message] of cases) {
      expect(() => decodeReceipt(value)).toThrow(MalformedReceiptError)
      expect(() => decodeReceipt(value)).toThrow(message)
    }
  })
})

import { describe, expect, test } from 'vitest'
import { deadlineIsStale, receiptDeadline } from './receiptDeadline.ts'

const hour = 3_600n
const day = 86_400n

describe('receipt deadlines', () => {
  test('are seven days after the next full hour, so validators signing in the same hour agree', () => {
    expect(receiptDeadline(100n * hour)).toBe(100n * hour + 7n * day)
    expect(receiptDeadline(100n * hour + 1n)).toBe(101n * hour + 7n * day)
    expect(receiptDeadline(100n * hour + 1n)).toBe(receiptDeadline(101n * hour))
  })

  test('are refreshed once a day while units stand still', () => {
    const signedAt = 100n * hour + 5n
    const deadline = receiptDeadline(signedAt)
    expect(deadlineIsStale(deadline, signedAt)).toBe(false)
    expect(deadlineIsStale(deadline, signedAt + day)).toBe(false)
    expect(deadlineIsStale(deadline, signedAt + day + hour)).toBe(true)
  })
})

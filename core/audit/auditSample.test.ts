import { keccak256, toHex } from 'viem'
import { describe, expect, test } from 'vitest'
import { auditedContributors, isAudited } from './auditSample.ts'

const peers = Array.from({ length: 200 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
const hashOf = (n: number) => keccak256(toHex(`version ${n}`))

describe('isAudited', () => {
  test("a key's probation contributions are always audited, later ones at the rate", () => {
    const rules = { auditRate: 0.5, probationRounds: 3 }
    for (const peer of peers.slice(0, 20))
      for (const index of [0, 1, 2]) expect(isAudited({ hash: hashOf(1) }, peer, index, rules)).toBe(true)
    const drawn = peers.flatMap((peer) =>
      Array.from({ length: 50 }, (_, n) => isAudited({ hash: hashOf(n) }, peer, 3, rules)),
    )
    const share = drawn.filter(Boolean).length / drawn.length
    // 10,000 draws: the binomial's standard deviation is 0.005.
    expect(share).toBeGreaterThan(0.48)
    expect(share).toBeLessThan(0.52)
  })

  test('rate 0 audits only probation, rate 1 everything', () => {
    expect(isAudited({ hash: hashOf(1) }, peers[0]!, 5, { auditRate: 0, probationRounds: 3 })).toBe(false)
    expect(isAudited({ hash: hashOf(1) }, peers[0]!, 5, { auditRate: 1, probationRounds: 0 })).toBe(true)
  })

  test('the same version and peer always draw the same; another hash draws anew', () => {
    const rules = { auditRate: 0.5, probationRounds: 0 }
    const first = peers.map((peer) => isAudited({ hash: hashOf(7) }, peer, 9, rules))
    expect(peers.map((peer) => isAudited({ hash: hashOf(7) }, peer, 9, rules))).toEqual(first)
    expect(peers.map((peer) => isAudited({ hash: hashOf(8) }, peer, 9, rules))).not.toEqual(first)
  })
})

describe('auditedContributors', () => {
  test('counts only contributions to earlier versions, whatever else the doc holds', () => {
    const [a, b] = peers as [string, string]
    const rules = { auditRate: 0, probationRounds: 2 }
    const versions = [1, 2, 3, 4].map((version) => ({
      version,
      hash: hashOf(version),
      contributors: version === 1 ? [a] : [a, b],
    }))
    // a contributed to 1 and 2 before 3: past probation; b only to 2.
    expect(auditedContributors(versions, versions[2]!, rules)).toEqual([b])
    expect(auditedContributors(versions.slice(0, 3).reverse(), versions[2]!, rules)).toEqual([b])
    expect(auditedContributors(versions, versions[1]!, rules)).toEqual([a, b])
    expect(auditedContributors(versions, versions[3]!, rules)).toEqual([])
  })
})

describe('maxUnaudited', () => {
  const rules = { auditRate: 0.5, probationRounds: 3, maxUnaudited: 2 }
  const chain = Array.from({ length: 400 }, (_, i) => ({ version: i + 1, hash: hashOf(i + 1), contributors: [] }))

  test.each(peers.slice(0, 20).map((peer, i) => [i, peer]))(
    'peer %i in every round: never more than two unaudited in a row, and about 4/7 audited',
    (_, peer) => {
      const versions = chain.map((v) => ({ ...v, contributors: [peer] }))
      const audited = versions.map((v) => auditedContributors(versions, v, rules).includes(peer))
      expect(audited.slice(0, 3)).toEqual([true, true, true])
      const runs = audited
        .join('')
        .split('true')
        .map((gap) => gap.split('false').length - 1)
      expect(Math.max(...runs)).toBeLessThanOrEqual(2)
      expect(Math.max(...runs)).toBe(2) // the limit did bind
      const share = audited.filter(Boolean).length / audited.length
      // Gaps of 0, 1 or 2 unaudited with probabilities ½, ¼, ¼: 4/7 audited. 400 draws: σ ≈ 0.025.
      expect(share).toBeGreaterThan(4 / 7 - 0.1)
      expect(share).toBeLessThan(4 / 7 + 0.1)
    },
  )

  test('without a limit, or at rate 0, nothing is forced', () => {
    const [peer] = peers as [string]
    const versions = chain.map((v) => ({ ...v, contributors: [peer] }))
    const free = versions.map((v) => auditedContributors(versions, v, { auditRate: 0.5, probationRounds: 3 }).length)
    expect(free.join('')).toMatch(/000/)
    const none = versions.map((v) => auditedContributors(versions, v, { ...rules, auditRate: 0 }).length)
    expect(none.slice(3).every((n) => n === 0)).toBe(true)
  })
})

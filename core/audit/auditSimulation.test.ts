// Issue 14's audits in the seeded simulation: a swarm with churn, one validator auditing at the default rules
// (rate 0.5, every probation contribution), and a hostile peer that commits to a wrong gradient from its first
// contribution (each committed attack kind). The validator refutes it on its first contribution and bans it from
// there; no honest peer that is still in the swarm is ever banned; the honest replicas end on one hash. Peers that
// churn away right after a drawn version leave it unanswered and are banned too: that costs only their departed key.
import { describe, expect, test } from 'vitest'
import type { Attack } from '../adversary/createAdversaryReducer.ts'
import { rewardRulesOf } from '../rewards/rewardRules.ts'
import { runSwarmSimulation } from '../testing/runSwarmSimulation.ts'

const rules = rewardRulesOf({})
const attacks: Attack[] = [
  { kind: 'zeros' },
  { kind: 'scale', scale: 10 },
  { kind: 'signflip' },
  { kind: 'noise', scale: 1 },
]

describe.each(attacks)('audits against $kind', (attack) => {
  test.each(['amber', 'cedar'])(
    'seed %s: banned on its first contribution, no live honest peer banned',
    async (seed) => {
      const run = await runSwarmSimulation({
        seed: `${seed}/audits/${attack.kind}`,
        lastVersion: 30,
        aggregator: 'centered-clip',
        adversary: attack,
        audits: rules,
      })
      const adversary = run.adversary!
      const { verdicts, bans } = run.audits!
      const contributed = run.versions.filter((v) => v.contributors.includes(adversary)).map((v) => v.version)
      expect(contributed.length).toBeGreaterThan(0)
      const refuted = verdicts.find((v) => v.peer === adversary && v.outcome === 'refuted')
      expect(refuted?.version).toBe(contributed[0])
      expect(bans.some((ban) => ban.peer === adversary)).toBe(true)
      // Banned from the round after next: at most the two rounds already open then still name it.
      expect(contributed.length).toBeLessThanOrEqual(4)
      expect(bans.filter((ban) => ban.peer !== adversary && ban.live)).toEqual([])
      expect(verdicts.filter((v) => v.peer !== adversary && v.outcome === 'refuted')).toEqual([])
      expect(verdicts.filter((v) => v.outcome === 'verified').length).toBeGreaterThan(10)
      expect(run.divergent).toEqual([])
      expect(run.versions.at(-1)!.version).toBe(30)
    },
  )
})

import { expect, test } from '@playwright/test'
import type { AuditVerdict } from '../core/audit/createAuditor.ts'
import { formatAttack } from '../core/adversary/parseAttack.ts'
import type { Attack } from '../core/adversary/createAdversaryReducer.ts'
import { demoManifest } from '../core/manifest/demoManifest.ts'
import { launchOne, launchVolunteers, type VolunteerNode } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { shortId } from '../web/src/format/shortId.ts'
import { startStack } from '../stack/startStack.ts'
import { paceOf } from './paceOf.ts'

/** Browser start, model and dataset load, WebRTC links: not training speed, so fixed and generous. */
const startup = (what: string) => ({ timeoutMs: 180_000, stallMs: 180_000, what })
/** A page opened mid-run loads its model and dataset and syncs before its first round. */
const lateStartMs = 60_000

/** Polls an asynchronous condition (the validator's HTTP routes, a page's snapshot) until it holds. */
async function eventually(condition: () => Promise<boolean>, { timeoutMs, what }: { timeoutMs: number; what: string }) {
  const end = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

// Issue 14's audits in real browsers, on a swarm with rewards and the default rules (audit rate 0.5, probation 3,
// window 4): three honest volunteers train; then a volunteer joins that commits to zeros. Commitments cannot catch it
// (it sends exactly what it committed to) and the robust aggregator only bounds it; the validator's audit does. A
// key's probation contributions are all audited, so it is refuted on its first contribution, banned (its page
// stops, status `banned`), and never counted again, while every audit of an honest member verifies and the honest
// three end on one hash. The proposer's dashboard shows the refuted verdict with its reason in its Audits panel,
// read from the validator's endpoint in the doc. (Each attack kind is refuted alike in
// core/audit/createAuditor.test.ts; bad uploads and late answers are unit-tested there too.)
const title = 'a volunteer that commits to a wrong gradient is refuted by the audit and banned; the honest train on'
test(title, async () => {
  test.setTimeout(12 * 60_000)
  const stack = await startStack({
    build: false,
    manifest: demoManifest({ name: 'audits e2e', nonce: 'audits' }),
    chain: true,
  })
  const validatorUrl = stack.chain!.validators[0]!.url
  const audits = async () =>
    (await (await fetch(`${validatorUrl}/swarms/${stack.swarmId}/audits`)).json()) as {
      open: unknown[]
      verdicts: AuditVerdict[]
    }
  const watch = watchSwarm({ count: 3, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const options = {
    url: stack.volunteerUrl(),
    backends: ['wasm', 'wasm', 'wasm'] as const,
    minPeers: 3,
    onEvent: watch.onEvent,
    onProblem: (i: number, text: string) => console.log(`node ${i}: ${text}`),
  }
  const volunteers = await launchVolunteers(options)
  const nodes: VolunteerNode[] = [...volunteers.nodes]
  /** The dashboard, in its own context (WebRTC to the volunteers), lists the verdict and its reason under Audits. */
  const expectOnDashboard = async (verdict: AuditVerdict) => {
    const context = await volunteers.browser.newContext()
    try {
      const dashboard = await context.newPage()
      await dashboard.goto(`${stack.webUrl}/#/swarm/${stack.swarmId}/dashboard`)
      const panel = dashboard.getByTestId('audits-panel')
      await expect(panel.getByRole('heading', { name: 'Audits' })).toBeVisible({ timeout: lateStartMs })
      const listed = panel.getByTestId('audits-against').locator('li', { hasText: `refuted: ${verdict.reason}` })
      await expect(listed.first()).toContainText(`v${verdict.version} ${shortId(verdict.peer)}`, {
        timeout: lateStartMs,
      })
      expect(Number(await panel.getByTestId('audits-refuted').textContent())).toBeGreaterThanOrEqual(1)
      expect(Number(await panel.getByTestId('audits-verified').textContent())).toBeGreaterThanOrEqual(1)
      console.log(`dashboard: ${(await listed.first().textContent())?.trim()}`)
    } finally {
      await context.close()
    }
  }
  try {
    await watch.until(() => watch.minVersion >= 2, startup('version 2 on three volunteers'))
    const pace = await paceOf(watch)
    const honest = await Promise.all(nodes.map(async (node) => (await node.snapshot()).peer!))

    const attacks: Attack[] = [{ kind: 'zeros' }]
    const atBan: number[] = []
    for (const [i, attack] of attacks.entries()) {
      const adversary = await launchOne(volunteers.browser, 3 + i, 'wasm', options)
      nodes.push(adversary)
      const attackedAt = await adversary.setAttack(attack)
      // Hostile before its first contribution: every one it makes is wrong, and its first is a probation audit.
      expect(attackedAt.contributed).toBe(0)
      let peer = ''
      await eventually(async () => Boolean((peer = (await adversary.snapshot()).peer ?? '')), {
        timeoutMs: lateStartMs,
        what: `node ${3 + i} to join`,
      })
      console.log(`node ${3 + i} (${peer}) attacks with ${formatAttack(attack)}`)
      const refuted = async () => (await audits()).verdicts.find((v) => v.peer === peer && v.outcome === 'refuted')
      await eventually(async () => (await refuted()) !== undefined, pace.wait(20, `the audit of ${peer}`, lateStartMs))
      const verdict = (await refuted())!
      expect(verdict.error).toBeGreaterThan(0.5)
      await expectOnDashboard(verdict)
      await eventually(
        async () => (await adversary.snapshot()).status === 'banned',
        pace.wait(10, `${peer} to stop as banned`),
      )
      atBan.push((await adversary.snapshot()).contributed)
      // A banned node trains no more: the swarm's progress is the honest three's.
      watch.retire(adversary.index)
    }

    const target = watch.maxVersion + 4
    await Promise.all(nodes.slice(0, 3).map((node) => node.setStopAt(target)))
    await watch.until(() => watch.minVersion >= target, pace.wait(20, `version ${target} on the honest three`))
    const ended = await Promise.all(nodes.slice(0, 3).map((node) => node.snapshot()))
    expect(new Set(ended.map((s) => s.hash)).size).toBe(1)
    const { verdicts } = await audits()
    const adversaries = new Set(await Promise.all(nodes.slice(3).map(async (node) => (await node.snapshot()).peer!)))
    // Every settled audit of an honest member verified; each adversary was refuted and never verified.
    const ofHonest = verdicts.filter((v) => honest.includes(v.peer))
    expect(ofHonest.length).toBeGreaterThan(0)
    expect(ofHonest.filter((v) => v.outcome !== 'verified')).toEqual([])
    for (const peer of adversaries) {
      const theirs = verdicts.filter((v) => v.peer === peer)
      expect(theirs.some((v) => v.outcome === 'refuted')).toBe(true)
      expect(theirs.some((v) => v.outcome === 'verified')).toBe(false)
    }
    // Once banned, neither contributed again.
    for (const [i, node] of nodes.slice(3).entries()) expect((await node.snapshot()).contributed).toBe(atBan[i])
    console.log(JSON.stringify({ target, verdicts: verdicts.length, refuted: [...adversaries].length }))
  } finally {
    await volunteers.close()
    await stack.stop()
  }
})

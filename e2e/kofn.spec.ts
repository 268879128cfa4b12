import type { AuditVerdict } from '../core/audit/createAuditor.ts'
import { expect, test } from '@playwright/test'
import { type Address, createPublicClient, decodeFunctionData, erc20Abi, formatUnits, http, size } from 'viem'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { decodeReceipt } from '../core/rewards/publishedReceipt.ts'
import { rewardRulesOf } from '../core/rewards/rewardRules.ts'
import { launchVolunteers, type VolunteerNode, type Volunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { type Stack, startStack } from '../stack/startStack.ts'
import { paceOf } from './paceOf.ts'

// Issue 14's acceptance test: the stack's demo swarm with three validators (anvil's #1..#3, a process each) and a
// threshold of two. Two headless volunteers train; while they do, the first one's rewards panel says where its
// receipt stands. Once they stop, every validator signs the same total, which is what the volunteer's contributions
// earn under the manifest's rules; the page assembles two of those signatures from the doc and claims through the
// relay (its generated wallet holds no ether). The chain pays exactly units × rate, once.
const title = 'a 2-of-3 swarm is claimed from the volunteer page: two validators’ signatures, paid units × rate once'
test(title, async ({}, testInfo) => {
  test.setTimeout(6 * 60_000)
  const stack = await startStack({ build: false, chain: { validators: 3, threshold: 2 } })
  let volunteers: Volunteers | undefined
  try {
    await claimFromThePage(stack, (launched) => (volunteers = launched), testInfo.outputPath('kofn.png'))
  } finally {
    // Whatever failed, nothing this test started outlives it (a validator left behind keeps auditing).
    await volunteers?.close()
    await stack.stop()
  }
})

async function claimFromThePage(stack: Stack, launched: (volunteers: Volunteers) => void, screenshot: string) {
  const chain = stack.chain!
  const rewards = stack.manifest.rewards!
  const { auditWindow, probationRounds } = rewardRulesOf(rewards)
  const batchSize = stack.manifest.training.batchSize
  const rate = BigInt(rewards.rewardPerUnit)
  expect(rewards.validators).toEqual(chain.validators.map(({ address }) => address))
  expect(rewards.threshold).toBe(2)
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const balanceOf = (owner: Address) =>
    client.readContract({ address: chain.token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] })
  const watch = watchSwarm({ count: 2, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const volunteers = await launchVolunteers({
    url: stack.volunteerUrl(),
    backends: ['wasm', 'wasm'],
    minPeers: 2,
    onEvent: watch.onEvent,
  })
  launched(volunteers)
  const [node, other] = volunteers.nodes as [VolunteerNode, VolunteerNode]
  // Browser start, model and dataset load: not training speed, so a fixed, generous ceiling.
  await watch.until(() => watch.minVersion >= 1, { timeoutMs: 120_000, stallMs: 120_000, what: 'version 1' })
  const pace = await paceOf(watch, 3)
  const payee = (await node.page.getByTestId('wallet-address').textContent()) as Address
  /** Each validator's newest receipt for the payee, as it serves it (GET …/receipts/<payee>). */
  const newestReceipts = () =>
    Promise.all(
      chain.validators.map(async ({ url }) => {
        const response = await fetch(`${url}/swarms/${stack.swarmId}/receipts/${payee}`)
        return response.ok ? decodeReceipt(await response.json()).receipt : undefined
      }),
    )
  const target = Math.max(watch.maxVersion + 24, auditWindow + probationRounds + 6)
  await Promise.all([node.setStopAt(target), other.setStopAt(target)])
  // What the panel says while validators sign a moment apart: a figure, not asserted (it depends on timing), so
  // sampled at a fixed rate rather than one derived from the pace.
  const statuses: string[] = []
  // And whether at least two validators' newest receipts (what each serves over HTTP) were the same receipt.
  const agreeing: boolean[] = []
  const sampling = (async () => {
    while (watch.minVersion < target) {
      const text = await node.page
        .getByTestId('receipt-status')
        .textContent({ timeout: 1_000 })
        .catch(() => null)
      statuses.push(text ?? '')
      const counts = new Map<string, number>()
      for (const one of await newestReceipts())
        if (one)
          counts.set(`${one.totalUnits}:${one.deadline}`, (counts.get(`${one.totalUnits}:${one.deadline}`) ?? 0) + 1)
      if (counts.size > 0) agreeing.push(Math.max(...counts.values()) >= 2)
      await node.page.waitForTimeout(100)
    }
  })()
  await watch.until(() => watch.minVersion >= target, pace.wait(target - watch.minVersion, `version ${target}`))
  await sampling
  // A member may commit one more version before it learns where to stop: stopped once both report `done`.
  await expect
    .poll(async () => [(await node.snapshot()).status, (await other.snapshot()).status], { timeout: 30_000 })
    .toEqual(['done', 'done'])
  const final = Math.max(...[...watch.history.values()].flatMap((versions) => versions.map((v) => v.version)))
  // What the rules pay the first volunteer: its contributions at least the audit window behind the last version
  // and no later than its latest verified audit, less its probation (core/rewards/unitsByPeer.ts). Every validator
  // draws the same audits (from the versions' hashes), so each one's latest verified version is the same once its
  // audits have settled.
  const { peer } = await node.snapshot()
  const verifiedThrough = await Promise.all(
    chain.validators.map(async ({ url }) => {
      const audits = async () =>
        (await (await fetch(`${url}/swarms/${stack.swarmId}/audits`)).json()) as {
          open: unknown[]
          verdicts: AuditVerdict[]
        }
      await expect.poll(async () => (await audits()).open.length, { timeout: 60_000 }).toBe(0)
      const verified = (await audits()).verdicts.filter((v) => v.peer === peer && v.outcome === 'verified')
      return Math.max(-1, ...verified.map((v) => v.version))
    }),
  )
  expect(new Set(verifiedThrough).size).toBe(1)
  const paidThrough = Math.min(final - auditWindow, verifiedThrough[0]!)
  const contributions = (watch.history.get(0) ?? []).filter((v) => v.contributed && v.version <= paidThrough)
  const units = BigInt(Math.max(0, contributions.length - probationRounds) * batchSize)
  expect(units).toBeGreaterThan(0n)
  expect(await client.getBalance({ address: payee })).toBe(0n)

  // Every validator, on its own, signs that total once it has read the last version.
  const totals = async () => (await newestReceipts()).map((receipt) => receipt?.totalUnits)
  await expect.poll(totals, { timeout: 60_000 }).toEqual([units, units, units])
  const earned = units * rate
  await expect(node.page.getByTestId('rewards-unclaimed')).toHaveText(`${formatUnits(earned, 18)} STAR`, {
    timeout: 30_000,
  })
  // Three, or two if one signed across an hour boundary (another deadline): two is the threshold either way.
  await expect(node.page.getByTestId('receipt-status')).toHaveText(
    new RegExp(`^${units} units signed by [23] validators \\(2 needed\\)\\.$`),
  )
  const before = await balanceOf(payee)
  await node.page.getByRole('button', { name: 'Claim' }).click()
  await expect(node.page.getByTestId('claim-outcome')).toHaveText(/^Claimed .* STAR, sent for you by the validator/, {
    timeout: 30_000,
  })
  expect((await balanceOf(payee)) - before).toBe(earned)
  await expect(node.page.getByTestId('rewards-claimed')).toHaveText(`${formatUnits(earned, 18)} STAR`)
  expect(
    await client.readContract({
      address: chain.rewards,
      abi: rewardsAbi,
      functionName: 'paidUnits',
      args: [stack.swarmId, payee],
    }),
  ).toBe(units)
  // One claim, sent by the relay (validator #1), carrying exactly the threshold of signatures.
  const claims = await client.getContractEvents({
    address: chain.rewards,
    abi: rewardsAbi,
    eventName: 'Claimed',
    args: { swarm: stack.swarmId },
    fromBlock: 'earliest',
  })
  expect(claims.map(({ args }) => [args.contributor, args.amount])).toEqual([[payee, earned]])
  const sent = await client.getTransaction({ hash: claims[0]!.transactionHash })
  expect(sent.from.toLowerCase()).toBe(chain.validator.toLowerCase())
  const { args } = decodeFunctionData({ abi: rewardsAbi, data: sent.input })
  expect(size(args[4] as `0x${string}`)).toBe(2 * 64)

  await node.page.getByRole('button', { name: 'Claim' }).click()
  await expect(node.page.getByTestId('claim-outcome')).toHaveText(
    `Nothing to claim: ${payee} has already been paid up to ${units} units, and this receipt covers ${units}.`,
    { timeout: 30_000 },
  )
  expect((await balanceOf(payee)) - before).toBe(earned)
  await node.page.screenshot({ path: screenshot, fullPage: true })
  const count = (pattern: RegExp) => statuses.filter((text) => pattern.test(text)).length
  console.log(
    JSON.stringify({
      versions: final,
      units: Number(units),
      paid: earned.toString(),
      // While training ran: claimable at the newest total any validator signed, claimable at an older one (the
      // others had not caught up), no total enough of them shared yet, no receipt at all.
      statusSamples: {
        newest: count(/\(2 needed\)\.$/),
        behind: count(/so far/),
        waiting: count(/waits until/),
        none: count(/^No validator/),
        absent: count(/^$/),
        validatorsAgreeing: `${agreeing.filter(Boolean).length} of ${agreeing.length}`,
      },
      problems: watch.problems.length,
    }),
  )
}

import { expect, type Page, test } from '@playwright/test'
import {
  type Address,
  createPublicClient,
  createWalletClient,
  erc20Abi,
  formatUnits,
  type Hex,
  http,
  parseAbi,
} from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import type { AuditVerdict } from '../core/audit/createAuditor.ts'
import { defaultAuditWindow, defaultProbationRounds } from '../core/rewards/rewardRules.ts'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { launchChromium } from '../nodes/launchChromium.ts'
import { launchVolunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { demoChainAccount } from '../stack/startDemoChain.ts'
import { type StackChain, startStack } from '../stack/startStack.ts'
import { paceOf } from './paceOf.ts'

// Issue 5's acceptance test, on a swarm a proposer launched with rewards through the launch page (issue 6): the
// proposer's browser wallet approves, creates and funds the swarm on chain; the stack's validator, which follows
// the rewards contract, adopts it. A headless volunteer trains on it, then claims through the rewards panel on
// the volunteer page. Its wallet is the one the page generated, holding no ether, so the validator relays the
// claim. The token balance rises by exactly units × rate; a second claim with the same receipt pays nothing and
// the page says why.
const rate = 10n ** 12n
const deposit = 10n ** 21n

const title = 'a volunteer of a swarm launched with rewards is paid exactly units × rate for its rounds, once'
test(title, async ({}, testInfo) => {
  test.setTimeout(4 * 60_000)
  const stack = await startStack({ build: false, chain: true })
  const chain = stack.chain!
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const balanceOf = (owner: Address) =>
    client.readContract({ address: chain.token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] })
  const browser = await launchChromium()
  const proposer = await launchRewardedSwarm(await browser.newPage(), stack.webUrl, chain)
  await proposer.page.screenshot({ path: testInfo.outputPath('rewarded-launch.png'), fullPage: true })
  const watch = watchSwarm({ count: 1, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const volunteers = await launchVolunteers({
    url: `${stack.webUrl}/#/swarm/${proposer.swarmId}`,
    backends: ['wasm'],
    minPeers: 1,
    browser,
    onEvent: watch.onEvent,
  })
  const node = volunteers.nodes[0]!
  const audits = async () =>
    (await (await fetch(`${chain.validators[0]!.url}/swarms/${proposer.swarmId}/audits`)).json()) as {
      open: unknown[]
      verdicts: AuditVerdict[]
    }
  try {
    // Browser start, model and dataset load: not training speed, so a fixed, generous ceiling.
    await watch.until(() => watch.minVersion >= 1, { timeoutMs: 120_000, stallMs: 120_000, what: 'version 1' })
    const pace = await paceOf(watch, 3)
    // Enough versions that some are paid: a key's first contributions are its probation, and the last few wait
    // out the audit window (core/rewards/rewardRules.ts; the launch form writes none, so the defaults apply).
    // Units wait for the volunteer's next verified audit (drawn at the default rate), so training goes on until one
    // past these has verified.
    const verifiedPast = defaultAuditWindow + defaultProbationRounds + 3
    await expect
      .poll(async () => (await audits()).verdicts.some((v) => v.outcome === 'verified' && v.version >= verifiedPast), {
        timeout: 60_000,
      })
      .toBe(true)
    const target = watch.maxVersion + 1
    await node.setStopAt(target)
    await watch.until(() => watch.minVersion >= target, pace.wait(2, `version ${target}`))
    // The node may commit one more version before it learns where to stop; a version that holds for 15 rounds'
    // time (at least a second; rounds take ≈ 60 ms here) means training has stopped.
    const holdMs = Math.max(1_000, Math.ceil(15 * pace.msPerVersion))
    let last = await node.snapshot()
    await expect
      .poll(
        async () => {
          const now = await node.snapshot()
          const stopped = now.version === last.version
          last = now
          return stopped
        },
        { intervals: [holdMs], timeout: 30 * holdMs },
      )
      .toBe(true)
    const { contributed, version } = last
    console.log(`stopped at version ${version} (${last.status})`)
    // Stopped, even when its last report was never committed (a stopped member no longer leads).
    await expect.poll(async () => (await node.snapshot()).status, { timeout: 10_000 }).toBe('done')
    expect(contributed).toBe(version * proposer.batchSize) // alone, it trained every round
    const payee = (await node.page.getByTestId('wallet-address').textContent()) as Address
    expect(await client.getBalance({ address: payee })).toBe(0n)

    // The panel shows the receipt once the validator signed every payable sample: contributions after the
    // probation, in versions at least the audit window behind the latest, up to the volunteer's latest verified
    // audit (with the default audit rate, an unaudited tail waits for the next audit, and this one has stopped).
    await expect.poll(async () => (await audits()).open.length, { timeout: 60_000 }).toBe(0)
    const { verdicts } = await audits()
    expect(verdicts.filter((v) => v.outcome !== 'verified')).toEqual([])
    const verifiedThrough = Math.max(...verdicts.map((v) => v.version))
    const paid = (Math.min(version - defaultAuditWindow, verifiedThrough) - defaultProbationRounds) * proposer.batchSize
    console.log(`audits verified ${verdicts.length} contributions, the latest at version ${verifiedThrough}`)
    const earned = BigInt(paid) * rate
    await expect(node.page.getByTestId('rewards-unclaimed')).toHaveText(`${formatUnits(earned, 18)} STAR`, {
      timeout: 30_000,
    })
    const before = await balanceOf(payee)
    await node.page.getByRole('button', { name: 'Claim' }).click()
    await expect(node.page.getByTestId('claim-outcome')).toHaveText(/^Claimed .* STAR, sent for you by the validator/, {
      timeout: 30_000,
    })
    const after = await balanceOf(payee)
    expect(after - before).toBe(earned)
    await expect(node.page.getByTestId('rewards-claimed')).toHaveText(`${formatUnits(earned, 18)} STAR`)

    await node.page.getByRole('button', { name: 'Claim' }).click()
    await expect(node.page.getByTestId('claim-outcome')).toHaveText(
      `Nothing to claim: ${payee} has already been paid up to ${paid} units, and this receipt covers ${paid}.`,
      { timeout: 30_000 },
    )
    expect(await balanceOf(payee)).toBe(after)
    await node.page.screenshot({ path: testInfo.outputPath('rewards.png'), fullPage: true })
    // The proposer's dashboard shows the escrow the claim drew on.
    await expect(proposer.page.getByTestId('rewards-paid')).toHaveText(earned.toLocaleString('en-US'), {
      timeout: 30_000,
    })
    await expect(proposer.page.getByTestId('escrow-left')).toHaveText((deposit - earned).toLocaleString('en-US'))
    console.log(
      JSON.stringify({
        versions: version,
        units: paid,
        paid: after.toString(),
        problems: watch.problems.length,
      }),
    )
  } finally {
    await volunteers.close()
    await browser.close()
    await stack.stop()
  }
})

// Issue 15: someone reads the launch form's manifest (the registry serves it to anyone) and creates its swarm id on
// chain first, with its own rate and claim window, as its own proposer. The launch page says the id is taken and
// sends nothing; the dashboard and the volunteer page of that id name the terms that differ and offer no claim; a
// fresh nonce gives a new id, which launches and is funded as usual.
const squatTitle = 'a swarm id someone else created first is refused in words, and a fresh nonce launches a new swarm'
test(squatTitle, async ({}, testInfo) => {
  test.setTimeout(3 * 60_000)
  const stack = await startStack({ build: false, chain: true })
  const chain = stack.chain!
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const { wallet } = await fundProposer(page, chain)
    const squatted = await fillRewardedLaunchForm(page, stack.webUrl, chain)
    // anvil's account #2 (unlocked, funded): any account with ether can call createSwarm.
    const squatter = demoChainAccount(2)
    const client = createPublicClient({ transport: http(chain.rpcUrl) })
    const created = await createWalletClient({ account: squatter, transport: http(chain.rpcUrl) }).writeContract({
      chain: null,
      address: chain.rewards,
      abi: rewardsAbi,
      functionName: 'createSwarm',
      args: [squatted.swarmId, chain.token, rate * 1000n, [chain.validator], 1n, 0],
    })
    await client.waitForTransactionReceipt({ hash: created })

    await page.getByRole('button', { name: 'Launch swarm' }).click()
    await expect(page.getByTestId('launch-error')).toHaveText(
      `Swarm id ${squatted.swarmId} is already taken on chain: someone created it first, and its on-chain terms ` +
        'differ from the manifest: proposer, rewardPerUnit, claimWindow. Nothing was sent from your wallet. ' +
        'Launch with a fresh nonce to get a new swarm id.',
      { timeout: 30_000 },
    )
    await page.screenshot({ path: testInfo.outputPath('squatted-launch.png'), fullPage: true })
    const tokens = () =>
      client.readContract({ address: chain.token, abi: erc20Abi, functionName: 'balanceOf', args: [wallet] })
    expect(await tokens()).toBe(deposit)

    // The manifest is registered, so the pages of the squatted id load it, and say the chain disagrees.
    const warning = 'On-chain terms differ from the manifest: proposer, rewardPerUnit, claimWindow'
    const dashboard = await browser.newPage()
    await dashboard.goto(`${stack.webUrl}/#/swarm/${squatted.swarmId}/dashboard`)
    await expect(dashboard.getByTestId('terms-mismatch')).toContainText(warning, { timeout: 30_000 })
    await expect(dashboard.getByTestId('escrow-left')).toHaveCount(0)
    const volunteer = await browser.newPage()
    await volunteer.goto(`${stack.webUrl}/#/swarm/${squatted.swarmId}`)
    await volunteer.getByRole('button', { name: 'Start training' }).click()
    await expect(volunteer.getByTestId('terms-mismatch')).toContainText(warning, { timeout: 30_000 })
    await expect(volunteer.getByRole('button', { name: 'Claim' })).toHaveCount(0)
    await volunteer.screenshot({ path: testInfo.outputPath('squatted-volunteer.png'), fullPage: true })
    await volunteer.close()

    await page.getByRole('button', { name: 'Use a fresh nonce (new swarm id)' }).click()
    await expect(page.getByTestId('launch-status')).toHaveText('Ready to launch.')
    const fresh = (await page.getByTestId('swarm-id').textContent())!.trim() as Hex
    expect(fresh).not.toBe(squatted.swarmId)
    await page.getByRole('button', { name: 'Launch swarm' }).click()
    await page.waitForURL(`**/#/swarm/${fresh}/dashboard`, { timeout: 60_000 })
    await expect(page.getByTestId('escrow-left')).toHaveText(deposit.toLocaleString('en-US'), { timeout: 30_000 })
    expect(await tokens()).toBe(0n)
  } finally {
    await browser.close()
    await stack.stop()
  }
})

/**
 * The proposer: a browser whose generated wallet holds ether and tokens (minted by the deployer, the demo token's
 * owner) fills the launch form with rewards on, launches, and lands on the new swarm's dashboard.
 */
async function launchRewardedSwarm(page: Page, webUrl: string, chain: StackChain) {
  const { wallet } = await fundProposer(page, chain)
  const { swarmId, manifest } = await fillRewardedLaunchForm(page, webUrl, chain)
  expect(manifest.rewards.proposer).toBe(wallet)
  await page.getByRole('button', { name: 'Launch swarm' }).click()
  await page.waitForURL(`**/#/swarm/${swarmId}/dashboard`, { timeout: 60_000 })
  await expect(page.getByTestId('escrow-left')).toHaveText(deposit.toLocaleString('en-US'), { timeout: 30_000 })
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  expect(
    await client.readContract({ address: chain.token, abi: erc20Abi, functionName: 'balanceOf', args: [wallet] }),
  ).toBe(0n)
  return { page, swarmId, batchSize: manifest.training.batchSize }
}

/** Gives the page a generated wallet with 100 ether and `deposit` tokens, before it loads. */
async function fundProposer(page: Page, chain: StackChain): Promise<{ wallet: Address }> {
  const key: Hex = generatePrivateKey()
  const wallet = privateKeyToAddress(key)
  await page.addInitScript((stored) => localStorage.setItem('starling.wallet.v1', stored), JSON.stringify({ key }))
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const deployer = createWalletClient({ account: chain.deployer, transport: http(chain.rpcUrl) })
  // 100 ether
  await deployer.request({ method: 'anvil_setBalance' as never, params: [wallet, '0x56bc75e2d63100000'] as never })
  const minted = await deployer.writeContract({
    chain: null,
    address: chain.token,
    abi: parseAbi(['function mint(address to, uint256 amount)']),
    functionName: 'mint',
    args: [wallet, deposit],
  })
  await client.waitForTransactionReceipt({ hash: minted })
  return { wallet }
}

/** Fills the launch form with rewards on at `rate`, with a `deposit`; returns the swarm id and manifest it shows. */
async function fillRewardedLaunchForm(page: Page, webUrl: string, chain: StackChain) {
  await page.goto(`${webUrl}/#/launch`)
  await page.getByLabel('Name', { exact: true }).fill('Rewarded test swarm')
  await page.getByLabel('Pay volunteers in tokens for completed rounds').check()
  await expect(page.getByLabel('Token', { exact: true })).toHaveValue(chain.token)
  await expect(page.getByLabel('Validators', { exact: true })).toHaveValue(chain.validator)
  await page.getByLabel('Rate', { exact: true }).fill(String(rate))
  await page.getByLabel('Deposit', { exact: true }).fill(String(deposit))
  await expect(page.getByTestId('launch-status')).toHaveText('Ready to launch.')
  const swarmId = (await page.getByTestId('swarm-id').textContent())!.trim() as Hex
  const manifest = JSON.parse((await page.getByTestId('manifest-json').textContent())!) as {
    training: { batchSize: number }
    rewards: { rewardPerUnit: string; validators: string[]; proposer: string; claimWindow: number }
  }
  expect(manifest.rewards).toMatchObject({
    rewardPerUnit: String(rate),
    validators: [chain.validator],
    claimWindow: 86_400,
  })
  return { swarmId, manifest }
}

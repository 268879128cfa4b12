import { expect, test } from '@playwright/test'
import { type Address, createPublicClient, erc20Abi, formatUnits, http } from 'viem'
import { launchVolunteers } from '../scripts/volunteers/launchVolunteers.ts'
import { watchSwarm } from '../scripts/volunteers/watchSwarm.ts'
import { startStack } from '../scripts/stack/startStack.ts'

// Issue 5's acceptance test: a headless volunteer trains on the demo swarm of a stack with its chain, then claims
// through the rewards panel on the volunteer page (mounted by the page's EarningsCard hook). Its wallet is the
// one the page generated, holding no ether, so the validator relays the claim. The token balance rises by
// exactly units × rate; a second claim with the same receipt pays nothing and the page says why.
test('a volunteer is paid exactly units × rate for its rounds, once', async ({}, testInfo) => {
  const stack = await startStack({ build: false, chain: true })
  const chain = stack.chain!
  const rate = BigInt(stack.manifest.rewards!.rewardPerUnit)
  const watch = watchSwarm({ count: 1, onProblem: (i, text) => console.log(`node ${i}: ${text}`) })
  const volunteers = await launchVolunteers({ url: stack.volunteerUrl(), backends: ['wasm'], minPeers: 1, onEvent: watch.onEvent })
  const node = volunteers.nodes[0]!
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const balanceOf = (owner: Address) => client.readContract({ address: chain.token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] })
  try {
    await watch.until(() => watch.minVersion >= 4, { timeoutMs: 120_000, stallMs: 60_000, what: 'version 4' })
    const target = watch.maxVersion + 1
    await node.setStopAt(target)
    await watch.until(() => watch.minVersion >= target, { timeoutMs: 60_000, stallMs: 30_000, what: `version ${target}` })
    // Rounds take ≈ 60 ms here, so the node may commit one more before it learns where to stop; a version that
    // holds for a second (≈ 15 rounds) means training has stopped.
    let last = await node.snapshot()
    await expect.poll(async () => {
      const now = await node.snapshot()
      const stopped = now.version === last.version
      last = now
      return stopped
    }, { intervals: [1_000], timeout: 30_000 }).toBe(true)
    const { contributed, version } = last
    console.log(`stopped at version ${version} (${last.status})`)
    expect(contributed).toBe(version * stack.manifest.training.batchSize) // alone, it trained every round
    const payee = (await node.page.getByTestId('wallet-address').textContent()) as Address
    expect(await client.getBalance({ address: payee })).toBe(0n)

    // The panel shows the receipt once the validator signed every contributed sample.
    const earned = BigInt(contributed) * rate
    await expect(node.page.getByTestId('rewards-unclaimed')).toHaveText(`${formatUnits(earned, 18)} STAR`, { timeout: 30_000 })
    const before = await balanceOf(payee)
    await node.page.getByRole('button', { name: 'Claim' }).click()
    await expect(node.page.getByTestId('claim-outcome')).toHaveText(/^Claimed .* STAR, sent for you by the validator/, { timeout: 30_000 })
    const after = await balanceOf(payee)
    expect(after - before).toBe(earned)
    await expect(node.page.getByTestId('rewards-claimed')).toHaveText(`${formatUnits(earned, 18)} STAR`)

    await node.page.getByRole('button', { name: 'Claim' }).click()
    await expect(node.page.getByTestId('claim-outcome')).toHaveText(`Nothing to claim: ${payee} has already been paid up to ${contributed} units, and this receipt covers ${contributed}.`, { timeout: 30_000 })
    expect(await balanceOf(payee)).toBe(after)
    await node.page.screenshot({ path: testInfo.outputPath('rewards.png'), fullPage: true })
    console.log(JSON.stringify({ versions: version, units: contributed, paid: after.toString(), problems: watch.problems.length }))
  } finally {
    await volunteers.close()
    await stack.stop()
  }
})

// Gas of claims on a local anvil: first and later single claims, claims covering 1 to 1,000 rounds, and batches of
// 10 and 100 contributors, for a 1-of-1 and a 2-of-3 validator swarm. Run: `npx tsx bench/gas.ts`.
// Prints a table, then one JSON line with every figure.
import type { Address, Hex } from 'viem'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { compilerSettings } from '../contracts/compile.ts'
import { type RewardsChain, startRewardsChain } from '../contracts/testing/startRewardsChain.ts'
import { testAddress } from '../contracts/testing/testAddress.ts'

/** One round's work for one volunteer: 64 samples. */
const unitsPerRound = 64n
/** 2100-01-01: a realistic deadline has as many non-zero bytes as this one. */
const deadline = 4_102_444_800n

type Config = { label: string; threshold: number; validatorCount: number }
const configs: readonly Config[] = [
  { label: '1-of-1', threshold: 1, validatorCount: 1 },
  { label: '2-of-3', threshold: 2, validatorCount: 3 },
]

async function measure(chain: RewardsChain, config: Config) {
  const { client, deployment } = chain
  const swarm = await chain.createSwarm({ name: `gas bench ${config.label}`, ...config })
  const gasOf = async (hash: Hex) => (await client.waitForTransactionReceipt({ hash })).gasUsed
  const claim = async (contributor: Address, totalUnits: bigint) => {
    const signatures = await chain.sign({ swarm, contributor, totalUnits, deadline }, config.threshold)
    return gasOf(
      await client.writeContract({
        address: deployment.rewards,
        abi: rewardsAbi,
        functionName: 'claim',
        args: [swarm, contributor, totalUnits, deadline, signatures],
      }),
    )
  }
  const batch = async (contributors: readonly Address[], totalUnits: bigint) => {
    const receipts = await Promise.all(
      contributors.map(async (contributor) => ({
        contributor,
        totalUnits,
        deadline,
        signatures: await chain.sign({ swarm, contributor, totalUnits, deadline }, config.threshold),
      })),
    )
    return gasOf(
      await client.writeContract({
        address: deployment.rewards,
        abi: rewardsAbi,
        functionName: 'claimBatch',
        args: [swarm, receipts],
      }),
    )
  }
  const address = (label: string) => testAddress(`${config.label} ${label}`)

  const firstClaimFreshWallet = await claim(address('fresh'), unitsPerRound)
  const laterClaim = await claim(address('fresh'), 2n * unitsPerRound)
  await chain.mint(address('holder'), 1n)
  const firstClaimTokenHolder = await claim(address('holder'), unitsPerRound)

  // The same later claim covering 1 to 1,000 rounds: only the receipt's total changes, by a few calldata bytes.
  const laterClaimByRoundsCovered: Record<string, bigint> = {}
  for (const rounds of [1n, 10n, 100n, 1000n]) {
    const contributor = address(`rounds ${rounds}`)
    await claim(contributor, unitsPerRound)
    laterClaimByRoundsCovered[String(rounds)] = await claim(contributor, unitsPerRound + rounds * unitsPerRound)
  }

  const batches: Record<
    string,
    { first: bigint; later: bigint; firstPerContributor: bigint; laterPerContributor: bigint }
  > = {}
  for (const size of [10, 100]) {
    const contributors = Array.from({ length: size }, (_, i) => address(`batch ${size} ${i}`))
    const first = await batch(contributors, unitsPerRound)
    const later = await batch(contributors, 2n * unitsPerRound)
    batches[size] = {
      first,
      later,
      firstPerContributor: first / BigInt(size),
      laterPerContributor: later / BigInt(size),
    }
  }
  return {
    firstClaimFreshWallet,
    firstClaimTokenHolder,
    laterClaim,
    laterClaimByRoundsCovered,
    batch10: batches[10],
    batch100: batches[100],
  }
}

type Result = Awaited<ReturnType<typeof measure>>
type Row = readonly [label: string, pick: (result: Result) => bigint | undefined]

const chain = await startRewardsChain()
try {
  const results: Record<string, Result> = {}
  for (const config of configs) results[config.label] = await measure(chain, config)
  const rows: readonly Row[] = [
    ['first claim, fresh wallet', (r) => r.firstClaimFreshWallet],
    ['first claim, wallet holding the token', (r) => r.firstClaimTokenHolder],
    ['later claim', (r) => r.laterClaim],
    ...['1', '10', '100', '1000'].map((k): Row => [
      `later claim covering ${k} round(s)`,
      (r) => r.laterClaimByRoundsCovered[k],
    ]),
    ['batch of 10, first claims', (r) => r.batch10?.first],
    ['  per contributor', (r) => r.batch10?.firstPerContributor],
    ['batch of 10, later claims', (r) => r.batch10?.later],
    ['  per contributor', (r) => r.batch10?.laterPerContributor],
    ['batch of 100, first claims', (r) => r.batch100?.first],
    ['  per contributor', (r) => r.batch100?.firstPerContributor],
    ['batch of 100, later claims', (r) => r.batch100?.later],
    ['  per contributor', (r) => r.batch100?.laterPerContributor],
  ]
  console.log(`${'gas used (whole transaction)'.padEnd(40)}${configs.map((c) => c.label.padStart(12)).join('')}`)
  for (const [label, pick] of rows)
    console.log(`${label.padEnd(40)}${configs.map((c) => String(pick(results[c.label]!) ?? '').padStart(12)).join('')}`)
  const { optimizer, evmVersion } = compilerSettings
  console.log(
    JSON.stringify(
      {
        bench: 'gas',
        unitsPerRound: Number(unitsPerRound),
        optimizer,
        viaIR: compilerSettings.viaIR,
        evmVersion,
        results,
      },
      (_, value) => (typeof value === 'bigint' ? Number(value) : value),
    ),
  )
} finally {
  await chain.stop()
}

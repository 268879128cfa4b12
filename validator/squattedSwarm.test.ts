// A squatter front-runs a proposer on a real anvil chain: it reads the proposer's manifest in the registry and calls
// createSwarm with that manifest's swarm id first, naming the validator among its own validators (so a following
// validator notices it) but with its own rate, claim window and proposer. The validator (the CLI in a child process:
// y-webrtc allows one doc per room per process, and this one holds the volunteers' docs) follows the contract,
// compares the chain's terms with the manifest and refuses the swarm: it signs no receipt and relays no claim for it,
// logs why and lists it on /healthz. A swarm its proposer created with the manifest's terms still gets paid.
import { type Address, getAddress, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Manifest } from '../core/manifest/Manifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { payeesMapName } from '../core/rewards/payeeRecord.ts'
import { receiptsMapName } from '../core/rewards/publishedReceipt.ts'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { rpcClient } from '../chain/rpcClient.ts'
import { createSwarm } from '../contracts/createSwarm.ts'
import { SetupTransactionError } from '../contracts/testing/startRewardsChain.ts'
import { testAddress } from '../contracts/testing/testAddress.ts'
import { signPayee } from '../core/rewards/signPayee.ts'
import { type SignalingServer } from '../signaling-server/createSignalingServer.ts'
import { registerManifest } from '../stack/registerManifest.ts'
import { type DemoChain, demoChainAccount } from '../stack/startDemoChain.ts'
import { type ValidatorChild } from '../stack/startValidatorChild.ts'
import { joinSwarmDoc, type SwarmDoc } from './joinSwarmDoc.ts'
import { createVersionWriter, testPeer } from './testing/createVersionWriter.ts'
import { eventually } from './testing/eventually.ts'
import { startValidatorStack } from './testing/startValidatorStack.ts'

let chain: DemoChain
let signaling: SignalingServer
let validator: ValidatorChild
const logs: string[] = []
const docs: SwarmDoc[] = []
/** anvil's account #2, unlocked and funded like every dev account: anyone with ether can call createSwarm. */
const squatter = demoChainAccount(2)

beforeAll(async () => {
  ;({ chain, signaling, validator } = await startValidatorStack('squatted swarm test', {
    onLine: (line) => logs.push(line),
  }))
})
afterAll(async () => {
  for (const doc of docs) doc.close()
  await validator?.stop()
  await signaling?.close()
  await chain?.stop()
})

type Health = { swarms: Hex[]; refused: { swarm: Hex; terms: string[]; message: string }[] }
const health = async () => (await (await fetch(`${validator.url}/healthz`)).json()) as Health

/** A proposer's manifest for a new swarm on the demo chain, registered (where a squatter can read it). */
async function proposed(name: string): Promise<{ manifest: Manifest; id: Hex }> {
  const manifest = { ...chain.manifest, name }
  await registerManifest(signaling.httpUrl, manifest)
  return { manifest, id: swarmIdOf(manifest) }
}
/** createSwarm from `account` with these terms; the deposit is minted by the token's owner, the deployer. */
const create = (
  account: Address,
  id: Hex,
  terms: { validators: Address[]; rewardPerUnit: bigint; claimWindow: number },
) =>
  createSwarm({
    rpcUrl: chain.rpcUrl,
    pollingInterval: chain.pollingInterval,
    chainId: chain.chainId,
    account,
    rewards: chain.rewards,
    token: chain.token,
    swarm: { id, threshold: 1, mintDeposit: false, ...terms },
  })
/** A Node peer in the swarm's doc that trains three versions and names `payee` for its units. */
async function trainThreeVersions(id: Hex, label: string, payee: Address): Promise<SwarmDoc> {
  const swarm = joinSwarmDoc({ swarmId: id, signalingUrl: signaling.url, iceServers: [] })
  docs.push(swarm)
  const peer = testPeer(label)
  swarm.doc.getMap(payeesMapName).set(peer.id, await signPayee({ account: peer.account, swarmId: id, payee }))
  const writer = createVersionWriter(swarm.doc, id)
  for (let version = 1; version <= 3; version++) writer.commit([peer])
  return swarm
}

describe('a swarm id created on chain first by someone else, with terms of its own', () => {
  const payee = testAddress('squatted swarm payee')
  let squatted: { manifest: Manifest; id: Hex }
  let squattedDoc: SwarmDoc

  test('is refused: logged, listed on /healthz, and answered 409 for receipts and relays', async () => {
    squatted = await proposed('squatted by someone else')
    const terms = squatted.manifest.rewards!
    await create(squatter.address, squatted.id, {
      validators: [...terms.validators, testAddress('the squatter’s own validator')],
      rewardPerUnit: BigInt(terms.rewardPerUnit) * 1000n,
      claimWindow: 0,
    })
    // The proposer, a moment late, can no longer create its own swarm under that id.
    const late = await create(chain.deployer, squatted.id, {
      validators: terms.validators,
      rewardPerUnit: BigInt(terms.rewardPerUnit),
      claimWindow: terms.claimWindow,
    }).catch((error: unknown) => error)
    expect(late).toBeInstanceOf(SetupTransactionError)
    expect((late as SetupTransactionError).message).toContain(`A swarm with id ${squatted.id} already exists.`)

    const refusal = await eventually(
      async () => (await health()).refused.find((one) => one.swarm === squatted.id),
      'the squatted swarm among the refused ones',
    )
    expect(refusal).toEqual({
      swarm: squatted.id,
      terms: ['proposer', 'rewardPerUnit', 'validators', 'claimWindow'],
      message: 'On-chain terms differ from the manifest: proposer, rewardPerUnit, validators, claimWindow.',
    })
    expect((await health()).swarms).not.toContain(squatted.id)
    expect(logs.join('\n')).toContain(
      `validator: not validating new swarm ${squatted.id}: On-chain terms differ from the manifest: ` +
        'proposer, rewardPerUnit, validators, claimWindow.\n' +
        `- proposer: manifest ${getAddress(chain.deployer)}, on chain ${squatter.address}`,
    )

    const receipt = await fetch(`${validator.url}/swarms/${squatted.id}/receipts/${payee}`)
    expect(receipt.status).toBe(409)
    expect(await receipt.json()).toMatchObject({ error: 'OnChainTermsMismatchError' })
    const relay = await fetch(`${validator.url}/swarms/${squatted.id}/relay`, { method: 'POST', body: '{}' })
    expect(relay.status).toBe(409)
  })

  test('gets no receipt for the rounds trained in it, while a swarm created with its manifest terms does', async () => {
    squattedDoc = await trainThreeVersions(squatted.id, 'in the squatted swarm', payee)
    const honest = await proposed('created by its proposer')
    const terms = honest.manifest.rewards!
    await create(chain.deployer, honest.id, {
      validators: terms.validators,
      rewardPerUnit: BigInt(terms.rewardPerUnit),
      claimWindow: terms.claimWindow,
    })
    const honestDoc = await trainThreeVersions(honest.id, 'in the honest swarm', payee)
    const receiptKey = `${payee.toLowerCase()}:${chain.validator.toLowerCase()}`
    const published = await eventually(async () => {
      const response = await fetch(`${validator.url}/swarms/${honest.id}/receipts/${payee}`)
      return response.ok ? ((await response.json()) as { totalUnits: string }) : undefined
    }, 'a receipt in the honest swarm')
    expect(published.totalUnits).toBe('192')
    await eventually(async () => honestDoc.doc.getMap(receiptsMapName).get(receiptKey) ?? undefined, 'it in the doc')
    // By now the validator has signed what it would sign: the squatted swarm's doc holds nothing of it, and its
    // escrow, the squatter's, has paid nobody.
    expect(squattedDoc.doc.getMap(receiptsMapName).size).toBe(0)
    const client = rpcClient({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, account: chain.deployer })
    const paid = await client.readContract({
      address: chain.rewards,
      abi: rewardsAbi,
      functionName: 'paidUnits',
      args: [squatted.id, payee],
    })
    expect(paid).toBe(0n)
    expect((await health()).swarms).toEqual([chain.swarmId, honest.id])
  })
})

// The validator CLI in a child process, a Node peer in this one: the doc syncs over real WebRTC (@roamhq/wrtc),
// receipts appear over HTTP as rounds are committed, and a relayed claim pays the payee on anvil.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { type Address, keccak256, parseAbi, stringToHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { payeesMapName } from '../core/rewards/payeeRecord.ts'
import { signPayee } from '../core/rewards/signPayee.ts'
import { rpcClient } from '../chain/rpcClient.ts'
import { testAddress } from '../contracts/testing/testAddress.ts'
import { registerManifest } from '../stack/registerManifest.ts'
import { createSwarm } from '../contracts/createSwarm.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { type DemoChain } from '../stack/startDemoChain.ts'
import { type ValidatorChild } from '../stack/startValidatorChild.ts'
import { type SignalingServer } from '../signaling-server/createSignalingServer.ts'
import { joinSwarmDoc, type SwarmDoc } from './joinSwarmDoc.ts'
import { createVersionWriter, testPeer } from './testing/createVersionWriter.ts'
import { eventually } from './testing/eventually.ts'
import { startValidatorStack } from './testing/startValidatorStack.ts'

let chain: DemoChain
let signaling: SignalingServer
let validator: ValidatorChild
let peerDoc: SwarmDoc
const payee: Address = testAddress('validator cli payee')
const peer = testPeer('validator cli')

beforeAll(async () => {
  ;({ chain, signaling, validator } = await startValidatorStack('validator cli test'))
  peerDoc = joinSwarmDoc({ swarmId: chain.swarmId, signalingUrl: signaling.url, iceServers: [] })
})
afterAll(async () => {
  peerDoc?.close()
  await validator?.stop()
  await signaling?.close()
  await chain?.stop()
})

const get = (path: string) => fetch(`${validator.url}${path}`)
const post = (path: string, body: string) =>
  fetch(`${validator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

describe('validator CLI', () => {
  test('signs a receipt for the rounds a peer contributed to, and relays its claim', async () => {
    const record = await signPayee({ account: peer.account, swarmId: chain.swarmId, payee })
    peerDoc.doc.getMap(payeesMapName).set(peer.id, record)
    const writer = createVersionWriter(peerDoc.doc, chain.swarmId)
    for (let version = 1; version <= 3; version++) writer.commit([peer])
    const published = await eventually(async () => {
      const response = await get(`/swarms/${chain.swarmId}/receipts/${payee.toLowerCase()}`)
      if (response.status === 404) return undefined
      const body = (await response.json()) as { totalUnits: string }
      return body.totalUnits === '192' ? body : undefined
    }, 'a receipt for 192 units')
    // The same receipt reached the doc over WebRTC.
    await eventually(
      async () =>
        (
          peerDoc.doc.getMap('receipts').get(`${payee.toLowerCase()}:${chain.validator.toLowerCase()}`) as
            { totalUnits?: string } | undefined
        )?.totalUnits === '192' || undefined,
      'the receipt in the doc',
    )

    const relayed = await post(`/swarms/${chain.swarmId}/relay`, JSON.stringify(published))
    expect(relayed.status).toBe(200)
    expect(await relayed.json()).toMatchObject({
      contributor: payee,
      totalUnits: '192',
      amount: String(192n * 10n ** 15n),
    })
    const client = rpcClient({ rpcUrl: chain.rpcUrl, chainId: chain.chainId, account: chain.deployer })
    const balance = await client.readContract({
      address: chain.token,
      abi: parseAbi(['function balanceOf(address) view returns (uint256)']),
      functionName: 'balanceOf',
      args: [payee],
    })
    expect(balance).toBe(192n * 10n ** 15n)
    const again = await post(`/swarms/${chain.swarmId}/relay`, JSON.stringify(published))
    expect(again.status).toBe(422)
    expect(((await again.json()) as { message: string }).message).toMatch(/^Nothing to claim/)
  })

  test('answers bad requests with a status and a reason, and keeps serving', async () => {
    const other = `0x${'ab'.repeat(32)}`
    const cases: [Promise<Response>, number, string][] = [
      [get('/nowhere'), 404, 'NotFound'],
      [get(`/swarms/${other}/receipts/${payee}`), 404, 'UnknownSwarm'],
      [get(`/swarms/${chain.swarmId}/receipts/not-an-address`), 400, 'InvalidAddress'],
      [get(`/swarms/${chain.swarmId}/receipts/%E0%A4%A`), 400, 'InvalidAddress'],
      [get(`/swarms/${chain.swarmId}/receipts/${testAddress('nobody')}`), 404, 'NoReceipt'],
      [get(`/swarms/${chain.swarmId}/relay`), 405, 'MethodNotAllowed'],
      [post(`/swarms/${chain.swarmId}/relay`, '{'), 400, 'InvalidJson'],
      [post(`/swarms/${chain.swarmId}/relay`, 'x'.repeat(100_000)), 413, 'BodyTooLargeError'],
      [post(`/swarms/${chain.swarmId}/relay`, '[]'), 400, 'RelayRefusedError'],
    ]
    for (const [response, status, error] of cases) {
      const answer = await response
      expect([answer.status, ((await answer.json()) as { error: string }).error]).toEqual([status, error])
    }
    expect((await fetch(`${validator.url}/healthz`, { method: 'OPTIONS' })).status).toBe(204)
    expect(await (await get('/healthz')).json()).toMatchObject({
      status: 'ok',
      validator: chain.validator,
      swarms: [chain.swarmId],
    })
  })

  test('adopts a swarm created later on the contract it follows that names it, and no other', async () => {
    const { rpcUrl, chainId, pollingInterval, deployer: account, rewards: contract, token } = chain
    const launch = async (name: string, validators: Address[]) => {
      const manifest = { ...chain.manifest, name, rewards: { ...chain.manifest.rewards!, validators } }
      await registerManifest(signaling.httpUrl, manifest)
      const id = swarmIdOf(manifest)
      await createSwarm({
        rpcUrl,
        pollingInterval,
        chainId,
        account,
        rewards: contract,
        token,
        swarm: { id, validators, threshold: 1, rewardPerUnit: 10n ** 15n },
      })
      return id
    }
    const foreign = await launch('validated by someone else', [testAddress('another validator')])
    const launched = await launch('launched from the page', [chain.validator])
    const listed = await eventually(async () => {
      const { swarms } = (await (await get('/healthz')).json()) as { swarms: string[] }
      return swarms.includes(launched) ? swarms : undefined
    }, 'the launched swarm among the validated ones')
    expect(listed).toEqual([chain.swarmId, launched])
    expect(listed).not.toContain(foreign)
    const answer = await get(`/swarms/${launched}/receipts/${payee}`)
    expect([answer.status, ((await answer.json()) as { error: string }).error]).toEqual([404, 'NoReceipt'])
  })

  test('refuses to start with a bad configuration (exit 2) or for a swarm it does not validate (exit 1)', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url))
    // Asynchronously: the registry it reads lives in this process's event loop.
    const run = (args: string[], key: string) =>
      new Promise<[number | null, string]>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
          env: { ...process.env, STARLING_VALIDATOR_KEY: key },
          stdio: ['ignore', 'ignore', 'pipe'],
        })
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
        child.once('exit', (code) => resolve([code, stderr]))
      })
    const flags = [
      '--swarm',
      chain.swarmId,
      '--registry',
      signaling.httpUrl,
      '--signaling',
      signaling.url,
      '--rpc',
      chain.rpcUrl,
    ]
    expect(await run(flags, '')).toEqual([2, expect.stringContaining('STARLING_VALIDATOR_KEY')])
    const key = keccak256(stringToHex('some validator'))
    expect(await run(flags.slice(2), key)).toEqual([
      2,
      expect.stringContaining('give the swarms to validate with --swarm'),
    ])
    expect(await run([...flags, '--follow', chain.rewards, '--follow-from', 'yesterday'], key)).toEqual([
      2,
      expect.stringContaining('--follow-from must be a block number'),
    ])
    expect(await run(flags, keccak256(stringToHex('not a validator')))).toEqual([
      1,
      expect.stringContaining("is not among the manifest's validators"),
    ])
  })
})

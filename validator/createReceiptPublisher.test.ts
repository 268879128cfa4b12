import { type Address, keccak256, stringToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { demoManifest } from '../core/manifest/demoManifest.ts'
import type { RewardSpec } from '../core/manifest/Manifest.ts'
import { swarmIdOf } from '../core/manifest/swarmIdOf.ts'
import { verifyReceipt } from '../core/rewards/verifyReceipt.ts'
import { decodeReceipt, receiptKey, receiptsMapName } from '../core/rewards/publishedReceipt.ts'
import { payeesMapName } from '../core/rewards/payeeRecord.ts'
import { signPayee } from '../core/rewards/signPayee.ts'
import { createPayeeBook } from './createPayeeBook.ts'
import { createReceiptPublisher } from './createReceiptPublisher.ts'
import { createVersionWriter, type TestPeer, testPeer } from './testing/createVersionWriter.ts'
import { createSwarmState } from '../core/swarm/createSwarmState.ts'
import { createKeySigner } from '../core/swarm/recordSignature.ts'
import { forgeVersions } from '../core/testing/forgeVersions.ts'
import { validatorSetOf } from '../core/swarm/authority/ValidatorSet.ts'
import { createBanWriter } from './createBanWriter.ts'
import { NotAValidatorError } from './NotAValidatorError.ts'
import { readOnlySigner } from './readOnlySigner.ts'

const account = (label: string) => privateKeyToAccount(keccak256(stringToHex(label)))
const validator = account('publisher test validator')
const alice: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const bob: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const rewards: RewardSpec = {
  chainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  proposer: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  token: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  rewardPerUnit: '1000',
  validators: [validator.address],
  threshold: 1,
  claimWindow: 86_400,
  // Without an audit window or probation, so that each version pays at once; the rules are tested on their own below.
  auditWindow: 0,
  probationRounds: 0,
}
const manifestWith = (terms: RewardSpec) => ({
  ...demoManifest(),
  rewards: terms,
  training: { ...demoManifest().training, batchSize: 64, rounds: 100 },
})
const manifest = manifestWith(rewards)
const swarmId = swarmIdOf(manifest)
const hour = 3_600_000

const closers: (() => void)[] = []
afterEach(() => closers.splice(0).forEach((close) => close()))

/** The validator's replica of `doc`, as createSwarmValidator makes it. */
const replicaOf = (doc: Y.Doc, terms: RewardSpec = rewards) =>
  createSwarmState(doc, {
    swarmId,
    signer: readOnlySigner(validator.address),
    validators: validatorSetOf({ rewards: terms }),
  })

function setup(start = 1_000 * hour, terms: RewardSpec = rewards) {
  const doc = new Y.Doc()
  const writer = createVersionWriter(doc, swarmId)
  const clock = { now: start }
  const errors: unknown[] = []
  const payees = createPayeeBook({ doc, swarmId, onError: (e) => errors.push(e) })
  const state = replicaOf(doc, terms)
  const publisher = createReceiptPublisher({
    state,
    swarmId,
    manifest: manifestWith(terms),
    signer: validator,
    payees,
    now: () => clock.now,
    onError: (e) => errors.push(e),
  })
  closers.push(publisher.close, payees.close)
  const commit = (contributors: TestPeer[], options?: { announce: boolean }) => writer.commit(contributors, options)
  const declare = async (peer: TestPeer, payee: Address) => {
    const record = await signPayee({ account: peer.account, swarmId, payee })
    doc.getMap(payeesMapName).set(record.peer, record)
  }
  const settle = async () => {
    await payees.settled()
    await publisher.settled()
  }
  const published = (contributor: Address) =>
    doc.getMap(receiptsMapName).get(receiptKey(contributor, validator.address))
  const banner = createBanWriter({
    state,
    swarmId,
    account: validator,
    now: () => clock.now,
    validators: validatorSetOf({ rewards: terms }),
  })
  const units = (payee: Address) => publisher.receiptFor(payee)?.totalUnits
  return {
    doc,
    clock,
    errors,
    payees,
    state,
    publisher,
    banner,
    units,
    commit,
    present: writer.present,
    declare,
    settle,
    published,
  }
}

const [peer1, peer2, peer3, anonymous] = ['1', '2', '3', 'without payee'].map(testPeer) as [
  TestPeer,
  TestPeer,
  TestPeer,
  TestPeer,
]

describe('createReceiptPublisher', () => {
  test("signs each payee's cumulative units over all its sessions and publishes them in the doc", async () => {
    const s = setup()
    await s.declare(peer1, alice)
    await s.declare(peer2, alice)
    await s.declare(peer3, bob)
    s.commit([peer1, peer3])
    s.commit([peer1, peer2, peer3])
    s.commit([peer2, anonymous])
    await s.settle()
    const receipt = s.publisher.receiptFor(alice)!
    expect(receipt.totalUnits).toBe(String(64 * 4))
    expect(s.publisher.receiptFor(bob)!.totalUnits).toBe(String(64 * 2))
    expect(s.published(alice)).toEqual(receipt)
    const { receipt: decoded, signatures } = decodeReceipt(s.published(alice))
    expect(
      await verifyReceipt({
        chainId: rewards.chainId,
        contract: rewards.contract,
        receipt: decoded,
        signatures,
        validators: [validator.address],
        threshold: 1,
        now: BigInt(s.clock.now / 1000),
      }),
    ).toEqual([validator.address])
    expect(decoded.deadline).toBe(BigInt(1_000 * 3_600 + 7 * 86_400))
    expect(s.errors).toEqual([])
  })

  test('re-signs as rounds complete, and units earned before the payee was declared count too', async () => {
    const s = setup()
    s.commit([peer1])
    await s.settle()
    expect(s.publisher.receiptFor(alice)).toBeUndefined()
    await s.declare(peer1, alice)
    await s.settle()
    expect(s.publisher.receiptFor(alice)!.totalUnits).toBe('64')
    s.commit([peer1])
    await s.settle()
    expect(s.publisher.receiptFor(alice)!.totalUnits).toBe('128')
  })

  test('a version counts once the presence of its contributors arrives, whatever the order', async () => {
    const s = setup()
    await s.declare(peer1, alice)
    s.commit([peer1], { announce: false })
    await s.settle()
    expect(s.publisher.receiptFor(alice)).toBeUndefined()
    s.present(peer1)
    await s.settle()
    expect(s.publisher.receiptFor(alice)!.totalUnits).toBe('64')
  })

  test('a peer cannot repoint its units once its payee is latched, nor declare for another peer', async () => {
    const s = setup()
    await s.declare(peer1, alice)
    s.commit([peer1])
    await s.settle()
    await s.declare(peer1, bob)
    const forged = { ...(await signPayee({ account: peer3.account, swarmId, payee: bob })), peer: peer2.id }
    s.doc.getMap(payeesMapName).set(peer2.id, forged)
    s.commit([peer1, peer2])
    await s.settle()
    expect(s.publisher.receiptFor(alice)!.totalUnits).toBe('128')
    expect(s.publisher.receiptFor(bob)).toBeUndefined()
    expect(Object.fromEntries(s.payees.ignored)).toEqual({
      'payee changed after it was latched': 1,
      'not signed by the peer': 1,
    })
  })

  test('renews a deadline once a day while units stand still', async () => {
    const s = setup()
    await s.declare(peer1, alice)
    s.commit([peer1])
    await s.settle()
    const first = s.publisher.receiptFor(alice)!
    s.clock.now += hour
    await s.publisher.refresh()
    expect(s.publisher.receiptFor(alice)).toEqual(first)
    s.clock.now += 25 * hour
    await s.publisher.refresh()
    expect(BigInt(s.publisher.receiptFor(alice)!.deadline)).toBe(BigInt(first.deadline) + 26n * 3_600n)
  })

  const putsBack =
    'puts its receipt back when a peer overwrites or deletes it, and never signs below its own earlier receipt'
  test(putsBack, async () => {
    const s = setup()
    await s.declare(peer1, alice)
    s.commit([peer1])
    s.commit([peer1])
    await s.settle()
    const mine = s.publisher.receiptFor(alice)!
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(s.doc))
    const sync = () => Y.applyUpdate(s.doc, Y.encodeStateAsUpdate(remote))
    const key = receiptKey(alice, validator.address)
    remote.getMap(receiptsMapName).set(key, { ...mine, totalUnits: '999999' })
    sync()
    await s.settle()
    expect(s.published(alice)).toEqual(mine)
    remote.getMap(receiptsMapName).delete(key)
    sync()
    await s.settle()
    expect(s.published(alice)).toEqual(mine)

    // A restarted validator finds its earlier receipt in the doc before the versions that justify it.
    const restarted = new Y.Doc()
    restarted.getMap(receiptsMapName).set(key, mine)
    const payees = createPayeeBook({ doc: restarted, swarmId, onError: (e) => s.errors.push(e) })
    const publisher = createReceiptPublisher({
      state: replicaOf(restarted),
      swarmId,
      manifest,
      signer: validator,
      payees,
      now: () => s.clock.now,
      onError: (e) => s.errors.push(e),
    })
    closers.push(publisher.close, payees.close)
    await publisher.settled()
    expect(publisher.receiptFor(alice)).toEqual(mine)
    expect(s.errors).toEqual([])
  })

  test('pays for no forged version: a thousand self-made keys writing rounds, reports and versions', async () => {
    const s = setup()
    const mallory: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
    await s.declare(peer1, alice)
    await s.declare(peer2, alice)
    s.commit([peer1, peer2])
    const honest = s.commit([peer1, peer2])
    const sybils = Array.from({ length: 1000 }, (_, i) => testPeer(`sybil ${i}`))
    await Promise.all(sybils.map((sybil) => s.declare(sybil, mallory)))
    const keys = sybils.map((sybil) => createKeySigner(sybil.key))
    // On top of the honest chain, and rewriting it from version 1 (round 0, the one any holder may lead).
    forgeVersions({ doc: s.doc, swarmId, keys, base: honest, count: 20, contributorsPerVersion: 64 })
    const genesis = createSwarmState(s.doc, { swarmId, signer: keys[0]! }).stored('versions', '0')!
    forgeVersions({ doc: s.doc, swarmId, keys: keys.slice(0, 3), base: genesis, count: 2 })
    await s.settle()
    expect(s.publisher.receiptFor(alice)!.totalUnits).toBe(String(64 * 4))
    expect(s.publisher.receiptFor(mallory)).toBeUndefined()
    expect(s.errors).toEqual([])
  })
})

describe('createReceiptPublisher: consequences', () => {
  const mallory: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
  const [liar] = ['liar'].map(testPeer) as [TestPeer]

  test('signs only versions auditWindow behind the latest', async () => {
    const s = setup(undefined, { ...rewards, auditWindow: 3 })
    await s.declare(peer1, alice)
    for (let i = 0; i < 3; i++) s.commit([peer1])
    await s.settle()
    expect(s.publisher.receiptFor(alice)).toBeUndefined()
    s.commit([peer1])
    s.commit([peer1])
    await s.settle()
    expect(s.units(alice)).toBe(String(64 * 2))
  })

  test('a new key earns only after probationRounds contributions: fifty keys of two rounds earn nothing', async () => {
    const s = setup(undefined, { ...rewards, probationRounds: 3 })
    const sybils = Array.from({ length: 50 }, (_, i) => testPeer(`probation sybil ${i}`))
    await s.declare(peer1, alice)
    await Promise.all(sybils.map((sybil) => s.declare(sybil, mallory)))
    for (let i = 0; i < 50; i++) s.commit([peer1, sybils[i]!, sybils[(i + 1) % 50]!])
    await s.settle()
    expect(s.units(alice)).toBe(String(64 * 47))
    expect(s.publisher.receiptFor(mallory)).toBeUndefined()
  })

  test("banFor writes a ban every replica honours; the banned peer's unreceipted units are forfeited", async () => {
    const s = setup(undefined, { ...rewards, auditWindow: 2 })
    await s.declare(peer1, alice)
    await s.declare(liar, mallory)
    for (let i = 0; i < 10; i++) s.commit([peer1, liar])
    await s.settle()
    expect(s.units(mallory)).toBe(String(64 * 8))

    const ban = await s.banner.banFor(liar.id, 'refuted audit of version 9', '{"version":9}')
    expect(ban).toMatchObject({ peer: liar.id, version: 12, validator: validator.address.toLowerCase() })
    expect(s.state.bannedFrom(liar.id)).toBe(12)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(s.doc))
    expect(replicaOf(replica).bannedFrom(liar.id)).toBe(12)

    // Rounds 10 and 11 began before the ban applies; from round 12 on the liar is out.
    s.commit([peer1, liar])
    s.commit([peer1, liar])
    for (let i = 0; i < 5; i++) s.commit([peer1])
    await s.settle()
    expect(s.state.latestVersion()?.version).toBe(17)
    expect(s.units(mallory)).toBe(String(64 * 8))
    expect(s.units(alice)).toBe(String(64 * 15))

    // A round naming it now is refused, and so is the version it would commit.
    s.commit([peer1, liar])
    expect(s.state.latestVersion()?.version).toBe(17)
    expect(s.state.ignored.get('versions: names a banned peer')).toBe(1)
    expect(s.errors).toEqual([])
  })

  test('a deleted ban stays in force, and an account outside the validator set cannot ban', async () => {
    const s = setup()
    s.commit([peer1, liar])
    await s.banner.banFor(liar.id, 'mismatch')
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(s.doc))
    remote.getMap('bans').clear()
    Y.applyUpdate(s.doc, Y.encodeStateAsUpdate(remote))
    expect(s.state.bannedFrom(liar.id)).toBe(3)
    expect(s.doc.getMap('bans').size).toBe(1)
    expect(() =>
      createBanWriter({
        state: s.state,
        swarmId,
        account: account('not a validator'),
        now: () => 0,
        validators: validatorSetOf({ rewards }),
      }),
    ).toThrow(NotAValidatorError)
  })
})

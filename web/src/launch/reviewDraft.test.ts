import { keccak256, stringToBytes } from 'viem'
import { describe, expect, test } from 'vitest'
import { demoManifest } from '../../../core/manifest/demoManifest.ts'
import { swarmIdOf } from '../../../core/manifest/swarmIdOf.ts'
import { fieldIssues } from './fieldIssues.ts'
import { defaultDraft, type ManifestDraft, recipes } from './ManifestDraft.ts'
import { reviewDraft } from './reviewDraft.ts'

const validator = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const proposer = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'
const chain = { chainId: 31337, contract: '0x5fbdb2315678afecb367f032d93f642f64180aa3', proposer } as const
const draft = (changes: Partial<ManifestDraft> = {}): ManifestDraft => ({ ...defaultDraft('n1'), ...changes })

describe('reviewDraft', () => {
  test('the defaults are a valid manifest whose swarm id is keccak256 of its canonical JSON', () => {
    const review = reviewDraft(draft(), undefined)
    expect(review.issues).toEqual([])
    expect(review.ready?.swarmId).toBe(swarmIdOf(review.ready!.manifest))
    expect(review.ready?.swarmId).toBe(keccak256(stringToBytes(review.canonical)))
    expect(review.ready?.manifest).not.toHaveProperty('rewards')
  })

  test('a draft equal to the demo manifest gets the demo swarm id', () => {
    const review = reviewDraft(
      draft({ name: 'MNIST MLP demo', nonce: 'demo', learningRate: '0.005', evalEvery: '10', rounds: '10000' }),
      undefined,
    )
    expect(review.ready?.swarmId).toBe(swarmIdOf(demoManifest()))
  })

  test('the id changes with any field, and not with white space around numbers', () => {
    const id = reviewDraft(draft(), undefined).ready!.swarmId
    expect(reviewDraft(draft({ batchSize: ' 64 ' }), undefined).ready!.swarmId).toBe(id)
    expect(reviewDraft(draft({ batchSize: '65' }), undefined).ready!.swarmId).not.toBe(id)
    expect(reviewDraft(draft({ nonce: 'n2' }), undefined).ready!.swarmId).not.toBe(id)
  })

  test('every recipe is valid as it stands', () => {
    for (const recipe of recipes) expect(reviewDraft(draft(recipe.draft), undefined).issues, recipe.id).toEqual([])
  })

  test('maps each problem to the input that can fix it, and sends nothing while any remains', () => {
    const review = reviewDraft(
      draft({
        name: ' ',
        hidden: '128, abc',
        batchSize: '0',
        learningRate: '1e999',
        evalEvery: '',
        datasetSource: 'url',
        datasetUrl: 'ftp://x',
        datasetSha256: '0xAB',
      }),
      undefined,
    )
    expect(review.ready).toBeUndefined()
    expect(review.byField).toEqual({
      name: 'is required',
      'model.hidden': 'must list 1 to 4 whole numbers from 1 to 2048',
      'dataset.url': 'must be an http or https URL',
      'dataset.sha256': 'must be 0x and 64 lowercase hex digits',
      'training.batchSize': 'must be a whole number from 1 to 4096',
      'training.optimizer.learningRate': 'must be a number > 0 and ≤ 1',
      'training.evalEvery': 'is required',
    })
    // Unparseable text is previewed as typed instead of breaking the preview.
    expect(JSON.parse(review.canonical).training.optimizer.learningRate).toBe('1e999')
  })

  test('a model and a dataset that do not fit are flagged on the dataset', () => {
    expect(reviewDraft(draft({ model: 'char-lm' }), undefined).byField).toEqual({
      'dataset.preset': 'mnist does not fit model char-lm',
    })
  })

  test('cross-field rules land on the later field', () => {
    expect(reviewDraft(draft({ rounds: '5', evalEvery: '10' }), undefined).byField).toEqual({
      'training.evalEvery': 'must not exceed the number of rounds',
    })
  })

  test('reward terms are left out without a chain, and checked (with the deposit) with one', () => {
    expect(reviewDraft(draft({ rewards: true }), undefined).ready?.manifest).not.toHaveProperty('rewards')
    const bad = reviewDraft(
      draft({
        rewards: true,
        token: 'nope',
        rewardPerUnit: '0',
        validators: `${validator}, ${validator}`,
        threshold: '3',
        claimWindow: '-1',
        deposit: '-5',
      }),
      chain,
    )
    expect(Object.keys(bad.byField)).toEqual([
      'rewards.token',
      'rewards.rewardPerUnit',
      'rewards.validators',
      'rewards.threshold',
      'rewards.claimWindow',
      'deposit',
    ])
    const good = reviewDraft(
      draft({ rewards: true, token: validator, validators: validator, threshold: '1', deposit: '1000000' }),
      chain,
    )
    expect(good.issues).toEqual([])
    expect(good.ready?.manifest.rewards).toEqual({
      ...chain,
      token: validator,
      rewardPerUnit: '1000',
      validators: [validator],
      threshold: 1,
      claimWindow: 86_400,
    })
    expect(good.ready?.deposit).toBe(1_000_000n)
  })

  test('the audit window, probation and aggregator are written only when chosen, and checked', () => {
    const terms = { rewards: true, token: validator, validators: validator, deposit: '1' }
    const defaults = reviewDraft(draft(terms), chain).ready!.manifest
    expect(defaults.allreduce).toEqual({ codec: 'fp32' })
    expect(defaults.rewards).not.toHaveProperty('auditWindow')
    expect(defaults.rewards).not.toHaveProperty('auditRate')
    expect(defaults.rewards).not.toHaveProperty('probationRounds')
    const chosen = reviewDraft(
      draft({ ...terms, aggregator: 'sum', auditWindow: '6', probationRounds: '10', auditRate: '0.25' }),
      chain,
    ).ready!
    expect(chosen.manifest.allreduce).toEqual({ codec: 'fp32', aggregator: 'sum' })
    expect(chosen.manifest.rewards).toMatchObject({ auditWindow: 6, probationRounds: 10, auditRate: 0.25 })
    expect(chosen.swarmId).not.toBe(reviewDraft(draft(terms), chain).ready!.swarmId)
    const bad = reviewDraft(draft({ ...terms, auditWindow: '9', probationRounds: 'soon', auditRate: '2' }), chain)
    expect(Object.keys(bad.byField)).toEqual(['rewards.auditWindow', 'rewards.probationRounds', 'rewards.auditRate'])
  })

  test('the manifest names the wallet that will create the swarm, and the id changes with it', () => {
    const terms = { rewards: true, token: validator, validators: validator, deposit: '1' }
    const mine = reviewDraft(draft(terms), chain).ready!
    const theirs = reviewDraft(draft(terms), { ...chain, proposer: validator }).ready!
    expect(mine.manifest.rewards?.proposer).toBe(proposer)
    expect(theirs.swarmId).not.toBe(mine.swarmId)
    // No wallet to name (its stored key is unreadable): nothing can be launched, and the form says why.
    const walletless = reviewDraft(draft(terms), { ...chain, proposer: undefined })
    expect(walletless.ready).toBeUndefined()
    expect(walletless.byField).toEqual({ 'rewards.proposer': 'is required' })
  })
})

describe('fieldIssues', () => {
  test('puts whole-object problems on the first input, nested ones on their input, and the rest on the form', () => {
    expect(
      fieldIssues([
        { path: 'model', message: 'preset must be one of mnist-mlp, mnist-cnn, char-lm' },
        { path: 'model.hidden[1]', message: 'is odd' },
        { path: 'extra', message: 'is not a known field' },
        { path: 'rewards.chainId', message: 'must be a whole number' },
        { path: '', message: 'must be an object' },
      ]),
    ).toEqual({
      'model.preset': 'preset must be one of mnist-mlp, mnist-cnn, char-lm',
      'model.hidden': 'is odd',
      form: 'extra is not a known field; rewards.chainId must be a whole number; manifest must be an object',
    })
  })
  test('joins several problems of one input', () => {
    expect(
      fieldIssues([
        { path: 'deposit', message: 'a' },
        { path: 'deposit', message: 'b.' },
      ]),
    ).toEqual({ deposit: 'a; b.' })
  })
})

// What a validator's audit costs per audited contribution, against the one gradient it must recompute anyway,
// measured in the same run (mnist-mlp, batch 64, Node tfjs cpu): the baseline is recomputing the gradient alone;
// the audit adds opening the reveal against the member's commitments (sha256 per chunk, decode), checking the base
// state against its version's hash (sha256 of the serialized state, decode) and the comparison. Prints both, the
// ratio, and one JSON line.
//
//   npx tsx bench/audits.ts [--members 4] [--runs 15]
import { sha256 } from 'viem'
import { parseArgs } from 'node:util'
import { codecFor } from '../core/allreduce/codecFor.ts'
import { contributionChunks, contributionCommitments } from '../core/allreduce/robust/contributionCommitments.ts'
import { createAuditor } from '../core/audit/createAuditor.ts'
import { encodeReveal } from '../core/audit/revealFormat.ts'
import { demoManifest } from '../core/manifest/demoManifest.ts'
import { createTrainer } from '../core/training/createTrainer.ts'
import { serializeState } from '../core/state/serializeState.ts'
import type { MapName, RecordMaps, VersionRecord } from '../core/swarm/records.ts'
import { createGradientRecomputer } from '../validator/createGradientRecomputer.ts'

const { values } = parseArgs({
  options: { members: { type: 'string', default: '4' }, runs: { type: 'string', default: '15' } },
})
const members = Number(values.members)
const runs = Number(values.runs)
const manifest = demoManifest()
const frameBytes = 256 * 1024
const recomputer = await createGradientRecomputer(manifest)
const trainer = createTrainer(manifest, recomputer.trainSize)
const base = trainer.initial()
const baseBytes = serializeState(base)
const peers = Array.from({ length: members }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
const codec = codecFor(manifest.allreduce.codec)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const recomputeMs: number[] = []
const auditMs: number[] = []
for (let run = 0; run < runs; run++) {
  const offset = run * members * manifest.training.batchSize
  const gradient = await recomputer.recompute(base.params, trainer.shard(offset, 0))
  // A doc holding version `run` (the base) and `run + 1`, with member 0's commitments.
  const map = new Map<string, unknown>()
  const version = (n: number, hash: `0x${string}`): VersionRecord => ({
    version: n,
    hash,
    round: n - 1,
    attempt: 0,
    contributors: n === 0 ? [] : peers,
    batchSize: manifest.training.batchSize,
    nextOffset: offset,
    evidence: [],
    loss: 1,
    signer: peers[0]!,
    at: 0,
  })
  const listeners: (() => void)[] = []
  let latest: VersionRecord | undefined = version(1, sha256(baseBytes))
  map.set('versions/1', latest)
  const doc = {
    get: <K extends MapName>(name: K, key: string) => map.get(`${name}/${key}`) as RecordMaps[K] | undefined,
    values: <K extends MapName>(name: K) =>
      [...map].filter(([key]) => key.startsWith(`${name}/`)).map(([, v]) => v as RecordMaps[K]),
    latestVersion: () => latest,
    observe: (listener: () => void) => (listeners.push(listener), () => undefined),
  }
  const verdicts: string[] = []
  const auditor = createAuditor({
    state: doc,
    codec: manifest.allreduce.codec,
    rules: { auditRate: 1, probationRounds: 0 },
    parameterCount: recomputer.parameterCount,
    shard: trainer.shard,
    recompute: recomputer.recompute,
    now: () => 0,
    answerMs: 60_000,
    onVerdict: (v) => verdicts.push(v.outcome),
    onError: (error) => {
      throw error
    },
  })
  map.set(`commitments/1:0:${peers[0]}`, {
    round: 1,
    attempt: 0,
    peer: peers[0],
    chunks: contributionCommitments(codec, frameBytes, gradient, members),
    at: 0,
  })
  latest = version(2, `0x${'22'.repeat(32)}`)
  map.set('versions/2', latest)
  for (const listener of listeners) listener()
  const reveal = encodeReveal(frameBytes, contributionChunks(codec, frameBytes, gradient, members))

  let started = performance.now()
  await recomputer.recompute(base.params, trainer.shard(offset, 0))
  recomputeMs.push(performance.now() - started)

  started = performance.now()
  auditor.reveal(2, peers[0]!, reveal)
  auditor.state(1, baseBytes)
  await auditor.settled()
  auditMs.push(performance.now() - started)
  if (!verdicts.includes('verified')) throw new Error(`the honest contribution was not verified: ${verdicts.join()}`)
  auditor.close()
}
const result = {
  model: manifest.model.preset,
  parameters: recomputer.parameterCount,
  members,
  recomputeMs: Number(median(recomputeMs).toFixed(1)),
  auditMs: Number(median(auditMs).toFixed(1)),
  auditOverRecompute: Number((median(auditMs) / median(recomputeMs)).toFixed(2)),
}
console.log(`recompute alone ${result.recomputeMs} ms, whole audit ${result.auditMs} ms (median of ${runs})`)
console.log(JSON.stringify(result))

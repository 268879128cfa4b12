// `npm run nodes -- --url <swarm url> --count N [--backend webgpu|wasm|cpu|auto] [--rounds R]
//                   [--adversaries K --attack zeros|scale|noise|signflip|mismatch [--attack-after V]]`
// Launches N headless Chromium volunteers on a swarm, prints one line per round, and with --rounds ends
// after R more rounds with one JSON line (nodes/finalReport.ts): rounds, accuracy, each node's hash (also by peer
// id), mean timings, the peers the swarm banned and each peer's receipted units. Exit 1 on failure, or when the
// nodes the swarm did not ban end on different hashes. With --adversaries, the last K volunteers turn hostile once
// they are in the swarm, or with --attack-after once the swarm holds version V (core/adversary/, injected by
// nodes/adversaryInitScript.ts; `scale`, `mismatch` and `noise` take `:s`, parseAttack.ts); the R rounds are
// counted from there. The JSON line then gives each adversary's peer id, attack, the version it began at and the
// samples it contributed after (with `mismatch` and a robust swarm: none). A node the swarm bans stops training
// and is no longer waited for.
import { parseArgs } from 'node:util'
import { backendNames, type BackendRequest } from '../worker/protocol.ts'
import { formatAttack, parseAttack } from '../core/adversary/parseAttack.ts'
import { finalReport, honestAgree } from '../nodes/finalReport.ts'
import { launchVolunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    count: { type: 'string', default: '1' },
    backend: { type: 'string', default: 'auto' },
    rounds: { type: 'string' },
    'min-peers': { type: 'string' },
    adversaries: { type: 'string', default: '0' },
    attack: { type: 'string', default: 'mismatch:100' },
    'attack-after': { type: 'string', default: '0' },
  },
})
const fail = (text: string): never => {
  console.error(`nodes: ${text}`)
  process.exit(2)
}
const whole = (name: string, text: string | undefined, min: number) => {
  const value = Number(text)
  return Number.isSafeInteger(value) && value >= min
    ? value
    : fail(`--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}`)
}
if (!values.url) fail('--url <swarm url> is required (npm start prints it)')
const count = whole('count', values.count, 1)
const rounds = values.rounds === undefined ? undefined : whole('rounds', values.rounds, 1)
const adversaries = whole('adversaries', values.adversaries, 0)
if (adversaries > count) fail(`--adversaries (${adversaries}) cannot exceed --count (${count})`)
const attack = (() => {
  try {
    return parseAttack(values.attack!)
  } catch (error) {
    return fail((error as Error).message)
  }
})()
const attackAfter = whole('attack-after', values['attack-after'], 0)
const backend = values.backend as BackendRequest
if (backend !== 'auto' && !(backendNames as readonly string[]).includes(backend))
  fail(`--backend must be one of auto, ${backendNames.join(', ')}`)
const ms = (x: number) => `${x.toFixed(1)} ms`
let lastEvaluated = -1

const watch = watchSwarm({
  count,
  onRound: (r) =>
    console.log(
      `version ${String(r.version).padStart(5)}  loss ${r.loss.toFixed(4)}  members ${r.members}` +
        (r.timings
          ? `  compute ${ms(r.timings.compute)}  ` +
            `all-reduce ${ms(r.timings.allreduce)}  optimizer ${ms(r.timings.optimizer)}`
          : ''),
    ),
  onProblem: (index, text) => console.error(`node ${index}: ${text}`),
})
const volunteers = await launchVolunteers({
  url: values.url!,
  backends: new Array(count).fill(backend),
  minPeers: values['min-peers'] === undefined ? count : whole('min-peers', values['min-peers'], 1),
  onEvent: (index, event) => {
    watch.onEvent(index, event)
    // A banned node trains no more: the swarm's progress is the others'.
    if (event.type === 'status' && event.status === 'banned') {
      watch.retire(index)
      console.error(`node ${index}: banned by the swarm`)
    }
    if (event.type === 'backend')
      console.error(
        `node ${index}: backend ${event.backend}` +
          `${event.fallbacks.map((f) => ` (not ${f.backend}: ${f.reason})`).join('')}`,
      )
    // Every node hears every evaluation; print each version's once.
    if (event.type === 'evaluation' && event.version > lastEvaluated) {
      lastEvaluated = event.version
      console.log(`evaluation at version ${event.version}: accuracy ${(100 * event.accuracy).toFixed(2)} %`)
    }
  },
  onProblem: (index, text) => console.error(`node ${index}: ${text}`),
}).catch((error: Error) => fail(`could not launch volunteers: ${error.message}`))

const shutdown = async (code: number) => {
  await volunteers.close()
  process.exit(code)
}
process.on('SIGINT', () => void shutdown(130))

/** Each adversary, the version its attack began at and the samples it had contributed by then. */
const turnHostile = async () => {
  // The swarm's progress has a stall check; setAttack's own wait, for this node to hold the version, a fixed bound.
  if (adversaries > 0 && attackAfter > 0)
    await watch.until(() => watch.maxVersion >= attackAfter, {
      timeoutMs: 3_600_000,
      stallMs: 120_000,
      what: `version ${attackAfter} (--attack-after)`,
    })
  return Promise.all(
    volunteers.nodes.slice(count - adversaries).map(async (node) => {
      // Noise of its own for each: with one seed, K adversaries would push the same way together.
      const at = await node.setAttack(attack.kind === 'noise' ? { ...attack, seed: node.index } : attack, attackAfter)
      console.error(`node ${node.index}: hostile (${formatAttack(attack)}) from version ${at.version}`)
      return { node, fromVersion: at.version, contributedBefore: at.contributed }
    }),
  )
}

try {
  const hostile = await turnHostile()
  if (rounds === undefined) await new Promise(() => undefined)
  const start = Math.max(...(await Promise.all(volunteers.nodes.map((node) => node.snapshot()))).map((s) => s.version))
  const target = start + rounds!
  await Promise.all(volunteers.nodes.map((node) => node.setStopAt(target)))
  await watch.until(() => watch.minVersion >= target, {
    timeoutMs: 3_600_000,
    stallMs: 120_000,
    what: `version ${target}`,
  })
  // Node 0 is honest (adversaries are the last K): its evaluation and its replica of the doc speak for the swarm.
  const final = await volunteers.nodes[0]!.evaluate()
  const ledger = await volunteers.nodes[0]!.ledger()
  const snapshots = await Promise.all(volunteers.nodes.map((node) => node.snapshot()))
  const report = finalReport({
    rounds: target - start,
    accuracy: final.accuracy,
    snapshots,
    timings: watch.meanTimings(),
    attack: formatAttack(attack),
    hostile: hostile.map(({ node, fromVersion, contributedBefore }) => ({
      node: node.index,
      fromVersion,
      contributedBefore,
    })),
    ledger,
  })
  console.log(JSON.stringify(report))
  await shutdown(honestAgree(report) ? 0 : 1)
} catch (error) {
  console.error(`nodes: ${(error as Error).message}`)
  await shutdown(1)
}

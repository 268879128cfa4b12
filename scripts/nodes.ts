// `npm run nodes -- --url <swarm url> --count N [--backend webgpu|wasm|cpu|auto] [--rounds R]
//                   [--adversaries K --attack zeros|scale|noise|signflip|mismatch [--attack-after V]]`
// Launches N headless Chromium volunteers on a swarm, prints one line per round, and with --rounds ends
// after R more rounds with one JSON line: {"rounds","accuracy","hashes","msPerRound","adversaries"}. Exit 1 on
// failure. With --adversaries, the last K volunteers turn hostile once they are in the swarm, or with
// --attack-after once the swarm holds version V (core/adversary/createAdversaryReducer.ts; `scale`, `mismatch`
// and `noise` take `:s`, parseAttack.ts); the R rounds are counted from there. The JSON line then gives each
// adversary's attack, the version it began at and the samples it contributed after (with `mismatch` and a robust
// swarm: none).
import { parseArgs } from 'node:util'
import { backendNames, type BackendRequest } from '../worker/protocol.ts'
import { formatAttack, parseAttack } from '../core/adversary/parseAttack.ts'
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
  const final = await volunteers.nodes[0]!.evaluate()
  const snapshots = await Promise.all(volunteers.nodes.map((node) => node.snapshot()))
  const timings = watch.meanTimings()
  // An attack in flight when it began may still have been committed: one round's samples at most.
  const adversaryReport = hostile.map(({ node, fromVersion, contributedBefore }) => ({
    node: node.index,
    attack: formatAttack(attack),
    fromVersion,
    samplesAfterAttack: snapshots[node.index]!.contributed - contributedBefore,
  }))
  const round3 = (x: number) => Math.round(x * 1000) / 1000
  console.log(
    JSON.stringify({
      rounds: target - start,
      accuracy: round3(final.accuracy),
      hashes: snapshots.map((s) => s.hash),
      msPerRound: {
        compute: round3(timings.compute),
        allreduce: round3(timings.allreduce),
        optimizer: round3(timings.optimizer),
      },
      ...(adversaries > 0 && { adversaries: adversaryReport }),
    }),
  )
  await shutdown(new Set(snapshots.map((s) => s.hash)).size === 1 ? 0 : 1)
} catch (error) {
  console.error(`nodes: ${(error as Error).message}`)
  await shutdown(1)
}

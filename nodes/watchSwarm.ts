// Follows the events of a group of headless volunteers: which version each holds, round timings,
// evaluations and problems. `until` waits for a condition but fails loudly on a fatal error or when
// no node advanced for a while, so a stuck swarm never hangs a test or the CLI silently.
import type { Timings } from '../core/swarm/records.ts'
import type { JoinEvent } from '../web/src/swarm/SwarmEvent.ts'

export type RoundLine = { version: number; loss: number; members: number; timings: Timings | undefined }

export type SwarmWatch = {
  onEvent(index: number, event: JoinEvent): void
  /** Versions every node has reached. */
  readonly minVersion: number
  readonly maxVersion: number
  readonly evaluations: readonly { version: number; accuracy: number; loss: number }[]
  readonly problems: readonly string[]
  /** Every version each node adopted, in order, and whether it contributed to it (false: synced). */
  readonly history: ReadonlyMap<number, readonly { version: number; contributed: boolean }[]>
  /** Stop counting a node (it was closed on purpose); new indexes join on their first event. */
  retire(index: number): void
  readonly status: ReadonlyMap<number, string>
  /** Mean time per round over every node's contributed rounds. */
  meanTimings(): Timings
  until(condition: () => boolean, options: { timeoutMs: number; stallMs: number; what: string }): Promise<void>
}

export type WatchOptions = {
  /** Nodes 0…count−1 are counted from the start. */
  count: number
  onRound?: (line: RoundLine) => void
  onProblem?: (index: number, text: string) => void
}

export function watchSwarm(options: WatchOptions): SwarmWatch {
  const held = new Map<number, number>(Array.from({ length: options.count }, (_, i) => [i, 0]))
  const history = new Map<number, { version: number; contributed: boolean }[]>()
  const status = new Map<number, string>()
  const retired = new Set<number>()
  const versions = () => [...held.values()]
  const rounds = new Map<number, { loss: number; members: number; timings: Timings[] }>()
  const evaluations: { version: number; accuracy: number; loss: number }[] = []
  const problems: string[] = []
  const all: Timings[] = []
  let fatal: string | undefined
  let lastProgress = Date.now()
  let reported = 0
  const wakers = new Set<() => void>()
  const wake = () => {
    for (const waker of [...wakers]) waker()
  }
  const problem = (index: number, text: string) => {
    problems.push(`node ${index}: ${text}`)
    options.onProblem?.(index, text)
  }

  const onEvent = (index: number, event: JoinEvent) => {
    switch (event.type) {
      case 'version': {
        if (retired.has(index)) break
        held.set(index, event.version)
        history.set(index, [...(history.get(index) ?? []), { version: event.version, contributed: event.contributed }])
        lastProgress = Date.now()
        const round = rounds.get(event.version) ?? { loss: event.loss, members: event.members, timings: [] }
        if (event.timings) {
          round.timings.push(event.timings)
          all.push(event.timings)
        }
        rounds.set(event.version, round)
        const min = Math.min(...versions())
        for (let v = reported + 1; v <= min; v++) {
          const r = rounds.get(v)
          if (r)
            options.onRound?.({
              version: v,
              loss: r.loss,
              members: r.members,
              timings: r.timings.length ? mean(r.timings) : undefined,
            })
          rounds.delete(v)
        }
        reported = Math.max(reported, min)
        break
      }
      case 'evaluation':
        evaluations.push({ version: event.version, accuracy: event.accuracy, loss: event.loss })
        break
      case 'error':
        problem(index, `${event.error.name}: ${event.error.message}`)
        break
      case 'failure':
        problem(
          index,
          `round ${event.round} attempt ${event.attempt} failed` +
            `${event.culprit ? ` (blames ${event.culprit.slice(0, 10)})` : ''}: ` +
            `${event.cause}`,
        )
        break
      case 'link-down':
        problem(index, `lost peer ${event.peer.slice(0, 10)}: ${event.reason}`)
        break
      case 'status':
        status.set(index, event.status)
        break
      case 'fatal':
        fatal = `node ${index}: ${event.error.name}: ${event.error.message}`
        problem(index, `fatal: ${event.error.message}`)
        break
      default:
        break
    }
    wake()
  }

  return {
    onEvent,
    get minVersion() {
      return Math.min(...versions())
    },
    get maxVersion() {
      return Math.max(...versions())
    },
    evaluations,
    problems,
    history,
    status,
    retire(index) {
      retired.add(index)
      held.delete(index)
    },
    meanTimings: () => mean(all),
    until(condition, { timeoutMs, stallMs, what }) {
      const started = Date.now()
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (condition()) return done()
          if (fatal) return done(new Error(`${what}: ${fatal}`))
          if (Date.now() - started > timeoutMs)
            return done(new Error(`${what}: not reached within ${timeoutMs} ms (versions ${versions().join(', ')})`))
          if (Date.now() - lastProgress > stallMs)
            return done(new Error(`${what}: no node advanced for ${stallMs} ms (versions ${versions().join(', ')})`))
        }
        const timer = setInterval(check, 250)
        const done = (error?: Error) => {
          clearInterval(timer)
          wakers.delete(check)
          if (error) reject(error)
          else resolve()
        }
        wakers.add(check)
        lastProgress = Math.max(lastProgress, started)
        check()
      })
    },
  }
}

function mean(timings: readonly Timings[]): Timings {
  const n = Math.max(1, timings.length)
  const sum = timings.reduce(
    (a, t) => ({
      compute: a.compute + t.compute,
      allreduce: a.allreduce + t.allreduce,
      optimizer: a.optimizer + t.optimizer,
    }),
    { compute: 0, allreduce: 0, optimizer: 0 },
  )
  return { compute: sum.compute / n, allreduce: sum.allreduce / n, optimizer: sum.optimizer / n }
}

// A test hook on the all-reduce transport: `freeze()` lets the next first-step data frame this member sends leave,
// then holds every later frame (data and heartbeats) forever, and resolves with that frame's round and attempt. The
// member is then provably in the middle of an all-reduce: a peer holds part of its gradient, and the ring cannot
// complete without the frames it holds back. The e2e churn test closes the page at that point. Until `freeze` is
// called the wrapper forwards every send untouched (one boolean test per frame).

import { decodeFrame, type Frame } from '../../../core/allreduce/frame.ts'
import type { Transport } from '../../../core/allreduce/Transport.ts'

export type FrozenAt = { round: number; attempt: number }

export type FreezableTransport<T extends Transport> = {
  transport: T
  /** Resolves once the member froze; a second call while armed or frozen returns the same promise. */
  freeze(): Promise<FrozenAt>
}

export function freezeTransport<T extends Transport>(inner: T): FreezableTransport<T> {
  let armed: ((at: FrozenAt) => void) | undefined
  let frozen = false
  let result: Promise<FrozenAt> | undefined
  const transport: T = Object.create(inner) as T
  transport.send = (peer, frame) => {
    if (frozen) return new Promise<void>(() => undefined)
    const first = armed && firstStepData(frame)
    if (first) {
      const at = { round: first.round, attempt: first.attempt }
      const sent = inner.send(peer, frame)
      frozen = true
      armed!(at)
      armed = undefined
      return sent
    }
    return inner.send(peer, frame)
  }
  return {
    transport,
    freeze() {
      result ??= new Promise<FrozenAt>((resolve) => (armed = resolve))
      return result
    },
  }
}

/** The frame if it is data of step 0, the first reduce-scatter step (read before `send`, which may reuse it). */
function firstStepData(bytes: Uint8Array): Frame | undefined {
  try {
    const frame = decodeFrame(bytes)
    return frame.type === 'data' && frame.step === 0 ? frame : undefined
  } catch {
    return undefined
  }
}

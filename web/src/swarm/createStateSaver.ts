// Keeps the latest verified state of a swarm in IndexedDB (createStateStore.ts) without writing ~1 MB every
// round: at most once per interval while training, and at once when training stops or the page goes away.
import * as Y from 'yjs'
import type { TrainingState } from '../../../core/swarm/VolunteerPorts.ts'
import { serializeState } from '../../../core/state/serializeState.ts'
import type { StateStore } from './createStateStore.ts'
import type { Hex } from '../../../core/types/Hex.ts'

export type Held = { version: number; hash: Hex; state: TrainingState }

export type StateSaver = {
  held(next: Held): void
  flush(): Promise<void>
  close(): void
}

export function createStateSaver(options: {
  store: StateStore
  swarmId: Hex
  doc: Y.Doc
  intervalMs?: number
  onSaved?: (version: number) => void
  onError?: (error: unknown) => void
}): StateSaver {
  let latest: Held | undefined
  let savedVersion = -1
  let timer: ReturnType<typeof setTimeout> | undefined
  let queue = Promise.resolve()

  const save = () => {
    clearTimeout(timer)
    timer = undefined
    queue = queue
      .then(async () => {
        const held = latest
        if (!held || held.version === savedVersion) return
        await options.store.save({
          swarmId: options.swarmId,
          version: held.version,
          hash: held.hash,
          state: serializeState(held.state),
          doc: Y.encodeStateAsUpdate(options.doc),
          savedAt: Date.now(),
        })
        savedVersion = held.version
        options.onSaved?.(held.version)
      })
      .catch((error: unknown) => options.onError?.(error))
    return queue
  }
  const onPageHide = () => void save()
  addEventListener('pagehide', onPageHide)

  return {
    held(next) {
      latest = next
      timer ??= setTimeout(save, options.intervalMs ?? 3000)
    },
    flush: save,
    close() {
      clearTimeout(timer)
      removeEventListener('pagehide', onPageHide)
    },
  }
}

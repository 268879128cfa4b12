// The one path data takes to the successor: items are turned into frames only when the link can take them
// (so a partial sum is encoded as late as possible and nothing is copied ahead), and every send is awaited, so
// the bytes handed to the transport and not yet drained never exceed its flow-control window plus one frame.

export type SendQueue<item> = {
  push(item: item): void
  /** Nothing queued and nothing being sent. */
  idle(): boolean
  /** Drops what is queued; a send already handed to the transport completes on its own. */
  stop(): void
}

export type SendQueueParameters<item> = {
  send(frame: Uint8Array): Promise<void>
  frameOf(item: item): Uint8Array
  /** The queue ran empty. */
  onDrained(): void
  /** A send rejected (the link closed) or a frame could not be built; the queue has stopped. */
  onFailed(error: unknown): void
}

export function createSendQueue<item>({
  send,
  frameOf,
  onDrained,
  onFailed,
}: SendQueueParameters<item>): SendQueue<item> {
  let queue: (item | undefined)[] = []
  let head = 0
  let sending = false
  let stopped = false

  async function pump() {
    sending = true
    while (!stopped && head < queue.length) {
      const item = queue[head]!
      queue[head++] = undefined
      try {
        await send(frameOf(item))
      } catch (error) {
        stopped = true
        sending = false
        onFailed(error)
        return
      }
    }
    sending = false
    queue = []
    head = 0
    if (!stopped) onDrained()
  }

  return {
    push(item) {
      if (stopped) return
      queue.push(item)
      if (!sending) void pump()
    },
    idle: () => !sending && head >= queue.length,
    stop() {
      stopped = true
      queue = []
      head = 0
    },
  }
}

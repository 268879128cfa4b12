// Stand-ins for the windows of the wallet frame protocol, so its two ends are tested in Node: a window that records
// what is posted to it, and message events with the origin and source a browser would give them.

export type Posted = { message: unknown; targetOrigin: string }

/** A window others post to; `posted` records every message with the origin it was addressed to. */
export function postTarget(): Pick<Window, 'postMessage'> & { posted: Posted[] } {
  const posted: Posted[] = []
  return {
    posted,
    postMessage: ((message: unknown, targetOrigin: string) =>
      void posted.push({ message, targetOrigin })) as Window['postMessage'],
  }
}

/** Delivers `data` to `target` as a browser would a postMessage from `source` on `origin`. */
export function deliver(target: EventTarget, data: unknown, origin: string, source: unknown): void {
  target.dispatchEvent(Object.assign(new Event('message'), { data, origin, source }))
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

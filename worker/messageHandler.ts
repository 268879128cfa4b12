import { BaseError, serializeError } from '../core/errors/BaseError.ts'
import { createSession, type Session } from './createSession.ts'
import type { Tf } from './model/Tf.ts'
import type { FromWorker, ToWorker } from './protocol.ts'

export class WorkerStateError extends BaseError {
  override name = 'WorkerStateError' as const
  constructor(message: string) {
    super(message)
  }
}

export class UnknownMessageError extends BaseError {
  override name = 'UnknownMessageError' as const
  constructor(readonly messageType: unknown) {
    super(`The training worker does not understand messages of type ${JSON.stringify(messageType)}.`)
  }
}

export type Post = (message: FromWorker, transfer?: Transferable[]) => void

/**
 * The worker's side of worker/protocol.ts, apart from the global scope so Node tests can drive it. Requests
 * run one at a time in arrival order (tfjs is not re-entrant across awaits), and every failure is posted as
 * `{ type: 'error' }` with the request's id: nothing is thrown across the boundary. Returns the function to
 * call per message and, for tests, a promise of the current queue's end.
 */
export function messageHandler(tf: Tf, post: Post): { receive(message: ToWorker): void; idle(): Promise<void> } {
  let session: Promise<Session> | undefined
  let queue: Promise<void> = Promise.resolve()

  const ready = (): Promise<Session> => {
    if (!session) throw new WorkerStateError('The training worker has not been initialised: send `init` first.')
    return session
  }

  const handle = async (message: ToWorker): Promise<void> => {
    const maybeId = (message as { id?: unknown } | null)?.id
    const id = typeof maybeId === 'number' ? maybeId : undefined
    try {
      switch (message.type) {
        case 'init':
          if (session)
            throw new WorkerStateError(
              'The training worker is already initialised; start a new worker for another swarm.',
            )
          session = createSession(tf, message)
          post((await session).ready)
          return
        case 'computeGradient': {
          const result = await (await ready()).computeGradient(message.parameters, message.samples)
          post({ type: 'gradient', id: message.id, ...result }, [result.gradient.buffer as ArrayBuffer])
          return
        }
        case 'evaluate':
          post({ type: 'evaluation', id: message.id, ...(await (await ready()).evaluate(message.parameters)) })
          return
        default:
          message satisfies never
          throw new UnknownMessageError((message as { type?: unknown }).type)
      }
    } catch (error) {
      post(
        id === undefined
          ? { type: 'error', error: serializeError(error) }
          : { type: 'error', id, error: serializeError(error) },
      )
    }
  }

  return {
    receive(message) {
      queue = queue.then(() => handle(message))
    },
    idle: () => queue,
  }
}

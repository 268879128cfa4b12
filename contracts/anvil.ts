// Starts the platform's anvil binary on a free loopback port and stops it without leaving orphans.
import { type ChildProcess, spawn } from 'node:child_process'
import { BaseError } from '../core/errors/BaseError.ts'
import { foundryBinary } from './foundryBinary.ts'

export type StartAnvilParameters = {
  /** Extra command-line arguments, e.g. `['--chain-id', '1337']` or `['--block-time', '1']`. */
  args?: readonly string[]
  /** anvil is listening ≈ 0.1 s after spawn on this machine; 10 s leaves room for a loaded CI runner. */
  startupTimeoutMs?: number
}
export type Anvil = {
  rpcUrl: string
  port: number
  pid: number
  /** How often a client of this node should poll for receipts, in ms: anvil mines on arrival, so 50 ms, not the
   * second chain/rpcClient.ts defaults to for public chains. */
  pollingInterval: number
  /**
   * Sends SIGTERM (SIGKILL after 2 s) and resolves once the process has exited. Idempotent. Normal exit and
   * process.exit() also kill anvil, and Ctrl-C reaches it through the terminal's process group; a parent that is
   * sent SIGTERM must call stop() from its handler.
   */
  stop: () => Promise<void>
}
export type StartAnvilErrorType = AnvilStartError

export class AnvilStartError extends BaseError {
  override name = 'AnvilStartError' as const
  constructor(reason: string, output: readonly string[], cause?: unknown) {
    super(`anvil did not start: ${reason}.`, {
      cause,
      metaMessages: output.length > 0 ? ['Last output:', ...output] : [],
    })
  }
}

const listeningLine = /Listening on ([\d.]+):(\d+)/
const outputLinesKept = 20

export async function startAnvil(parameters: StartAnvilParameters = {}): Promise<Anvil> {
  const { args = [], startupTimeoutMs = 10_000 } = parameters
  const child = spawn(foundryBinary('anvil'), ['--host', '127.0.0.1', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // anvil logs every request; reading stdout for the whole life of the process keeps a full pipe from blocking it.
  const recent: string[] = []
  const remember = (chunk: Buffer) => {
    recent.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    )
    recent.splice(0, Math.max(0, recent.length - outputLinesKept))
  }
  child.stdout.on('data', remember)
  child.stderr.on('data', remember)
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)

  const stop = async () => {
    process.removeListener('exit', killOnExit)
    await terminate(child)
  }
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new AnvilStartError(`no "Listening on" line within ${startupTimeoutMs} ms`, recent)),
        startupTimeoutMs,
      )
      let startup = ''
      const onData = (chunk: Buffer) => {
        startup += chunk.toString('utf8')
        const match = listeningLine.exec(startup)
        if (!match) return
        clearTimeout(timer)
        child.stdout.off('data', onData)
        resolve(Number(match[2]))
      }
      child.stdout.on('data', onData)
      child.once('error', (error) => reject(new AnvilStartError('spawn failed', recent, error)))
      // 'close', not 'exit': 'exit' can come before the pipes are drained, and the error would miss anvil's last
      // words (why it would not start).
      child.once('close', (code, signal) =>
        reject(new AnvilStartError(`exited early (code ${code}, signal ${signal})`, recent)),
      )
    })
    return { rpcUrl: `http://127.0.0.1:${port}`, port, pid: child.pid ?? -1, pollingInterval: 50, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
  await exited
  clearTimeout(timer)
}

// Runs the signaling server CLI (main.ts) as a child process and waits for its ready line. For supervisors
// (`npm start`), for the benchmark (which isolates the server's memory this way) and for CLI tests.

import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { BaseError } from '../core/errors/BaseError.ts'

export class SignalingStartError extends BaseError {
  override name = 'SignalingStartError' as const
  constructor(
    reason: string,
    readonly stderr: string,
  ) {
    super(`The signaling server did not start: ${reason}.`, { details: stderr.trim() || undefined })
  }
}

export type SpawnSignalingServerParameters = {
  /** CLI flags, e.g. ['--port', '0', '--max-connections-per-address', '5000']. */
  args?: readonly string[]
  env?: Record<string, string | undefined>
  /** Node flags placed before the script, e.g. ['--expose-gc']. */
  nodeArgs?: readonly string[]
  /** How long to wait for the ready line; startup takes ~1 s here (tsx compiles on the fly). */
  startTimeoutMs?: number
}

export type SpawnedSignalingServer = {
  url: string
  httpUrl: string
  port: number
  child: ChildProcess
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

const readyLine = /^signaling listening on (ws:\/\/(.+):(\d+))$/

export function spawnSignalingServer(parameters: SpawnSignalingServerParameters = {}): Promise<SpawnedSignalingServer> {
  const { args = [], env = process.env, nodeArgs = [], startTimeoutMs = 20_000 } = parameters
  const main = fileURLToPath(new URL('./main.ts', import.meta.url))
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', main, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    return exited
  }
  return new Promise((resolve, reject) => {
    let settled = false
    const fail = (reason: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void stop('SIGKILL')
      reject(new SignalingStartError(reason, stderr))
    }
    const timer = setTimeout(() => fail(`no ready line within ${startTimeoutMs} ms`), startTimeoutMs)
    void exited.then((code) => fail(`it exited with code ${code}`))
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => {
      const match = readyLine.exec(line)
      if (!match) return fail(`unexpected first line ${JSON.stringify(line)}`)
      if (settled) return
      settled = true
      clearTimeout(timer)
      const [, url = '', host = '', port = ''] = match
      resolve({ url, httpUrl: `http://${host}:${port}`, port: Number(port), child, stop })
    })
  })
}

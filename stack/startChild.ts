// Starts a child process and waits for the stdout line that says it is ready, so parents (npm start,
// e2e tests, benchmarks) know its address without guessing ports or sleeping. `stop` sends SIGTERM, then
// SIGKILL after a bound, and resolves when the process is gone: no orphans.
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { BaseError } from '../core/errors/BaseError.ts'

export class ChildStartError extends BaseError {
  override name = 'ChildStartError' as const
  constructor(
    readonly label: string,
    reason: string,
    output: string,
  ) {
    super(`${label} did not start: ${reason}.`, {
      details: output.trim().split('\n').slice(-15).join('\n') || undefined,
    })
  }
}

export type Child = { process: ChildProcess; match: RegExpMatchArray; stop(): Promise<void> }

export type StartChildOptions = {
  label: string
  command: string
  args: readonly string[]
  ready: RegExp
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
  /** Where the child's output goes after it is ready; by default it is dropped except stderr. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void
}

export function startChild(options: StartChildOptions): Promise<Child> {
  const child = spawn(options.command, [...options.args], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let ready = false
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  return new Promise<Child>((resolve, reject) => {
    const fail = (reason: string) => {
      if (ready) return
      ready = true
      clearTimeout(timer)
      void stop()
      reject(new ChildStartError(options.label, reason, output))
    }
    const timer = setTimeout(
      () => fail(`no ready line within ${options.timeoutMs ?? 30_000} ms`),
      options.timeoutMs ?? 30_000,
    )
    const watch = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') =>
      createInterface({ input: stream }).on('line', (line) => {
        if (!ready) output += `${line}\n`
        else options.onLine?.(line, name)
        const match = !ready && name === 'stdout' ? options.ready.exec(line) : null
        if (match) {
          ready = true
          clearTimeout(timer)
          resolve({ process: child, match, stop })
        } else if (ready && !options.onLine && name === 'stderr') process.stderr.write(`[${options.label}] ${line}\n`)
      })
    watch(child.stdout!, 'stdout')
    watch(child.stderr!, 'stderr')
    child.once('error', (error) => fail(error.message))
    child.once('exit', (code, signal) => fail(`exited with ${signal ?? `code ${code}`}`))
  })
}

/** Runs a TypeScript entry point with the same Node and tsx loader as this process. */
export function tsxArgs(entry: string, args: readonly string[] = []): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', entry, ...args] }
}

// CLI: `npx tsx signaling-server/main.ts [--host H] [--port P] [--data-dir D] [--pinned-swarms IDS] [--<limit> N]…`
// (see --help).
// Prints exactly one line `signaling listening on ws://HOST:PORT` on stdout when ready (a parent process
// waits for it); logs go to stderr. SIGINT/SIGTERM close gracefully and exit 0.

import { BaseError } from '../core/errors/BaseError.ts'
import { configHelp, parseConfig } from './config.ts'
import { createSignalingServer } from './createSignalingServer.ts'

// Exit codes: 0 clean shutdown, 1 shutdown overran its bound or startup failed, 2 bad configuration.
async function main(): Promise<number | undefined> {
  let config
  try {
    config = parseConfig(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof BaseError)) throw error
    console.error(error.message)
    return 2
  }
  if (config.help) {
    console.log(configHelp())
    return 0
  }
  const server = await createSignalingServer({
    host: config.host,
    port: config.port,
    dataDir: config.dataDir,
    trustedProxyHeader: config.trustedProxyHeader,
    pinnedSwarms: config.pinnedSwarms,
    limits: config.limits,
  })
  console.log(`signaling listening on ${server.url}`)
  const shutdown = (signal: string) => {
    console.error(`signaling: ${signal}, shutting down`)
    // close() terminates laggards after shutdownTimeoutMs; this only guards against a bug in it.
    setTimeout(() => {
      console.error('signaling: shutdown overran its bound')
      process.exit(1)
    }, config.limits.shutdownTimeoutMs + 2_000).unref()
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('signaling: shutdown failed', error)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', () => shutdown('SIGINT'))
  process.once('SIGTERM', () => shutdown('SIGTERM'))
  return undefined
}

main().then(
  (code) => {
    if (code !== undefined) process.exitCode = code
  },
  (error: unknown) => {
    console.error('signaling: failed to start', error)
    process.exit(1)
  },
)

// The bench's own build of the web app and its own servers. dist/web is rebuilt by other jobs at any time (e2e
// setup, npm start) and a page loaded mid-rebuild gets 404s, so the bench builds into dist/bench-web and serves
// that, beside a signaling server of its own (startStack serves dist/web only).

import { fileURLToPath } from 'node:url'
import { startChild, tsxArgs } from '../../stack/startChild.ts'
import { buildWeb } from '../../stack/buildWeb.ts'
import { createWebServer } from '../../stack/createWebServer.ts'

export type BenchServers = { webUrl: string; stop(): Promise<void> }

const root = fileURLToPath(new URL('../../', import.meta.url))

export async function startBenchServers(host = '127.0.0.1'): Promise<BenchServers> {
  const outDir = `${root}dist/bench-web`
  await buildWeb(outDir)
  const { command, args } = tsxArgs(`${root}signaling-server/main.ts`, ['--host', host, '--port', '0'])
  const signaling = await startChild({
    label: 'signaling',
    command,
    args,
    ready: /^signaling listening on (ws:\/\/\S+)$/,
  })
  try {
    const signalingUrl = signaling.match[1]!
    const web = await createWebServer({
      root: outDir,
      host,
      port: 0,
      config: { signalingUrl, registryUrl: signalingUrl.replace(/^ws/, 'http'), iceServers: [] },
    })
    return {
      webUrl: web.url,
      async stop() {
        await web.close()
        await signaling.stop()
      },
    }
  } catch (error) {
    await signaling.stop()
    throw error
  }
}

import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/** Builds the web app into dist/web with the project's vite.config.ts. */
export async function buildWeb(): Promise<void> {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  await build({ configFile: `${root}vite.config.ts`, root: `${root}web`, logLevel: 'warn' })
}

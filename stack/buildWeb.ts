import { fileURLToPath } from 'node:url'
import { build } from 'vite'

/** Builds the web app with the project's vite.config.ts, into dist/web unless told another folder. */
export async function buildWeb(outDir?: string): Promise<void> {
  const root = fileURLToPath(new URL('../', import.meta.url))
  await build({
    configFile: `${root}vite.config.ts`,
    root: `${root}web`,
    logLevel: 'warn',
    ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
  })
}

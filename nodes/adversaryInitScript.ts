// The attack code, for headless volunteers only: installAdversary.ts and core/adversary/ bundled into one classic
// script that launchVolunteers.ts adds to every page before it loads. The app's production bundle has none of it
// (stack/buildWeb.test.ts checks), so a volunteer's browser never downloads a way to lie.
import { fileURLToPath } from 'node:url'
import { build, type Rolldown } from 'vite'

let bundled: Promise<string> | undefined

/** The script's source; bundled on the first call (a fraction of a second), then the same text for every page. */
export function adversaryInitScript(): Promise<string> {
  bundled ??= bundle()
  return bundled
}

async function bundle(): Promise<string> {
  const entry = fileURLToPath(new URL('installAdversary.ts', import.meta.url))
  const output = (await build({
    configFile: false,
    publicDir: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry, formats: ['iife'], name: 'starlingAdversary', fileName: 'adversary' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[]
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => result.output)
  const [chunk, ...rest] = chunks.filter((file) => file.type === 'chunk')
  if (!chunk || rest.length > 0) throw new Error(`the adversary script bundled into ${chunks.length} files, not one`)
  return chunk.code
}

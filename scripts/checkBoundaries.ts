// Which top-level folder may import which (docs/architecture.md §1, "Folder map and import rules"), enforced:
// `npm run check:boundaries` (part of `npm test`) reads every .ts and .svelte file git tracks, takes each relative
// import, export-from and import() specifier (a `?worker&url` suffix included), resolves it to the folder it lands
// in and prints one line per import the tables below do not allow, then exits 1.
//
// An entry in a table is a folder ('core'), a path under a folder ('contracts/testing'), or one file, optionally
// with the exact query it must be imported with ('worker/trainingWorker.ts?worker&url'). A folder missing from
// `allowed` may import nothing of ours until it is given an entry: adding a top-level folder is a decision.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

/** Files at the repository root (vite.config.ts, playwright.config.ts, …) belong to the folder '.'. */
const root = '.'

/** What each folder's code may import besides itself. '*' means anything. */
export const allowed: Readonly<Record<string, readonly string[]>> = {
  core: [],
  chain: ['core'],
  http: ['core'],
  worker: ['core'],
  web: ['core', 'chain', 'worker/protocol.ts', 'worker/trainingWorker.ts?worker&url'],
  'signaling-server': ['core', 'chain', 'http'],
  // The audits recompute gradients with the worker's own model code and dataset loading, on tfjs's cpu backend.
  validator: ['core', 'chain', 'http', 'worker/model', 'worker/loadDataset.ts', 'datasets'],
  contracts: ['core', 'chain'],
  datasets: ['core'],
  // The page↔driver contract (JoinEvent, StarlingSnapshot) and the backend names the drivers pass to the page.
  nodes: ['core', 'web/src/swarm/SwarmEvent.ts', 'worker/protocol.ts'],
  stack: ['core', 'chain', 'contracts', 'datasets'],
  scripts: ['core', 'stack', 'nodes', 'worker/protocol.ts'],
  e2e: ['*'],
  bench: ['*'],
  [root]: ['*'],
}

/** Harness folders any folder's test code may use (core's excepted: core imports nothing of ours, ever). */
const harness = ['stack', 'nodes', 'datasets', 'contracts/testing']

/** What each folder's test code may import on top of `allowed`. */
export const allowedInTests: Readonly<Record<string, readonly string[]>> = {
  chain: harness,
  http: harness,
  worker: harness,
  // claimRewards.test.ts relays a claim through a real validator relayer and server.
  web: [...harness, 'validator/createRelayer.ts', 'validator/createValidatorServer.ts'],
  'signaling-server': harness,
  // main.test.ts runs the validator against a real signaling server and launches swarms on the demo chain.
  validator: [...harness, 'signaling-server/createSignalingServer.ts', 'contracts/createSwarm.ts'],
  contracts: harness,
  datasets: harness,
  nodes: harness,
  stack: harness,
  scripts: harness,
}

/** Test code: *.test.ts, anything under a testing/ folder, and the worker's browser smoke test and its page. */
export function isTestCode(path: string): boolean {
  return (
    path.endsWith('.test.ts') ||
    path.split('/').includes('testing') ||
    path === 'worker/smoke.ts' ||
    path.startsWith('worker/smoke/')
  )
}

export type SourceFile = { path: string; text: string }
export type Violation = { file: string; specifier: string; target: string; rule: string }

export function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.indexOf('/')) : root
}

/** Relative specifiers of every import, export-from and import() in a .ts file or a .svelte file's scripts. */
export function relativeSpecifiers(file: SourceFile): string[] {
  const scripts = file.path.endsWith('.svelte')
    ? [...file.text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]!)
    : [file.text]
  return scripts
    .flatMap((text) => ts.preProcessFile(text, true, false).importedFiles.map((imported) => imported.fileName))
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
}

function matches(entry: string, target: string, query: string): boolean {
  if (entry === '*') return true
  const [entryPath, entryQuery] = entry.split('?') as [string, string | undefined]
  if (entryQuery !== undefined) return target === entryPath && query === `?${entryQuery}`
  return target === entryPath || target.startsWith(`${entryPath}/`)
}

export function findViolations(files: readonly SourceFile[]): Violation[] {
  const violations: Violation[] = []
  for (const file of files) {
    const from = folderOf(file.path)
    const test = isTestCode(file.path)
    for (const specifier of relativeSpecifiers(file)) {
      const queryAt = specifier.indexOf('?')
      const [path, query] = queryAt < 0 ? [specifier, ''] : [specifier.slice(0, queryAt), specifier.slice(queryAt)]
      const target = posix.normalize(posix.join(posix.dirname(file.path), path))
      if (target.startsWith('../')) {
        violations.push({ file: file.path, specifier, target, rule: 'imports a file outside the repository' })
        continue
      }
      const to = folderOf(target)
      if (to === from) continue
      const rules = allowed[from]
      if (!rules) {
        violations.push({
          file: file.path,
          specifier,
          target,
          rule: `folder ${from}/ has no entry in scripts/checkBoundaries.ts: decide what it may import`,
        })
        continue
      }
      const extra = test ? (allowedInTests[from] ?? []) : []
      if ([...rules, ...extra].some((entry) => matches(entry, target, query))) continue
      const may = rules.length ? rules.join(', ') : 'nothing of ours'
      const inTests = extra.length ? `; its tests also ${extra.join(', ')}` : ''
      violations.push({ file: file.path, specifier, target, rule: `${from}/ may import ${may}${inTests}; not ${to}/` })
    }
  }
  return violations
}

export function formatViolation({ file, specifier, target, rule }: Violation): string {
  return `${file}: '${specifier}' (${target}): ${rule}`
}

function trackedSources(): SourceFile[] {
  const repository = fileURLToPath(new URL('..', import.meta.url))
  const listed = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.svelte'], {
    cwd: repository,
    encoding: 'utf8',
  })
  return listed
    .split('\0')
    .filter(Boolean)
    .flatMap((path) => {
      try {
        return [{ path, text: readFileSync(join(repository, path), 'utf8') }]
      } catch {
        return [] // deleted in the working tree, not yet in the index
      }
    })
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = trackedSources()
  const violations = findViolations(files)
  for (const violation of violations) console.error(formatViolation(violation))
  if (violations.length) {
    console.error(`check:boundaries: ${violations.length} import(s) cross a folder boundary they must not`)
    process.exit(1)
  }
  console.log(`check:boundaries: ${files.length} files, every import within the allowed edges`)
}

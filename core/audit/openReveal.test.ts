import { describe, expect, test } from 'vitest'
import { codecFor } from '../allreduce/codecFor.ts'
import { contributionChunks, contributionCommitments } from '../allreduce/robust/contributionCommitments.ts'
import type { Codec } from '../manifest/Manifest.ts'
import { openReveal } from './openReveal.ts'
import { MalformedRevealError, encodeReveal } from './revealFormat.ts'

const values = 10_000
const frameBytes = 4_096
const contribution = Float32Array.from({ length: values }, (_, i) => Math.sin(i) * (i % 7))

describe.each<Codec>(['fp32', 'fp16', 'int8'])('openReveal (%s)', (codec) => {
  const implementation = codecFor(codec)
  const chunks = contributionChunks(implementation, frameBytes, contribution, 3)
  const commitments = contributionCommitments(implementation, frameBytes, contribution, 3)

  test('the committed bytes open to the contribution as the codec carries it', () => {
    const opened = openReveal({ bytes: encodeReveal(frameBytes, chunks), commitments, codec, values })
    expect(opened.kind).toBe('opened')
    const got = (opened as { contribution: Float32Array }).contribution
    if (codec === 'fp32') expect(got).toEqual(contribution)
    else for (let i = 0; i < values; i += 997) expect(Math.abs(got[i]! - contribution[i]!)).toBeLessThan(0.05)
  })

  test('other bytes are nobody’s answer: one flipped byte, a missing chunk, another frame size', () => {
    const flipped = chunks.map((chunk) => chunk.slice())
    flipped[1]![10]! ^= 1
    expect(openReveal({ bytes: encodeReveal(frameBytes, flipped), commitments, codec, values }).kind).toBe('mismatch')
    expect(openReveal({ bytes: encodeReveal(frameBytes, chunks.slice(0, 2)), commitments, codec, values }).kind).toBe(
      'mismatch',
    )
    const resegmented = encodeReveal(1_024, contributionChunks(implementation, 1_024, contribution, 3))
    const opened = openReveal({ bytes: resegmented, commitments, codec, values })
    // fp32 and fp16 bytes do not depend on where segments end; int8's block scales do.
    expect(opened.kind).toBe(codec === 'int8' ? 'mismatch' : 'opened')
  })
})

test('an unreadable header is a MalformedRevealError', () => {
  const commitments = contributionCommitments(codecFor('fp32'), frameBytes, contribution, 2)
  for (const bytes of [new Uint8Array(3), new Uint8Array(64), encodeReveal(16, [])])
    expect(() => openReveal({ bytes, commitments, codec: 'fp32', values })).toThrow(MalformedRevealError)
})

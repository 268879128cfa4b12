import { describe, expect, test } from 'vitest'
import { createPartition } from './partition.ts'
import { isReduceStep, ownedChunk, receiveChunk, sendChunk, stepCount } from './ringSchedule.ts'

describe('ring schedule', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'N = %i: every chunk is summed over all ranks at its owner, then reaches every rank',
    (size) => {
      // Symbolic run: which ranks' values each rank holds for each chunk.
      const holds = Array.from({ length: size }, (_, rank) => Array.from({ length: size }, () => new Set([rank])))
      for (let step = 0; step < stepCount(size); step++) {
        const sent = Array.from({ length: size }, (_, rank) => {
          const chunk = sendChunk(rank, step, size)
          return { chunk, values: new Set(holds[rank]![chunk]) }
        })
        // Each step, the ranks together send each chunk exactly once.
        expect(new Set(sent.map((message) => message.chunk)).size).toBe(size)
        for (let rank = 0; rank < size; rank++) {
          const incoming = sent[(rank + size - 1) % size]!
          expect(incoming.chunk).toBe(receiveChunk(rank, step, size))
          const held = holds[rank]![incoming.chunk]!
          if (isReduceStep(step, size)) {
            for (const value of incoming.values) expect(held.has(value)).toBe(false) // never counted twice
            for (const value of incoming.values) held.add(value)
          } else holds[rank]![incoming.chunk] = incoming.values
        }
        if (step === size - 2)
          for (let rank = 0; rank < size; rank++) expect(holds[rank]![ownedChunk(rank)]!.size).toBe(size)
      }
      for (const rank of holds) for (const chunk of rank) expect(chunk.size).toBe(size)
    },
  )

  test('all-gather starts with the owner sending its own chunk', () => {
    for (let size = 2; size <= 8; size++)
      for (let rank = 0; rank < size; rank++) expect(sendChunk(rank, size - 1, size)).toBe(ownedChunk(rank))
  })
})

describe('partition', () => {
  test.each([
    [0, 3, 4],
    [2, 5, 4],
    [7, 3, 2],
    [100, 8, 7],
    [1001, 7, 64],
  ])(
    'L = %i, N = %i, segments of %i cover the vector once, chunks differ by at most one',
    (length, chunks, segmentValues) => {
      const partition = createPartition(length, chunks, segmentValues)
      const covered = new Uint8Array(length)
      const sizes: number[] = []
      for (let chunk = 0; chunk < chunks; chunk++) {
        sizes.push(partition.chunkEnd(chunk) - partition.chunkStart(chunk))
        for (let segment = 0; segment < partition.segmentCount(chunk); segment++) {
          const start = partition.segmentStart(chunk, segment)
          const end = partition.segmentEnd(chunk, segment)
          expect(end - start).toBeGreaterThan(0)
          expect(end - start).toBeLessThanOrEqual(segmentValues)
          for (let i = start; i < end; i++) covered[i]!++
        }
      }
      expect([...covered].every((count) => count === 1)).toBe(true)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      expect(partition.chunkStart(0)).toBe(0)
      expect(partition.chunkEnd(chunks - 1)).toBe(length)
    },
  )
})

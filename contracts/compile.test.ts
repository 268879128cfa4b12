import { expect, test } from 'vitest'
import { compileContracts, contractNames } from './compile.ts'

test('compiles every deployable contract once, then serves the cache', async () => {
  const first = await compileContracts()
  for (const name of contractNames) {
    expect(first.artifacts[name].bytecode).toMatch(/^0x[0-9a-f]{100,}$/)
    expect(first.artifacts[name].abi.length).toBeGreaterThan(0)
  }
  const started = performance.now()
  const second = await compileContracts()
  expect(second.cached).toBe(true)
  expect(second.cacheFile).toBe(first.cacheFile)
  expect(second.artifacts).toEqual(first.artifacts)
  expect(performance.now() - started).toBeLessThan(500)
})

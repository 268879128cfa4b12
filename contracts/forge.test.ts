// Runs the Solidity unit, fuzz and invariant tests (contracts/test) with forge, offline on solc-js, so that
// `npm test` covers them. A clean run compiles for ≈ 20 s and tests for ≈ 20 s on two cores; forge's cache
// (.cache/forge) makes later runs skip the compile.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { foundryBinary } from './foundryBinary.ts'

type ForgeReport = Record<
  string,
  { test_results: Record<string, { status: string; reason: string | null; counterexample: unknown }> }
>

function runForge(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(foundryBinary('forge'), ['test', '--json'], {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

test('forge: every Solidity unit, fuzz and invariant test passes', { timeout: 240_000 }, async () => {
  const { code, stdout, stderr } = await runForge()
  const start = stdout.indexOf('{')
  if (start < 0) throw new Error(`forge printed no report (exit ${code}):\n${stderr}\n${stdout}`)
  const report = JSON.parse(stdout.slice(start)) as ForgeReport
  const results = Object.entries(report).flatMap(([suite, { test_results }]) =>
    Object.entries(test_results).map(([name, result]) => ({ name: `${suite} ${name}`, ...result })),
  )
  const failures = results
    .filter((result) => result.status !== 'Success')
    .map(({ name, reason, counterexample }) => `${name}: ${reason} ${JSON.stringify(counterexample)}`)
  expect(failures).toEqual([])
  expect(code).toBe(0)
  expect(results.length).toBeGreaterThanOrEqual(57)
})

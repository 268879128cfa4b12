import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { buildWeb } from './buildWeb.ts'

const outDir = mkdtempSync(join(tmpdir(), 'starling-build-'))
afterAll(() => rmSync(outDir, { recursive: true, force: true }))

/**
 * Strings only the attack code holds (core/adversary/createAdversaryReducer.ts): an attack's name that nothing else
 * uses, and the seed prefix of its noise. nodes/adversaryInitScript.test.ts checks they are in the injected script.
 */
const attackStrings = ['signflip', 'starling/adversary/noise']

describe('buildWeb', () => {
  // Test tools inject the attack code into their pages (nodes/adversaryInitScript.ts).
  test('the production bundle contains no attack code', async () => {
    await buildWeb(outDir)
    const files = readdirSync(outDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
    expect(files.some((file) => file.endsWith('.js'))).toBe(true)
    const found = files.flatMap((file) => {
      const bytes = readFileSync(file)
      return attackStrings.filter((text) => bytes.includes(text)).map((text) => `${file}: ${text}`)
    })
    expect(found).toEqual([])
  })
})

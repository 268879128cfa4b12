#!/usr/bin/env node
// The `solc` forge runs (see foundry.toml): the npm solc package behind solc's command line, answering only what
// forge asks, `--version` and `--standard-json`, so forge needs no download and runs offline.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'

const solc = createRequire(import.meta.url)('solc')
const args = process.argv.slice(2)

if (args.includes('--version')) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`)
} else if (args.includes('--standard-json')) {
  const input = readFileSync(0, 'utf8')
  // forge inlines every source; the callback only covers a source it left out, relative to its working directory.
  const findImports = (path) => {
    try {
      return { contents: readFileSync(resolve(path), 'utf8') }
    } catch (error) {
      return { error: String(error) }
    }
  }
  process.stdout.write(solc.compile(input, { import: findImports }))
} else {
  process.stderr.write(`solcjs.mjs: unsupported arguments: ${args.join(' ')}\n`)
  process.exit(2)
}

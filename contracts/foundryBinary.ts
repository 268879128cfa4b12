// Path of a Foundry tool's native binary from the @foundry-rs npm packages. We start the binary itself rather
// than the packages' `bin.mjs` wrappers: killing a wrapper leaves the real process orphaned.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { BaseError } from '../core/errors/BaseError.ts'

export type FoundryTool = 'anvil' | 'forge'

const archNames: Partial<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' }

export class FoundryBinaryNotFoundError extends BaseError {
  override name = 'FoundryBinaryNotFoundError' as const
  constructor(tool: FoundryTool, packageName: string, cause?: unknown) {
    super(`No ${tool} binary for ${process.platform}-${process.arch}: ${packageName} is not installed.`, {
      cause,
      metaMessages: ['Run `npm install` on this machine so npm picks the platform package.'],
    })
  }
}

export function foundryBinary(tool: FoundryTool): string {
  const packageName = `@foundry-rs/${tool}-${process.platform}-${archNames[process.arch] ?? process.arch}`
  try {
    const manifest = createRequire(import.meta.url).resolve(`${packageName}/package.json`)
    return join(dirname(manifest), 'bin', process.platform === 'win32' ? `${tool}.exe` : tool)
  } catch (error) {
    throw new FoundryBinaryNotFoundError(tool, packageName, error)
  }
}

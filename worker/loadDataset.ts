import type { Dataset } from '../core/data/datasetFormat.ts'
import { decodeDataset } from '../core/data/decodeDataset.ts'
import { BaseError } from '../core/errors/BaseError.ts'
import type { Hex } from '../core/types/Hex.ts'

export class DatasetFetchError extends BaseError {
  override name = 'DatasetFetchError' as const
  constructor(
    readonly url: string,
    reason: string,
    cause?: unknown,
  ) {
    super(`Could not download the dataset from ${url}: ${reason}.`, { cause })
  }
}

/** The file is not the one the manifest pins: training on it would split the swarm. */
export class DatasetHashMismatchError extends BaseError {
  override name = 'DatasetHashMismatchError' as const
  constructor(
    readonly url: string,
    readonly expected: Hex,
    readonly actual: Hex,
  ) {
    super(`The dataset at ${url} is not the one this swarm trains on.`, {
      metaMessages: [`Expected sha256 ${expected}`, `Received sha256 ${actual}`],
    })
  }
}

/** Fetches a dataset file, checks its sha256 before reading a byte of it, and decodes it. */
export async function loadDataset(url: string, sha256: Hex): Promise<Dataset> {
  let response: Response
  try {
    response = await fetch(url)
  } catch (cause) {
    throw new DatasetFetchError(url, 'the request failed', cause)
  }
  if (!response.ok) throw new DatasetFetchError(url, `the server answered ${response.status} ${response.statusText}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  // crypto.subtle exists only in secure contexts (https, localhost): without it the file cannot be trusted.
  if (!globalThis.crypto?.subtle)
    throw new DatasetFetchError(
      url,
      'this page is not a secure context (https or localhost), so the file cannot be verified',
    )
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  const actual: Hex = `0x${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`
  if (actual !== sha256) throw new DatasetHashMismatchError(url, sha256, actual)
  return decodeDataset(bytes)
}

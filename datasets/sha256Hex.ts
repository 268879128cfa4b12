import { createHash } from 'node:crypto'
import type { Hex } from '../core/types/Hex.ts'

/** sha256 as the manifest writes it: 0x and 64 lowercase hex digits. */
export function sha256Hex(bytes: Uint8Array): Hex {
  return `0x${createHash('sha256').update(bytes).digest('hex')}`
}

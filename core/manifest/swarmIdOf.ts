import { keccak256, stringToBytes } from 'viem'
import type { Manifest } from './Manifest.ts'
import { canonicalJson } from './canonicalJson.ts'
import type { Hex } from '../types/Hex.ts'

/** The swarm id: keccak256 of the manifest's canonical JSON (UTF-8). */
export function swarmIdOf(manifest: Manifest): Hex {
  return keccak256(stringToBytes(canonicalJson(manifest)))
}

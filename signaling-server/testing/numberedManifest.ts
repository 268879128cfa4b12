// Distinct valid manifests of one size for registry tests: the n-th differs only in a fixed-width nonce, so
// every one takes the same bytes and a test can say exactly how many fit.

import { canonicalJson } from '../../core/manifest/canonicalJson.ts'
import { demoManifest } from '../../core/manifest/demoManifest.ts'
import { swarmIdOf } from '../../core/manifest/swarmIdOf.ts'
import type { Hex } from '../../core/types/Hex.ts'

export type NumberedManifest = { id: Hex; body: string; bytes: number }

/** `label` keeps sets apart (a hostile client's manifests and an honest one's); keep it one length per test. */
export function numberedManifest(n: number, label = 'n'): NumberedManifest {
  const manifest = demoManifest({ nonce: `${label}-${String(n).padStart(6, '0')}` })
  return { id: swarmIdOf(manifest), body: JSON.stringify(manifest), bytes: canonicalJson(manifest).length }
}

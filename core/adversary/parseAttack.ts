// `--attack` as text: a kind, then for the kinds that scale something `:scale`. `formatAttack` writes what
// `parseAttack` reads (a noise attack's seed is not part of the text).
//
//   zeros · signflip            no scale
//   scale[:s] · mismatch[:s]    s finite, not 1 (that would be honest); default 100
//   noise[:s]                   s finite and positive, × the gradient's RMS; default 1

import { type Attack, attackKinds, type AttackKind } from './createAdversaryReducer.ts'

const defaultScales = { scale: 100, mismatch: 100, noise: 1 } as const

/** Parses `zeros`, `signflip`, `scale:100`, `noise:2`, `mismatch:100`; throws a RangeError naming --attack. */
export function parseAttack(text: string): Attack {
  const [kind, scaleText, ...rest] = text.split(':')
  if (!attackKinds.includes(kind as AttackKind) || rest.length > 0)
    throw new RangeError(`--attack must be one of ${attackKinds.join(', ')} (optionally :scale), got "${text}"`)
  const known = kind as AttackKind
  if (known === 'zeros' || known === 'signflip') {
    if (scaleText !== undefined) throw new RangeError(`--attack ${known} takes no scale, got "${text}"`)
    return { kind: known }
  }
  const scale = scaleText === undefined ? defaultScales[known] : Number(scaleText)
  if (scaleText === '' || !Number.isFinite(scale))
    throw new RangeError(`--attack ${known}'s scale must be a finite number, got "${scaleText}"`)
  if (known === 'noise' && scale <= 0)
    throw new RangeError(`--attack noise's scale must be positive, got "${scaleText}"`)
  if (known !== 'noise' && scale === 1)
    throw new RangeError(`--attack ${known}'s scale must not be 1 (that is the honest gradient), got "${scaleText}"`)
  return { kind: known, scale }
}

/** The text `parseAttack` reads back as this attack, seed aside. */
export function formatAttack(attack: Attack): string {
  return attack.kind === 'zeros' || attack.kind === 'signflip' ? attack.kind : `${attack.kind}:${attack.scale}`
}

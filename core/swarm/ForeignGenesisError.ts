import { BaseError } from '../errors/BaseError.ts'
import type { Hex } from '../types/Hex.ts'

/** The swarm's version 0 is not the one this peer computes: its code or its manifest differs from the swarm's. */
export class ForeignGenesisError extends BaseError {
  override name = 'ForeignGenesisError' as const
  constructor(
    readonly published: Hex,
    readonly computed: Hex,
  ) {
    super(
      `Version 0 of this swarm has hash ${published}, ` +
        `but this peer computed ${computed}: its code or manifest differs.`,
    )
  }
}

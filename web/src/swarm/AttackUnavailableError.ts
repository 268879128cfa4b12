import { BaseError } from '../../../core/errors/BaseError.ts'

/** `window.starling.setAttack` on a page no test tool prepared: the app itself ships no attack code. */
export class AttackUnavailableError extends BaseError {
  override name = 'AttackUnavailableError' as const
  constructor() {
    super('This page cannot attack: no test tool registered window.starlingReducerWrapper before it loaded.', {
      metaMessages: [
        'The headless volunteers of `npm run nodes` and e2e tests get one (nodes/adversaryInitScript.ts).',
      ],
    })
  }
}

import { BaseError } from '../errors/BaseError.ts'

/** A published or submitted receipt that is not even well-formed (its signatures are checked separately). */
export class MalformedReceiptError extends BaseError {
  override name = 'MalformedReceiptError' as const
  constructor(readonly reason: string) {
    super(`Malformed receipt: ${reason}.`)
  }
}

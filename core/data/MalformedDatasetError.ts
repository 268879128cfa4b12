import { BaseError } from '../errors/BaseError.ts'

/** A dataset file, or dataset contents to encode, that break the format of datasetFormat.ts. */
export class MalformedDatasetError extends BaseError {
  override name = 'MalformedDatasetError' as const
  constructor(readonly reason: string) {
    super(`Malformed dataset: ${reason}.`)
  }
}

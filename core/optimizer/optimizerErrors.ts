import { BaseError } from '../errors/BaseError.ts'

/** A gradient holding NaN or ±Infinity: applying it would poison every member's parameters for good. */
export class NonFiniteGradientError extends BaseError {
  override name = 'NonFiniteGradientError' as const
  constructor(
    readonly index: number,
    readonly value: number,
  ) {
    super(`The gradient holds ${value} at index ${index}; the step was not applied.`)
  }
}

/** Parameters, gradient and optimizer state must all have one value per parameter. */
export class OptimizerLengthMismatchError extends BaseError {
  override name = 'OptimizerLengthMismatchError' as const
  constructor(
    readonly what: 'gradient' | 'optimizer state',
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`The ${what} has ${actual} values but the parameters have ${expected}; the step was not applied.`)
  }
}

/** An Adam state handed to an SGD step, or the reverse. */
export class OptimizerTypeMismatchError extends BaseError {
  override name = 'OptimizerTypeMismatchError' as const
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`The optimizer is ${expected} but its state is for ${actual}.`)
  }
}

/** Encoded optimizer state that cannot be decoded: truncated, of another version, or holding impossible values. */
export class MalformedOptimizerStateError extends BaseError {
  override name = 'MalformedOptimizerStateError' as const
  constructor(readonly reason: string) {
    super(`Malformed optimizer state: ${reason}.`)
  }
}

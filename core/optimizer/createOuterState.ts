import type { OuterState } from './outerStep.ts'

/** The outer state before the first outer step: zero momentum. */
export function createOuterState(parameterCount: number): OuterState {
  return { step: 0, velocity: new Float32Array(parameterCount) }
}

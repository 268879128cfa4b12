/** The last tenth of a token stream is held out; training windows never read into it. */
export const textHeldOutFraction = 1 / 10

/** At most this many held-out windows are evaluated, evenly spaced, so an evaluation stays a few seconds long. */
export const maxHeldOutWindows = 4096

export type TextSplit = {
  /** Train sample i is the window of `context` tokens starting at token i, and the token after it is the target. */
  trainSize: number
  /** First token of each held-out window. */
  heldOut: Uint32Array
}

/**
 * The train/held-out split of a token stream for a model that reads `context` tokens to predict the next.
 * Contiguous rather than shuffled: neighbouring windows overlap, so a shuffled split would leak held-out text.
 */
export function splitText(tokenCount: number, context: number): TextSplit {
  const trainEnd = tokenCount - Math.floor(tokenCount * textHeldOutFraction)
  const trainSize = Math.max(0, trainEnd - context)
  const window = context + 1
  const available = Math.max(0, Math.floor((tokenCount - trainEnd) / window))
  const count = Math.min(available, maxHeldOutWindows)
  const stride = count > 0 ? Math.floor((tokenCount - trainEnd - window) / Math.max(1, count - 1)) : 0
  const heldOut = new Uint32Array(count)
  for (let k = 0; k < count; k++) heldOut[k] = trainEnd + k * stride
  return { trainSize, heldOut }
}

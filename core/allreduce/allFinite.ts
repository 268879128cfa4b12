/** Whether every value is finite: v − v is 0 for every finite v and NaN otherwise, one branch-free pass. */
export function allFinite(values: Float32Array): boolean {
  let poison = 0
  for (let i = 0; i < values.length; i++) poison += values[i]! - values[i]!
  return poison === 0
}

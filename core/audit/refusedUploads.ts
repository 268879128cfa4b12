// The uploads an open audit refused, kept so that its verdict can say why no answer counted. Anyone can upload in a
// member's name, so a refusal is no evidence against the member (a griefer would ban honest members): it only
// explains an `unanswered` verdict. Bounded: a flood of junk keeps a count and the latest few reasons.
export type RefusedUpload = {
  /** Why, in words: "malformed reveal: …", "oversized: …", "not the committed bytes: …". */
  reason: string
  /** Wall-clock milliseconds. */
  at: number
}
export type RefusedUploads = { count: number; latest: readonly RefusedUpload[] }

export const keptRefusals = 3

export const noRefusals: RefusedUploads = { count: 0, latest: [] }

export function withRefusal(refused: RefusedUploads, upload: RefusedUpload): RefusedUploads {
  return { count: refused.count + 1, latest: [...refused.latest, upload].slice(-keptRefusals) }
}

/** "2 uploads refused: a; b", or "5 uploads refused, the latest 3: c; d; e"; empty when none was. */
export function describeRefusals({ count, latest }: RefusedUploads): string {
  if (count === 0) return ''
  const which = count > latest.length ? `, the latest ${latest.length}` : ''
  return `${count} ${count === 1 ? 'upload' : 'uploads'} refused${which}: ${latest.map((r) => r.reason).join('; ')}`
}

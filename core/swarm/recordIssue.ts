import { type MapName, type RecordMaps, recordKey } from './records.ts'

// Yjs has no access control: any peer can write anything into the doc. Readers therefore check every
// record's shape and that it is stored under its own key (then its signature, recordEnvelope.ts, and its
// plausibility, recordPlausibility.ts), and ignore (and count) the rest.

const isInt = (v: unknown, min = 0): v is number => Number.isSafeInteger(v) && (v as number) >= min
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
/** A peer id is its key's address, lowercase. */
const isPeer = (v: unknown): v is string => typeof v === 'string' && /^0x[0-9a-f]{40}$/.test(v)
const isPeers = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length <= 1024 && v.every(isPeer) && new Set(v).size === v.length
const isHash = (v: unknown): v is string => typeof v === 'string' && /^0x[0-9a-f]{64}$/.test(v)
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max
/** Signed records carried inside another (a version's evidence); their contents are checked where they are used. */
const isEnvelopes = (v: unknown): boolean =>
  Array.isArray(v) && v.length <= 1024 && v.every((e) => isObject(e) && isObject(e.r) && typeof e.s === 'string')
/** A ban's evidence is carried in the doc that every replica syncs: bounded like a record, not like a payload. */
const maxEvidenceChars = 16_384
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const checks: { [K in MapName]: (r: Record<string, unknown>) => string | undefined } = {
  versions: (r) =>
    !isInt(r.version)
      ? 'version'
      : !isHash(r.hash)
        ? 'hash'
        : !isInt(r.round, -1) || r.round !== (r.version as number) - 1
          ? 'round'
          : !isInt(r.attempt)
            ? 'attempt'
            : !isPeers(r.contributors)
              ? 'contributors'
              : !isInt(r.batchSize)
                ? 'batchSize'
                : !isInt(r.nextOffset)
                  ? 'nextOffset'
                  : !isEnvelopes(r.evidence)
                    ? 'evidence'
                    : !isFiniteNumber(r.loss)
                      ? 'loss'
                      : !isPeer(r.signer)
                        ? 'signer'
                        : !isTime(r.at)
                          ? 'at'
                          : undefined,
  rounds: (r) =>
    !isInt(r.round)
      ? 'round'
      : !isInt(r.attempt)
        ? 'attempt'
        : !isPeers(r.members) || r.members.length === 0
          ? 'members'
          : !isInt(r.offset)
            ? 'offset'
            : !isPeer(r.leader)
              ? 'leader'
              : !isTime(r.at)
                ? 'at'
                : undefined,
  reports: (r) =>
    !isInt(r.version, 1)
      ? 'version'
      : !isInt(r.attempt)
        ? 'attempt'
        : !isPeer(r.peer)
          ? 'peer'
          : !isHash(r.hash)
            ? 'hash'
            : !isFiniteNumber(r.loss)
              ? 'loss'
              : !isInt(r.samples)
                ? 'samples'
                : !isObject(r.timings) ||
                    !['compute', 'allreduce', 'optimizer'].every((k) =>
                      isTime((r.timings as Record<string, unknown>)[k]),
                    )
                  ? 'timings'
                  : !isTime(r.at)
                    ? 'at'
                    : undefined,
  failures: (r) =>
    !isInt(r.round)
      ? 'round'
      : !isInt(r.attempt)
        ? 'attempt'
        : !isPeer(r.peer)
          ? 'peer'
          : !(r.culprit === null || isPeer(r.culprit))
            ? 'culprit'
            : !(r.reportedBy === null || isPeer(r.reportedBy))
              ? 'reportedBy'
              : !(r.reason === undefined || r.reason === null || isText(r.reason, 40))
                ? 'reason'
                : !isText(r.cause, 500)
                  ? 'cause'
                  : !isTime(r.at)
                    ? 'at'
                    : undefined,
  commitments: (r) =>
    !isInt(r.round)
      ? 'round'
      : !isInt(r.attempt)
        ? 'attempt'
        : !isPeer(r.peer)
          ? 'peer'
          : !Array.isArray(r.chunks) || r.chunks.length === 0 || r.chunks.length > 1024 || !r.chunks.every(isHash)
            ? 'chunks'
            : !isTime(r.at)
              ? 'at'
              : undefined,
  presence: (r) =>
    !isPeer(r.peer)
      ? 'peer'
      : !isInt(r.version, -1)
        ? 'version'
        : !(r.hash === null || isHash(r.hash))
          ? 'hash'
          : typeof r.active !== 'boolean'
            ? 'active'
            : !isText(r.backend, 40)
              ? 'backend'
              : !isTime(r.at)
                ? 'at'
                : undefined,
  evaluations: (r) =>
    !isInt(r.version)
      ? 'version'
      : !isPeer(r.peer)
        ? 'peer'
        : !isFiniteNumber(r.accuracy) || (r.accuracy as number) < 0 || (r.accuracy as number) > 1
          ? 'accuracy'
          : !isFiniteNumber(r.loss)
            ? 'loss'
            : !isInt(r.samples)
              ? 'samples'
              : !isTime(r.at)
                ? 'at'
                : undefined,
  bans: (r) =>
    !isPeer(r.peer)
      ? 'peer'
      : !isInt(r.version)
        ? 'version'
        : !isText(r.reason, 500)
          ? 'reason'
          : !(r.evidence === undefined || isText(r.evidence, maxEvidenceChars))
            ? 'evidence'
            : !(r.forfeitsFrom === undefined || (isInt(r.forfeitsFrom) && (r.forfeitsFrom as number) >= 1))
              ? 'forfeitsFrom'
              : !isPeer(r.validator)
                ? 'validator'
                : !isTime(r.at)
                  ? 'at'
                  : undefined,
  endpoints: (r) =>
    !isPeer(r.validator)
      ? 'validator'
      : !(isText(r.url, 200) && /^https?:\/\/[^\s]+$/.test(r.url as string))
        ? 'url'
        : !isTime(r.at)
          ? 'at'
          : undefined,
}

/** Why a stored value is not a valid record of `map` under `key`, or undefined if it is one. */
export function recordIssue<K extends MapName>(map: K, key: string, value: unknown): string | undefined {
  if (!isObject(value)) return 'not an object'
  const field = checks[map](value)
  if (field) return `bad ${field}`
  if ((recordKey[map] as (r: RecordMaps[K]) => string)(value as RecordMaps[K]) !== key)
    return 'stored under another key'
  return undefined
}

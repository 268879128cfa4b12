// What each uploader holds in the manifest registry, and the per-uploader bounds on it, so that no one client
// can take more than a sliver of the registry. An uploader is a client address grouped by uploaderOf.ts.

import { BaseError } from '../core/errors/BaseError.ts'
import { limitName, type SignalingLimits } from './limits.ts'

export type UploaderLimitKey = 'maxManifestsPerUploader' | 'maxRegistryBytesPerUploader'

export class UploaderQuotaError extends BaseError {
  override name = 'UploaderQuotaError' as const
  constructor(
    readonly uploader: string,
    readonly limit: UploaderLimitKey,
    readonly value: number,
    readonly held: number,
    readonly bytes: number,
  ) {
    super(
      limit === 'maxManifestsPerUploader'
        ? `This address already holds ${held} manifests in the registry, ` +
            `the most ${limitName(limit)} allows (${value}).`
        : `This address holds ${held} bytes of manifests in the registry; ` +
            `${bytes} more would pass ${limitName(limit)} (${value}).`,
      { metaMessages: ['A manifest frees its share once nobody has used it for manifest-idle-ttl-ms.'] },
    )
  }
}

/** A refund for an uploader that holds nothing: a bug in the caller's bookkeeping, which would skew the quota. */
export class UploaderRefundError extends BaseError {
  override name = 'UploaderRefundError' as const
  constructor(readonly uploader: string) {
    super(`Refunded a manifest of ${uploader}, which holds none.`)
  }
}

export type UploaderUsage = { manifests: number; bytes: number }

export type UploaderQuota = {
  /** Throws UploaderQuotaError if `uploader` may not also hold a manifest of `bytes`. */
  check(uploader: string, bytes: number): void
  charge(uploader: string, bytes: number): void
  refund(uploader: string, bytes: number): void
  /** Uploaders holding at least one manifest. */
  uploaders(): number
  /** The most manifests and the most bytes any one uploader holds, to read next to the limits. */
  largest(): UploaderUsage
}

export function createUploaderQuota(limits: Pick<SignalingLimits, UploaderLimitKey>): UploaderQuota {
  const usage = new Map<string, UploaderUsage>()
  return {
    check(uploader, bytes) {
      const held = usage.get(uploader) ?? { manifests: 0, bytes: 0 }
      const refuse = (limit: UploaderLimitKey, heldOfIt: number) => {
        throw new UploaderQuotaError(uploader, limit, limits[limit], heldOfIt, bytes)
      }
      if (held.manifests + 1 > limits.maxManifestsPerUploader) refuse('maxManifestsPerUploader', held.manifests)
      if (held.bytes + bytes > limits.maxRegistryBytesPerUploader) refuse('maxRegistryBytesPerUploader', held.bytes)
    },
    charge(uploader, bytes) {
      const held = usage.get(uploader) ?? { manifests: 0, bytes: 0 }
      usage.set(uploader, { manifests: held.manifests + 1, bytes: held.bytes + bytes })
    },
    refund(uploader, bytes) {
      const held = usage.get(uploader)
      if (held === undefined) throw new UploaderRefundError(uploader)
      if (held.manifests <= 1) usage.delete(uploader)
      else usage.set(uploader, { manifests: held.manifests - 1, bytes: held.bytes - bytes })
    },
    uploaders: () => usage.size,
    largest() {
      const most = { manifests: 0, bytes: 0 }
      for (const held of usage.values()) {
        most.manifests = Math.max(most.manifests, held.manifests)
        most.bytes = Math.max(most.bytes, held.bytes)
      }
      return most
    },
  }
}

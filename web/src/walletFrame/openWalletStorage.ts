import { WalletStorageBlockedError } from './WalletStorageBlockedError.ts'

/** The wallet page's localStorage. A framed page whose browser blocks third-party storage gets a SecurityError on
 * first touch (Chromium: "Access is denied for this document"), which is turned into words here. */
export function openWalletStorage(): Storage {
  try {
    const storage = window.localStorage
    storage.getItem('starling.wallet.v1')
    return storage
  } catch (error) {
    throw new WalletStorageBlockedError(location.origin, { cause: error })
  }
}

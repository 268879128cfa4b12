// What Starling's wallet page does for the page that frames it: shows the payee, records which account is paid,
// and claims this wallet's own receipts. It never hands out the key, and signs nothing but those claims: the framing
// page may be any site, and the tokens the key controls are the volunteer's.
import { privateKeyToAddress } from 'viem/accounts'
import { decodeReceipt } from '../../../core/rewards/publishedReceipt.ts'
import { type ClaimDeployment, claimRewards } from '../rewards/claimRewards.ts'
import { generatedSender } from '../rewards/generatedSender.ts'
import type { ClaimResult } from '../rewards/OnChain.ts'
import { WalletError } from '../rewards/WalletError.ts'
import { loadWallet, rememberInjected } from '../rewards/walletStorage.ts'
import type { WalletRequest, WalletView } from './walletFrameProtocol.ts'

export type WalletRequestHandlerParameters = {
  /** The wallet page's own storage, on Starling's origin; opened for each request, and may throw (a browser that
   * blocks third-party storage: openWalletStorage.ts), which refuses that request. */
  storage: () => Storage
  /** Where claims go: from the wallet page's own config.json, never from the page that asks. */
  deployment(): Promise<ClaimDeployment>
}

export function createWalletRequestHandler({ storage, deployment }: WalletRequestHandlerParameters) {
  // Fresh objects of known fields only: nothing else of the stored wallet can travel with them.
  const view = (): WalletView => {
    const { key, injected } = loadWallet(storage())
    return { generated: privateKeyToAddress(key), injected: injected ?? null }
  }

  return async function handleWalletRequest(request: WalletRequest): Promise<WalletView | ClaimResult> {
    switch (request.type) {
      case 'open':
        return view()
      case 'choose-payee':
        rememberInjected(request.injected ?? undefined, storage())
        return view()
      case 'claim': {
        const signed = decodeReceipt(request.receipt)
        const { key } = loadWallet(storage())
        const own = privateKeyToAddress(key)
        // Anyone may claim for anyone, but this wallet's ether pays only for its own claims.
        if (signed.receipt.contributor !== own)
          throw new WalletError(
            `This wallet claims only its own receipts (${own}); this one is for ${signed.receipt.contributor}.`,
          )
        const claim = await deployment()
        const { transaction, amount, relayed } = await claimRewards({
          ...claim,
          signed,
          sender: generatedSender(key, claim.chain),
        })
        return { transaction, amount, relayed }
      }
      default:
        return request satisfies never
    }
  }
}

// Submits claims for volunteers whose wallet holds no ether. The validator pays the gas; the contract pays the
// tokens to the receipt's contributor and no one else, whoever sends the transaction.
//
// Bounds: the body is a receipt and nothing more (decodeReceipt); it must be for this swarm, carry the threshold
// of validator signatures (checked off chain first) and pay something (checked by simulation), so every relay
// that costs gas pays a contributor for real, receipted work, and a refused one costs nothing. Claims go out one
// at a time from one account (no nonce races, across all the swarms of one validator too: `sendLine`), at most
// `maxQueued` waiting and one per contributor.
import { type Address, type Hex, getAddress, parseEventLogs } from 'viem'
import type { RewardSpec } from '../core/manifest/Manifest.ts'
import { decodeRewardsError } from '../core/rewards/decodeRewardsError.ts'
import { explainRevertedTransaction } from '../core/rewards/explainRevertedTransaction.ts'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import { RewardsRejectedError } from '../core/rewards/RewardsRejectedError.ts'
import { verifyReceipt } from '../core/rewards/verifyReceipt.ts'
import { MalformedReceiptError } from '../core/rewards/MalformedReceiptError.ts'
import { decodeReceipt } from '../core/rewards/publishedReceipt.ts'
import type { RpcClient } from '../chain/rpcClient.ts'
import { createSendLine, type SendLine } from './createSendLine.ts'
import { RelayRefusedError } from './RelayRefusedError.ts'

export type CreateRelayerParameters = {
  /** Signs and pays for the claims: the validator's account. */
  client: RpcClient
  swarmId: Hex
  rewards: RewardSpec
  /** Wall-clock milliseconds, to refuse expired receipts before simulating. */
  now: () => number
  maxQueued?: number
  /** How often to poll for the claim's transaction receipt; about a block time. */
  pollingIntervalMs?: number
  /** Shared by every relayer of one account (a validator of several swarms); default: this relayer's own. */
  sendLine?: SendLine
}
export type RelayResult = { transaction: Hex; contributor: Address; totalUnits: bigint; amount: bigint }
export type Relayer = { relay(body: unknown): Promise<RelayResult> }
export type RelayErrorType = RelayRefusedError

export function createRelayer({
  client,
  swarmId,
  rewards,
  now,
  maxQueued = 16,
  pollingIntervalMs = 1_000,
  sendLine = createSendLine(),
}: CreateRelayerParameters): Relayer {
  const pending = new Set<Address>()

  const submit = async (
    contributor: Address,
    totalUnits: bigint,
    deadline: bigint,
    signatures: Hex,
  ): Promise<RelayResult> => {
    const args = [swarmId, contributor, totalUnits, deadline, signatures] as const
    let hash: Hex
    try {
      const { request } = await client.simulateContract({
        address: rewards.contract,
        abi: rewardsAbi,
        functionName: 'claim',
        args,
      })
      hash = await client.writeContract(request)
    } catch (error) {
      throw refusal(error)
    }
    const mined = await client
      .waitForTransactionReceipt({ hash, pollingInterval: pollingIntervalMs })
      .catch((error: unknown) => {
        throw new RelayRefusedError(502, `The claim ${hash} was sent but its receipt could not be read.`, {
          cause: error,
        })
      })
    if (mined.status !== 'success') {
      throw refusal(await explainRevertedTransaction({ client, hash }).catch((error: unknown) => error), hash)
    }
    const [claimed] = parseEventLogs({ abi: rewardsAbi, logs: mined.logs, eventName: 'Claimed' })
    return { transaction: hash, contributor, totalUnits, amount: claimed?.args.amount ?? 0n }
  }

  return {
    relay: async (body) => {
      let parsed: ReturnType<typeof decodeReceipt>
      try {
        parsed = decodeReceipt(body)
      } catch (error) {
        if (error instanceof MalformedReceiptError)
          throw new RelayRefusedError(400, error.shortMessage, { cause: error })
        throw error
      }
      const { receipt, signatures } = parsed
      if (receipt.swarm !== swarmId.toLowerCase())
        throw new RelayRefusedError(404, `This validator relays claims for swarm ${swarmId} only.`)
      try {
        await verifyReceipt({
          chainId: rewards.chainId,
          contract: rewards.contract,
          receipt,
          signatures,
          validators: rewards.validators,
          threshold: rewards.threshold,
          now: BigInt(Math.floor(now() / 1000)),
        })
      } catch (error) {
        throw refusal(error)
      }
      const contributor = getAddress(receipt.contributor)
      if (pending.has(contributor))
        throw new RelayRefusedError(429, `A claim for ${contributor} is already being relayed; wait for it.`)
      if (pending.size >= maxQueued)
        throw new RelayRefusedError(429, 'The validator is relaying many claims right now; try again in a minute.')
      pending.add(contributor)
      return sendLine(() => submit(contributor, receipt.totalUnits, receipt.deadline, signatures)).finally(() =>
        pending.delete(contributor),
      )
    },
  }
}

/** The contract's reason in words when there is one (422); otherwise the chain or node failed (502). */
function refusal(error: unknown, hash?: Hex): RelayRefusedError {
  if (error instanceof RelayRefusedError) return error
  const rejected = error instanceof RewardsRejectedError ? error : decodeRewardsError(error)
  if (rejected) return new RelayRefusedError(422, rejected.shortMessage, { cause: rejected })
  return new RelayRefusedError(502, `The claim could not be sent${hash ? ` (transaction ${hash} reverted)` : ''}.`, {
    cause: error,
  })
}

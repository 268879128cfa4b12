// Watches a rewards contract for swarms created with this validator in their validator set: what a proposer's
// launch page creates while the validator runs. Polls logs (anvil and most RPCs have no push), block range by
// block range, so no swarm is missed across a restart of the poll or a slow answer.
import { type Address, getAddress, type Hex } from 'viem'
import { rewardsAbi } from '../chain/rewardsAbi.ts'
import type { RpcClient } from '../chain/rpcClient.ts'

export type FollowSwarmCreationParameters = {
  client: RpcClient
  contract: Address
  validator: Address
  /**
   * Called once per swarm that names this validator, in the order created; a rejection goes to onError and the swarm is
   * passed over.
   */
  onSwarm: (swarmId: Hex) => Promise<void>
  onError: (error: unknown) => void
  /** First block to read (default 0: every swarm the contract ever created). */
  fromBlock?: bigint
  pollingIntervalMs?: number
}

export function followSwarmCreation(parameters: FollowSwarmCreationParameters): { stop(): void } {
  const { client, contract, onSwarm, onError } = parameters
  const validator = getAddress(parameters.validator)
  let next = parameters.fromBlock ?? 0n
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined

  const poll = async () => {
    try {
      const latest = await client.getBlockNumber()
      if (latest >= next) {
        const logs = await client.getContractEvents({
          address: contract,
          abi: rewardsAbi,
          eventName: 'SwarmCreated',
          fromBlock: next,
          toBlock: latest,
        })
        for (const log of logs) {
          if (stopped) return
          const { swarm, validators } = log.args
          if (swarm && validators?.some((v) => getAddress(v) === validator)) await onSwarm(swarm).catch(onError)
        }
        next = latest + 1n
      }
    } catch (error) {
      onError(error)
    }
    if (!stopped) timer = setTimeout(() => void poll(), parameters.pollingIntervalMs ?? 1_000)
  }
  void poll()
  return {
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}

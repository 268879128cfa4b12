// The world a validator test needs: the demo chain with a funded swarm for a fresh manifest, a signaling server
// whose registry holds that manifest, and the validator CLI (a child process: y-webrtc allows one doc per room per
// process, and the test holds the volunteers' docs) following the contract.
import { demoManifest } from '../../core/manifest/demoManifest.ts'
import { createSignalingServer, type SignalingServer } from '../../signaling-server/createSignalingServer.ts'
import { registerManifest } from '../../stack/registerManifest.ts'
import { type DemoChain, startDemoChain } from '../../stack/startDemoChain.ts'
import { startValidatorChild, type ValidatorChild } from '../../stack/startValidatorChild.ts'

export type ValidatorStack = { chain: DemoChain; signaling: SignalingServer; validator: ValidatorChild }

/** `nonce` makes the swarm this test's own; `onLine` receives the validator's log instead of stderr. */
export async function startValidatorStack(
  nonce: string,
  options: { onLine?: (line: string) => void } = {},
): Promise<ValidatorStack> {
  const [chain, signaling] = await Promise.all([
    // Receipts that follow commits at once, and no audits of the versions these tests write themselves: what they
    // check is the CLI, the routes and the relay; the audit window, probation and audits are tested on docs of their
    // own (createReceiptPublisher.test.ts, core/audit/) and with real volunteers (e2e/audits.spec.ts).
    startDemoChain(demoManifest({ nonce }), { rules: { auditWindow: 0, probationRounds: 0, auditRate: 0 } }),
    createSignalingServer({ log: () => undefined }),
  ])
  await registerManifest(signaling.httpUrl, chain.manifest)
  const validator = await startValidatorChild({
    host: '127.0.0.1',
    swarmId: chain.swarmId,
    follow: chain.rewards,
    registryUrl: signaling.httpUrl,
    signalingUrl: signaling.url,
    rpcUrl: chain.rpcUrl,
    key: chain.validatorKey,
    ...(options.onLine ? { onLine: options.onLine } : {}),
  })
  return { chain, signaling, validator }
}

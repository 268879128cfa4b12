// Entry of wallet.html, Starling's wallet page for the widget. The widget runs in the host site's origin, where
// that site can read every stored value; this page runs in Starling's, so the widget's generated key lives here:
//   framed, hidden:         answers the widget's requests (answerWalletRequests.ts), never with the key;
//   framed, ?view=export:   shows the key on the volunteer's request, inside this origin's frame;
//   opened on its own:      only says what it is for.
import { mount } from 'svelte'
import { loadConfig } from '../config/loadConfig.ts'
import '../styles.css'
import type { ClaimDeployment } from '../rewards/claimRewards.ts'
import { answerWalletRequests } from './answerWalletRequests.ts'
import { claimDeploymentOf } from './claimDeploymentOf.ts'
import { createWalletRequestHandler } from './handleWalletRequest.ts'
import { openWalletStorage } from './openWalletStorage.ts'
import WalletExportView from './WalletExportView.svelte'

const main = document.getElementById('wallet')!
let deployment: Promise<ClaimDeployment> | undefined
// Read once, on the first claim; a failed read is tried again on the next.
const loadDeployment = () =>
  (deployment ??= loadConfig(import.meta.env.BASE_URL, '')
    .then(claimDeploymentOf)
    .catch((error: unknown) => {
      deployment = undefined
      throw error
    }))

if (new URLSearchParams(location.search).get('view') === 'export') {
  main.replaceChildren()
  mount(WalletExportView, { target: main })
} else if (window.parent !== window) {
  answerWalletRequests({
    window,
    handle: createWalletRequestHandler({ storage: openWalletStorage, deployment: loadDeployment }),
  })
}

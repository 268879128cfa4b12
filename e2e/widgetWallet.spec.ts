import { expect, type Frame, type Page, test } from '@playwright/test'
import { type Address, createPublicClient, erc20Abi, type Hex, http } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { launchChromium } from '../nodes/launchChromium.ts'
import { startStack } from '../stack/startStack.ts'
import { startHostSite } from './startHostSite.ts'

// Issue 15: the widget runs in the host site's origin, so its generated wallet key must not: it lives in Starling's
// wallet page (wallet.html), framed from Starling's origin. The widget trains on the demo swarm, which pays; the
// test shows that the host page's storage and scripts never see the key, that the payee the widget declared (the
// one the validator receipts) is the frame's, that claim and export work from the widget, and that the payee
// survives a reload. The host is another origin of the same site (another port), as in product.spec.ts: this
// Chromium, like private windows, denies a cross-site frame its storage, which the second test covers.
const storageKey = 'starling.wallet.v1'

const title = 'the widget’s wallet key stays on Starling’s origin, out of the host page’s storage and reach'
test(title, async ({}, testInfo) => {
  test.setTimeout(4 * 60_000)
  const stack = await startStack({ build: false, chain: true })
  const chain = stack.chain!
  const client = createPublicClient({ transport: http(chain.rpcUrl) })
  const browser = await launchChromium()
  const site = await startHostSite(hostPage(stack.webUrl, stack.swarmId))
  expect(new URL(site.url).origin).not.toBe(new URL(stack.webUrl).origin)
  const pageErrors: string[] = []
  try {
    const host = await (await browser.newContext({ viewport: { width: 800, height: 1000 } })).newPage()
    host.on('pageerror', (error) => pageErrors.push(error.message))
    await host.goto(site.url)
    await host.getByRole('button', { name: 'Start training' }).click({ timeout: 30_000 })
    const address = host.getByTestId('wallet-address')
    await expect(address).toHaveText(/^0x[0-9a-fA-F]{40}$/, { timeout: 60_000 })
    const payee = (await address.textContent()) as Address
    expect(payee).not.toBe('0x0000000000000000000000000000000000000000')

    // The frame holds the key in its own (Starling's) storage, and the widget pays the address of that key.
    const frame = walletFrame(host, stack.webUrl)
    const key = await storedKey(frame)
    expect(privateKeyToAddress(key)).toBe(payee)
    const ready = await frame.evaluate(() => performance.getEntriesByType('navigation')[0]!.duration)
    console.log(`wallet page loaded in ${ready.toFixed(0)} ms`)

    // The payee the widget declared in the swarm is that one: the validator signs receipts for it.
    await expect(host.getByTestId('widget-version')).not.toHaveText('0', { timeout: 120_000 })
    await expect
      .poll(async () => (await fetch(`${chain.validatorUrl}/swarms/${stack.swarmId}/receipts/${payee}`)).status, {
        timeout: 60_000,
      })
      .toBe(200)

    await expectKeyOutOfHostReach(host, key, payee)

    // Claim from the widget: the frame sends it (relayed, since its wallet holds no ether) and the payee is paid.
    const balance = () =>
      client.readContract({ address: chain.token, abi: erc20Abi, functionName: 'balanceOf', args: [payee] })
    expect(await balance()).toBe(0n)
    await expect(host.getByRole('button', { name: 'Claim' })).toBeEnabled({ timeout: 30_000 })
    await host.getByRole('button', { name: 'Claim' }).click()
    await expect(host.getByTestId('claim-outcome')).toHaveText(/^Claimed .* STAR, sent for you by the validator/, {
      timeout: 60_000,
    })
    expect(await balance()).toBeGreaterThan(0n)

    // Export from the widget: Starling's page shows the key in its own frame; the host's DOM never holds it.
    await host.getByText("Export this browser's wallet").click()
    const exportFrame = host.frameLocator('[data-testid="wallet-export-frame"]')
    await exportFrame.getByRole('button', { name: 'Show the private key' }).click()
    await expect(exportFrame.getByLabel('Private key')).toHaveValue(key)
    await host.screenshot({ path: testInfo.outputPath('widget-wallet-export.png'), fullPage: true })
    await expectKeyOutOfHostReach(host, key, payee)
    expect(
      await host.evaluate(() => {
        const root = document.querySelector('starling-swarm')!.shadowRoot!
        return root.querySelector('iframe')!.contentDocument
      }),
    ).toBeNull()

    // After a reload the widget pays the same wallet, and the frame still holds the same key.
    await host.reload()
    await host.getByRole('button', { name: 'Start training' }).click({ timeout: 30_000 })
    await expect(address).toHaveText(payee, { timeout: 60_000 })
    expect(await storedKey(walletFrame(host, stack.webUrl))).toBe(key)
    await expectKeyOutOfHostReach(host, key, payee)
    expect(pageErrors).toEqual([])
  } finally {
    await browser.close()
    await site.close()
    await stack.stop()
  }
})

// Where the frame cannot help, the widget says why in words and still keeps nothing in the host's storage: on
// another site (127.0.0.2), whose frames this Chromium denies storage as private windows do, and on a page whose
// Content-Security-Policy forbids frames, where the wallet page never answers.
test('a wallet frame without storage, or blocked, is reported in words; the host holds no key', async () => {
  test.setTimeout(3 * 60_000)
  const stack = await startStack({ build: false, chain: true })
  const browser = await launchChromium()
  const crossSite = await startHostSite(hostPage(stack.webUrl, stack.swarmId), '127.0.0.2')
  const noFrames = await startHostSite(hostPage(stack.webUrl, stack.swarmId, "frame-src 'none'"))
  try {
    const cases = [
      { site: crossSite, says: "This browser does not let Starling's wallet" },
      { site: noFrames, says: "Starling's wallet page (" + `${stack.webUrl}/wallet.html) did not answer at start` },
    ]
    for (const { site, says } of cases) {
      const host = await (await browser.newContext()).newPage()
      await host.goto(site.url)
      await host.getByRole('button', { name: 'Start training' }).click({ timeout: 30_000 })
      await expect(host.getByTestId('volunteer-rewards').getByRole('alert')).toContainText(says, { timeout: 60_000 })
      await expect(host.getByTestId('status')).toContainText(says)
      expect(await host.evaluate(() => Object.keys(localStorage))).not.toContain(storageKey)
      await host.context().close()
    }
  } finally {
    await browser.close()
    await crossSite.close()
    await noFrames.close()
    await stack.stop()
  }
})

/** The hidden wallet frame of the widget (not the export view). */
function walletFrame(page: Page, webUrl: string): Frame {
  const frame = page.frames().find((candidate) => candidate.url() === `${webUrl}/wallet.html`)
  if (!frame) throw new Error(`no wallet frame among ${page.frames().map((candidate) => candidate.url())}`)
  return frame
}

async function storedKey(frame: Frame): Promise<Hex> {
  const stored = await frame.evaluate((name) => localStorage.getItem(name), storageKey)
  expect(stored).not.toBeNull()
  return (JSON.parse(stored!) as { key: Hex }).key
}

/**
 * What a host page's script can do to get the key: read its own storage, cookies and DOM (the widget's shadow root
 * included), reach into the wallet frame, and post requests to it, asked for or made up. None of it yields the key;
 * the frame answers the well-formed request with the payee only.
 */
async function expectKeyOutOfHostReach(host: Page, key: Hex, payee: Address) {
  const seen = await host.evaluate(async (name) => {
    const frame = document.querySelector<HTMLIFrameElement>('iframe[data-starling-wallet]')!
    const reach = (read: () => unknown) => {
      try {
        return String(read())
      } catch (error) {
        return `refused: ${(error as Error).name}`
      }
    }
    const answers: unknown[] = []
    const listen = (event: MessageEvent) => void (event.source === frame.contentWindow && answers.push(event.data))
    window.addEventListener('message', listen)
    const protocol = 'starling-wallet/1'
    for (const [id, type] of ['key', 'export', 'exportKey', 'sign', 'open'].entries())
      frame.contentWindow!.postMessage({ protocol, id: 1000 + id, type }, '*')
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    window.removeEventListener('message', listen)
    return {
      stored: Object.keys(localStorage).includes(name),
      storage: JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
      dom: document.documentElement.outerHTML + document.querySelector('starling-swarm')!.shadowRoot!.innerHTML,
      frameStorage: reach(() => frame.contentWindow!.localStorage.getItem(name)),
      frameDocument: reach(() => frame.contentDocument?.documentElement.outerHTML ?? 'none'),
      answers: JSON.stringify(answers),
    }
  }, storageKey)
  expect(seen.stored).toBe(false)
  expect(seen.frameStorage).toBe('refused: SecurityError')
  expect(seen.frameDocument).toBe('none')
  for (const text of [seen.storage, seen.dom, seen.answers]) expect(text.toLowerCase()).not.toContain(key.slice(2))
  // Of this script's requests only the well-formed one (open) was answered, with the payee. (The widget's own
  // requests may be answered meanwhile.)
  const ours = (JSON.parse(seen.answers) as { id: number }[]).filter(({ id }) => id >= 1000)
  expect(ours).toEqual([
    { protocol: 'starling-wallet/1', type: 'answer', id: 1004, value: { generated: payee, injected: null } },
  ])
}

/** A page of "another site" with the embed snippet; `policy`, a Content-Security-Policy it sets for itself. */
function hostPage(webUrl: string, swarmId: string, policy?: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />${policy ? `\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />` : ''}
    <title>A site that embeds Starling</title>
    <link rel="icon" href="data:," />
  </head>
  <body>
    <h1>Community science blog</h1>
    <script type="module" src="${webUrl}/widget.js?backend=wasm&minPeers=1"></script>
    <starling-swarm swarm="${swarmId}"></starling-swarm>
  </body>
</html>`
}

import { expect, type Page, test } from '@playwright/test'
import { presetDatasets } from '../core/data/presetDatasets.ts'
import { launchChromium } from '../nodes/launchChromium.ts'
import { startStack } from '../stack/startStack.ts'
import { launchVolunteers } from '../nodes/launchVolunteers.ts'
import { watchSwarm } from '../nodes/watchSwarm.ts'
import { startHostSite } from './startHostSite.ts'
import { watchLayoutShift } from './watchLayoutShift.ts'

// Issue 6's acceptance test, the proposer's and the volunteers' path through the pages: launch a swarm with the
// form, train it with two volunteer pages and one widget embedded in a page of another origin, and watch the
// dashboard follow the rounds. Tiny model, wasm backend, few rounds: it tests the pages, not the training.
const rounds = 24

const title = 'launch through the form; two volunteer pages and a cross-origin widget train; the dashboard follows'
test(title, async ({}, testInfo) => {
  test.setTimeout(4 * 60_000)
  const stack = await startStack({ build: false })
  const browser = await launchChromium()
  const pageErrors: string[] = []
  const cleanups: (() => Promise<unknown>)[] = [() => stack.stop(), () => browser.close()]
  const openPage = async (name: string, width = 1200) => {
    const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage()
    page.on('pageerror', (error) => pageErrors.push(`${name}: ${error.message}`))
    return page
  }
  const shoot = (page: Page, name: string) =>
    page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true })
  try {
    // The launch form: inline validation, nothing sent while invalid, then launch and land on the dashboard.
    const dashboard = await openPage('dashboard')
    const puts: string[] = []
    dashboard.on('request', (request) => void (request.method() === 'PUT' && puts.push(request.url())))
    await dashboard.goto(`${stack.webUrl}/#/launch`)
    await dashboard.getByLabel('Name', { exact: true }).fill('Product test swarm')
    await dashboard.getByLabel('Hidden layers', { exact: true }).fill('16')
    // A dataset given by URL and pinned by its sha256 (our own MNIST file), so the launch form's URL path and
    // the worker's hash check are exercised too; presets are covered by the other tests.
    await dashboard.getByLabel('A file at a URL, pinned by its sha256').check()
    await dashboard.getByLabel('Dataset URL', { exact: true }).fill(`${stack.webUrl}/datasets/mnist.bin`)
    await dashboard.getByLabel('sha256', { exact: true }).fill(presetDatasets.mnist.sha256)
    await dashboard.getByLabel('Rounds', { exact: true }).fill(String(rounds))
    await dashboard.getByLabel('Evaluate every', { exact: true }).fill('4')
    await dashboard.getByLabel('Learning rate', { exact: true }).fill('0.01')
    await dashboard.getByLabel('Batch size', { exact: true }).fill('0')
    await expect(dashboard.getByText('Batch size must be a whole number from 1 to 4096.')).toBeVisible()
    await expect(dashboard.getByLabel('Batch size', { exact: true })).toHaveAttribute('aria-invalid', 'true')
    await expect(dashboard.getByTestId('launch-status')).toHaveText('1 problem to fix before launching.')
    await expect(dashboard.getByRole('button', { name: 'Launch swarm' })).toBeDisabled()
    await expect(dashboard.getByTestId('swarm-id')).toHaveText('appears once the form is valid')
    await dashboard.getByLabel('Batch size', { exact: true }).fill('16')
    await expect(dashboard.getByTestId('launch-status')).toHaveText('Ready to launch.')
    const swarmId = (await dashboard.getByTestId('swarm-id').textContent())!.trim()
    expect(swarmId).toMatch(/^0x[0-9a-f]{64}$/)
    expect(JSON.parse((await dashboard.getByTestId('manifest-json').textContent())!)).toMatchObject({
      name: 'Product test swarm',
      model: { hidden: [16] },
      training: { batchSize: 16, rounds },
    })
    await shoot(dashboard, 'launch')
    expect(puts).toEqual([])
    await dashboard.getByRole('button', { name: 'Launch swarm' }).click()
    await dashboard.waitForURL(`**/#/swarm/${swarmId}/dashboard`)
    expect(puts).toEqual([`${stack.registryUrl}/swarms/${swarmId}`])
    await expect(dashboard.getByRole('heading', { level: 1 })).toContainText('Product test swarm')
    await expect(dashboard.getByTestId('rewards')).toHaveText('Rewards not configured')
    await expect(dashboard.getByLabel('Volunteer page')).toHaveValue(`${stack.webUrl}/#/swarm/${swarmId}`)
    const versionsSeen = await recordTexts(dashboard, 'dash-version')

    // Two volunteer pages (separate contexts, so they meet over WebRTC) and the widget on another origin.
    const watch = watchSwarm({ count: 2, onProblem: (i, text) => console.log(`volunteer ${i}: ${text}`) })
    const volunteers = await launchVolunteers({
      url: `${stack.webUrl}/#/swarm/${swarmId}`,
      backends: ['wasm', 'wasm'],
      minPeers: 3,
      browser,
      onEvent: watch.onEvent,
    })
    cleanups.push(() => volunteers.close())
    const site = await startHostSite(hostPage(stack.webUrl, swarmId))
    cleanups.push(() => site.close())
    expect(new URL(site.url).origin).not.toBe(new URL(stack.webUrl).origin)
    const host = await openPage('widget host', 800)
    host.on('console', (message) => void (message.type() === 'error' && console.log(`widget host: ${message.text()}`)))
    await host.goto(site.url)
    expect(await host.locator('starling-swarm').evaluate((element) => element.shadowRoot !== null)).toBe(true)
    await expect(host.getByRole('heading', { name: 'Lend this device to “Product test swarm”?' })).toBeVisible({
      timeout: 30_000,
    })
    await shoot(host, 'widget-consent')
    // Keyboard only: Tab reaches the widget's consent button inside its shadow root, Enter starts training.
    await tabTo(host, 'Start training')
    await host.keyboard.press('Enter')

    await expect(dashboard.getByTestId('dash-members')).toHaveText('3', { timeout: 90_000 })
    // From here on every page only updates figures: nothing on it may move (layout-shift score, where 0.1 is
    // the web's threshold of "needs improvement"; ours must be an order of magnitude below).
    const shifts = {
      dashboard: await watchLayoutShift(dashboard),
      volunteer: await watchLayoutShift(volunteers.nodes[0]!.page),
      widget: await watchLayoutShift(host),
    }
    await shoot(dashboard, 'dashboard-live')
    await shoot(volunteers.nodes[0]!.page, 'volunteer-live')
    await watch.until(() => watch.minVersion >= rounds, {
      timeoutMs: 120_000,
      stallMs: 60_000,
      what: `version ${rounds} on both volunteer pages`,
    })
    await expect(host.getByTestId('widget-version')).toHaveText(String(rounds), { timeout: 30_000 })
    await expect(dashboard.getByTestId('dash-version')).toHaveText(`${rounds} / ${rounds}`, { timeout: 30_000 })

    // The dashboard followed the rounds as they completed, and shows the swarm as it ended.
    expect(new Set(await versionsSeen()).size).toBeGreaterThan(2)
    await expect(dashboard.getByTestId('ring').getByRole('listitem')).toHaveCount(3)
    await expect(dashboard.getByTestId('ring')).toContainText(/wasm[\s\S]*wasm[\s\S]*wasm/)
    await expect(dashboard.getByTestId('dash-accuracy')).toHaveText(/^\d+\.\d %$/)
    await expect(dashboard.getByTestId('loss-chart')).toHaveText(new RegExp(`at version ${rounds}$`))
    await expect(dashboard.locator('.uplot canvas')).toHaveCount(2)
    await expect(dashboard.getByTestId('timing-latest')).toHaveText(
      /^compute [\d.]+ ms · all-reduce [\d.]+ ms · optimizer [\d.]+ ms$/,
    )
    await expect(dashboard.getByTestId('dash-bytes-total')).toHaveText(/^[\d.]+ (KiB|MiB)$/)
    await shoot(dashboard, 'dashboard')

    for (const node of volunteers.nodes) {
      await expect(node.page.getByTestId('status')).toContainText('Done')
      await expect(node.page.getByTestId('version')).toHaveText(String(rounds))
      // The rewards section (its panel belongs to the rewards layer) says this swarm pays nothing.
      await expect(node.page.getByText(/pays no rewards/)).toBeVisible()
      await shoot(node.page, `volunteer-${node.index}`)
    }
    await expect(host.getByTestId('status')).toContainText('Done')
    await expect(host.getByText(/pays no rewards/)).toBeVisible()
    // The host page's own rules stop at the shadow root: its red paragraphs do not turn the widget's text red.
    expect(
      await host.getByText('volunteer training in your browser').evaluate((p) => getComputedStyle(p).color),
    ).not.toBe('rgb(255, 0, 0)')
    await shoot(host, 'widget')
    // The volunteer page and the widget are asserted. The dashboard's score is measured and printed instead (the
    // issue allows either): about one run in three on 2 cores records a single entry of ≈ 0.0102, in which uPlot's
    // plot overlay (u-over) moves inside its fixed-size box when the first data gives it axes, together with a
    // figure that grows; the other runs score below 0.01. Asserting < 0.01 there failed healthy runs.
    for (const [name, read] of Object.entries(shifts)) {
      const shift = await read()
      const what = `layout shift of the ${name} while training; moved: ${shift.moved.join('; ')}`
      if (name === 'dashboard') console.log(JSON.stringify({ dashboardLayoutShift: shift.score, moved: shift.moved }))
      else expect(shift.score, what).toBeLessThan(0.01)
    }

    // At 360 px nothing overflows sideways.
    for (const [name, page] of [
      ['dashboard', dashboard],
      ['volunteer', volunteers.nodes[0]!.page],
      ['widget', host],
    ] as const) {
      await page.setViewportSize({ width: 360, height: 800 })
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at 360 px`).toBeLessThanOrEqual(
        360,
      )
      await shoot(page, `${name}-360`)
    }
    await dashboard.goto(`${stack.webUrl}/#/launch`)
    expect(
      await dashboard.evaluate(() => document.documentElement.scrollWidth),
      'launch at 360 px',
    ).toBeLessThanOrEqual(360)
    await shoot(dashboard, 'launch-360')
    expect(pageErrors).toEqual([])
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: Error) => console.log(`cleanup: ${error.message}`))
  }
})

/**
 * Presses Tab until the button named `name` has focus (in a shadow root too); fails if twenty presses do not reach it.
 */
async function tabTo(page: Page, name: string) {
  const button = page.getByRole('button', { name })
  for (let presses = 0; presses < 20; presses++) {
    await page.keyboard.press('Tab')
    if (await button.evaluate((element) => element === (element.getRootNode() as Document | ShadowRoot).activeElement))
      return
  }
  throw new Error(`Tab never reached the “${name}” button`)
}

/**
 * A plain page of "another site" with the embed snippet the dashboard hands out, plus rules the widget must not pick
 * up.
 */
function hostPage(webUrl: string, swarmId: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>A site that embeds Starling</title>
    <link rel="icon" href="data:," />
    <style>body { font-family: Georgia, serif; margin: 1rem; } p { color: rgb(255, 0, 0); }</style>
  </head>
  <body>
    <h1>Community science blog</h1>
    <p>Help us train a digit recogniser while you read.</p>
    <script type="module" src="${webUrl}/widget.js?backend=wasm&minPeers=3"></script>
    <starling-swarm swarm="${swarmId}"></starling-swarm>
  </body>
</html>`
}

/** Starts recording every text an element shows; the returned function reads the record. */
async function recordTexts(page: Page, testId: string): Promise<() => Promise<string[]>> {
  const element = page.getByTestId(testId)
  await element.evaluate((node) => {
    const seen: string[] = [node.textContent ?? '']
    new MutationObserver(() => seen.push(node.textContent ?? '')).observe(node, {
      characterData: true,
      childList: true,
      subtree: true,
    })
    ;(window as unknown as { recorded: string[] }).recorded = seen
  })
  return () => page.evaluate(() => (window as unknown as { recorded: string[] }).recorded)
}

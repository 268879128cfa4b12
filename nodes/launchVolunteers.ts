// Headless volunteers: one browser context per volunteer (separate storage, so they meet over WebRTC,
// not BroadcastChannel) in one system Chromium. Each opens the swarm URL, gives consent like a person
// would (by clicking), and pushes every swarm event back here through an exposed function. Each page gets the
// attack code before it loads (adversaryInitScript.ts): the app does not ship it.
import type { Browser, Page } from 'playwright-core'
import type { Attack } from '../core/adversary/createAdversaryReducer.ts'
import type { JoinEvent, StarlingSnapshot, SwarmLedger } from '../web/src/swarm/SwarmEvent.ts'
import type { BackendRequest } from '../worker/protocol.ts'
import { adversaryInitScript } from './adversaryInitScript.ts'
import { launchChromium, newVolunteerContext } from './launchChromium.ts'

export type VolunteerNode = {
  index: number
  page: Page
  backend: BackendRequest
  snapshot(): Promise<StarlingSnapshot>
  evaluate(): Promise<{ version: number; accuracy: number; loss: number }>
  setStopAt(version: number | undefined): Promise<void>
  /** The bans and receipted units this page's replica of the doc holds (StarlingAutomation.ledger). */
  ledger(): Promise<SwarmLedger>
  /**
   * Turns this volunteer hostile from its next gradient on (core/adversary/createAdversaryReducer.ts), once its page
   * holds `fromVersion` or a later version (default 0: at once, before it joins if it has not, so from its first
   * contribution on); resolves with its snapshot when the
   * attack began. Fails after 120 s: to wait for a version the swarm has yet to train, wait for the swarm first.
   */
  setAttack(attack: Attack | undefined, fromVersion?: number): Promise<StarlingSnapshot>
  close(): Promise<void>
}

export type LaunchVolunteersOptions = {
  url: string
  /** One backend per volunteer. */
  backends: readonly BackendRequest[]
  minPeers?: number
  /** Stop training once this version is held, from the very first round (the page's `stopAt`). */
  stopAt?: number
  onEvent?: (index: number, event: JoinEvent) => void
  /** Page errors and console errors, which would otherwise be invisible in headless pages. */
  onProblem?: (index: number, text: string) => void
  browser?: Browser
}

export type Volunteers = { nodes: VolunteerNode[]; browser: Browser; close(): Promise<void> }

export async function launchVolunteers(options: LaunchVolunteersOptions): Promise<Volunteers> {
  const ownBrowser = !options.browser
  const browser = options.browser ?? (await launchChromium())
  const nodes: VolunteerNode[] = []
  const close = async () => {
    await Promise.all(nodes.map((node) => node.close()))
    if (ownBrowser) await browser.close()
  }
  try {
    for (const [index, backend] of options.backends.entries())
      nodes.push(await launchOne(browser, index, backend, options))
    return { nodes, browser, close }
  } catch (error) {
    await close()
    throw error
  }
}

export async function launchOne(
  browser: Browser,
  index: number,
  backend: BackendRequest,
  options: LaunchVolunteersOptions,
): Promise<VolunteerNode> {
  const context = await newVolunteerContext(browser)
  const page = await context.newPage()
  await page.addInitScript({ content: await adversaryInitScript() })
  await page.exposeFunction('starlingReport', (event: JoinEvent) => options.onEvent?.(index, event))
  page.on('pageerror', (error) => options.onProblem?.(index, `page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') options.onProblem?.(index, `console: ${message.text()}`)
  })
  const url = new URL(options.url)
  const [hashPath, hashQuery = ''] = url.hash.split('?')
  const query = new URLSearchParams(hashQuery)
  if (backend !== 'auto') query.set('backend', backend)
  if (options.minPeers !== undefined) query.set('minPeers', String(options.minPeers))
  if (options.stopAt !== undefined) query.set('stopAt', String(options.stopAt))
  url.hash = `${hashPath}${query.size ? `?${query}` : ''}`
  await page.goto(url.href)
  await page.getByRole('button', { name: 'Start training' }).click({ timeout: 30_000 })
  return {
    index,
    page,
    backend,
    snapshot: () => page.evaluate(() => window.starling!.snapshot()),
    evaluate: () => page.evaluate(() => window.starling!.evaluate()),
    setStopAt: (version) => page.evaluate((v) => window.starling!.setStopAt(v), version),
    ledger: () => page.evaluate(() => window.starling!.ledger()),
    setAttack: async (attack, fromVersion = 0) => {
      // Retried until the page exposes the hook and holds the version. Checked and set in one poll, so
      // the version the snapshot reports is the one the attack began at. A hook that throws fails the wait.
      const taken = await page.waitForFunction(
        ({ a, from }) => {
          const starling = window.starling
          if (!starling || starling.snapshot().version < from) return false
          starling.setAttack(a)
          return starling.snapshot()
        },
        { a: attack, from: fromVersion },
        { timeout: 120_000, polling: 100 },
      )
      return (await taken.jsonValue()) as StarlingSnapshot
    },
    close: () => context.close().catch(() => undefined),
  }
}

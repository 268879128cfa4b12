// Starts the system Chromium for headless volunteers, e2e tests and benchmarks. Playwright's own browser
// downloads are unavailable here, so we always pass an executable path: CHROMIUM_PATH or Debian's chromium.
import { existsSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'
import { BaseError } from '../core/errors/BaseError.ts'

export class ChromiumNotFoundError extends BaseError {
  override name = 'ChromiumNotFoundError' as const
  constructor(readonly path: string) {
    super(`Chromium was not found at ${path}.`, {
      metaMessages: ['Install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.'],
    })
  }
}

/**
 * Flags this machine needs (docs/architecture.md §9): no sandbox as root, no background traffic to Google, WebGPU
 * on.
 */
export const chromiumFlags = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  // Many volunteers share one machine in tests: keep hidden pages and their timers at full speed.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
]

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium'
}

/** Launches one headless Chromium process; Playwright gives it a fresh temporary profile and deletes it on close. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = chromiumPath()
  if (!existsSync(executablePath)) throw new ChromiumNotFoundError(executablePath)
  return chromium.launch({ executablePath, headless: true, args: [...chromiumFlags, ...extraArgs] })
}

/** A separate browser context per volunteer: separate storage, so peers cannot shortcut WebRTC via BroadcastChannel. */
export async function newVolunteerContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1000, height: 800 } })
}

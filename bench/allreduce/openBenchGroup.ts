// N bench pages, one browser context each (separate storage, so they meet over WebRTC, not BroadcastChannel),
// joined into one mesh. Pages are kept in ring order: pages[i] is members[i] (members are sorted peer ids).

import type { Browser, Page } from 'playwright-core'
import { newVolunteerContext } from '../../nodes/launchChromium.ts'
import type { BenchJoinOptions } from '../../web/src/bench/StarlingBench.ts'
import { BenchFailedError, withTimeout } from './BenchFailedError.ts'
import type { PeerId } from '../../core/types/PeerId.ts'

export type BenchGroup = {
  size: number
  pages: Page[]
  members: PeerId[]
  /** Resolves once every page is linked to every other again (after the mesh dropped a link and reconnected). */
  whole(): Promise<void>
  close(): Promise<void>
}

/** The mesh announces every 5 s, and a new link takes well under a second to set up. */
const rejoinTimeoutMs = 30_000

/** A page that fails to load (a rare 404 while the server starts, a slow machine) is given a few tries. */
async function load(page: Page, url: string) {
  for (let attempt = 1; ; attempt++) {
    await page.goto(url)
    if (
      await page
        .waitForFunction(() => window.starlingBench !== undefined, undefined, { timeout: 10_000 })
        .then(
          () => true,
          () => false,
        )
    )
      return
    if (attempt === 3) throw new BenchFailedError(`${url} did not load the bench page`)
  }
}

export async function openBenchGroup(
  browser: Browser,
  webUrl: string,
  size: number,
  frameBytes: number,
): Promise<BenchGroup> {
  const contexts = await Promise.all(Array.from({ length: size }, () => newVolunteerContext(browser)))
  const close = async () => void (await Promise.all(contexts.map((context) => context.close())))
  try {
    const pages = await Promise.all(contexts.map((context) => context.newPage()))
    for (const [i, page] of pages.entries()) {
      page.on('pageerror', (error) => console.error(`page ${i}: ${error.message}`))
      page.on('console', (message) => message.type() === 'error' && console.error(`page ${i}: ${message.text()}`))
    }
    await Promise.all(pages.map((page) => load(page, `${webUrl}/bench.html`)))
    const join: BenchJoinOptions = {
      topic: `bench-allreduce/${size}/${Date.now()}`,
      peers: size,
      frameBytes,
      timeoutMs: 30_000,
    }
    const ids = await withTimeout(
      'joining',
      45_000,
      Promise.all(pages.map((page) => page.evaluate((o) => window.starlingBench!.join(o), join))),
    )
    const members = [...ids].sort()
    const whole = async () => {
      for (
        const started = Date.now();
        Date.now() - started < rejoinTimeoutMs;
        await new Promise((resolve) => setTimeout(resolve, 500))
      ) {
        const linked = await Promise.all(pages.map((page) => page.evaluate(() => window.starlingBench!.linked())))
        if (linked.every((count) => count === size - 1)) return
      }
      throw new BenchFailedError(`the mesh of ${size} pages did not come back within ${rejoinTimeoutMs} ms`)
    }
    return { size, pages: members.map((id) => pages[ids.indexOf(id)]!), members, whole, close }
  } catch (error) {
    await close()
    throw error
  }
}

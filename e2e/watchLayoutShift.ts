// Cumulative layout shift of a page from the moment this is called (Chromium's Layout Instability API): what a
// reader sees jump while training runs. Shifts right after input (a click that opens a panel) do not count.

import type { Page } from '@playwright/test'

type LayoutShiftEntry = PerformanceEntry & { value: number; hadRecentInput: boolean }
type ShiftWindow = Window & { starlingLayoutShift?: number }

/** Starts summing layout-shift scores; the returned function reads the sum so far. */
export async function watchLayoutShift(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const target = window as ShiftWindow
    target.starlingLayoutShift = 0
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as LayoutShiftEntry[]) if (!entry.hadRecentInput) target.starlingLayoutShift! += entry.value
    }).observe({ type: 'layout-shift' })
  })
  return () => page.evaluate(() => (window as ShiftWindow).starlingLayoutShift ?? Number.NaN)
}

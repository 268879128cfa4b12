// Cumulative layout shift of a page from the moment this is called (Chromium's Layout Instability API): what a
// reader sees jump while training runs. Shifts right after input (a click that opens a panel) do not count.
// Each shift also records which elements moved, so a failing assertion names the culprit.

import type { Page } from '@playwright/test'

type LayoutShiftSource = { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }
type LayoutShiftEntry = PerformanceEntry & { value: number; hadRecentInput: boolean; sources: LayoutShiftSource[] }
type ShiftWindow = Window & { starlingLayoutShift?: { score: number; moved: string[] } }

export type LayoutShift = { score: number; moved: string[] }

/** Starts summing layout-shift scores; the returned function reads the sum so far and what moved. */
export async function watchLayoutShift(page: Page): Promise<() => Promise<LayoutShift>> {
  await page.evaluate(() => {
    const target = window as ShiftWindow
    const record = { score: 0, moved: [] as string[] }
    target.starlingLayoutShift = record
    const describe = (node: Node | undefined) => {
      if (!(node instanceof Element)) return node?.nodeName ?? 'unknown'
      const id = node.getAttribute('data-testid') ?? node.id
      return (
        `${node.tagName.toLowerCase()}${id ? `[${id}]` : ''}` +
        `${node.className ? `.${String(node.className).split(' ')[0]}` : ''}`
      )
    }
    const rect = (r: DOMRectReadOnly) =>
      `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as LayoutShiftEntry[]) {
        if (entry.hadRecentInput) continue
        record.score += entry.value
        for (const source of entry.sources) {
          record.moved.push(
            `${describe(source.node)} ${rect(source.previousRect)} ` +
              `→ ${rect(source.currentRect)} (${entry.value.toFixed(4)})`,
          )
        }
      }
    }).observe({ type: 'layout-shift' })
  })
  return () => page.evaluate(() => (window as ShiftWindow).starlingLayoutShift ?? { score: Number.NaN, moved: [] })
}

// CPU accounting from /proc (Linux): what the bench's browsers used, and what the rest of the machine did
// meanwhile. Every peer shares the machine's cores, so CPU seconds per MiB moved is the figure that does not
// depend on how loaded the machine was; the others' share says how loaded it was.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** Linux reports process times in clock ticks of 1/100 s. */
const ticksPerSecond = 100

export type CpuSample = { browser: number; machineBusy: number; at: number }

function processSeconds(pid: string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond
}

/** CPU seconds of every Chromium process in this network namespace (the bench's only browser lives in it). */
function browserSeconds(): number {
  const namespace = readlinkSync('/proc/self/ns/net')
  let total = 0
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      if (
        readlinkSync(`/proc/${pid}/ns/net`) !== namespace ||
        !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')
      )
        continue
      total += processSeconds(pid)
    } catch (error) {
      // A process that exited while we looked, or one we may not inspect (not ours), does not count.
      if (!['ENOENT', 'ESRCH', 'EACCES', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error
    }
  }
  return total
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .map(Number)
  return (user! + nice! + system! + irq! + softirq! + steal!) / ticksPerSecond
}

export function sampleCpu(): CpuSample {
  return { browser: browserSeconds(), machineBusy: machineBusySeconds(), at: performance.now() }
}

/** Browser CPU seconds and the cores the rest of the machine kept busy, between two samples. */
export function cpuBetween(start: CpuSample, end: CpuSample): { browserSeconds: number; otherCores: number } {
  const browser = end.browser - start.browser
  const seconds = (end.at - start.at) / 1000
  return { browserSeconds: browser, otherCores: Math.max(0, (end.machineBusy - start.machineBusy - browser) / seconds) }
}

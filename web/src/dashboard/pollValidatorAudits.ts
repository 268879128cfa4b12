// Keeps the dashboard's view of every validator's audits current: fetches each endpoint in the doc's signed
// endpoints map in turn, every `periodMs`, and hands over the whole set after each pass. A validator that fails
// keeps its last report and shows why; the next pass tries it again.
import type { EndpointRecord } from '../../../core/swarm/records.ts'
import type { Hex } from '../../../core/types/Hex.ts'
import { fetchAuditReport } from './fetchAuditReport.ts'
import type { ValidatorAudits } from './summarizeAudits.ts'

export type PollValidatorAuditsParameters = {
  swarmId: Hex
  endpoints(): readonly EndpointRecord[]
  /** Between passes; also each fetch's timeout, so that one slow validator cannot hold up the others' news. */
  periodMs: number
  onReports(validators: readonly ValidatorAudits[]): void
}

export function pollValidatorAudits(parameters: PollValidatorAuditsParameters): { close(): void } {
  const { swarmId, periodMs } = parameters
  const known = new Map<string, ValidatorAudits>()
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined

  const pass = async () => {
    const endpoints = parameters.endpoints()
    for (const validator of known.keys()) if (!endpoints.some((e) => e.validator === validator)) known.delete(validator)
    await Promise.all(
      endpoints.map(async ({ validator, url }) => {
        const last = known.get(validator)
        const kept = last?.url === url ? last.report : undefined
        try {
          const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(periodMs)])
          known.set(validator, { validator, url, report: await fetchAuditReport(url, swarmId, signal) })
        } catch (error) {
          known.set(validator, {
            validator,
            url,
            report: kept,
            error: error instanceof Error ? error.message : String(error),
          })
        }
      }),
    )
    if (controller.signal.aborted) return
    parameters.onReports([...known.values()])
    timer = setTimeout(() => void pass(), periodMs)
  }
  void pass()
  return {
    close() {
      controller.abort()
      clearTimeout(timer)
    },
  }
}

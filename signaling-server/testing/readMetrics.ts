// Fetches /metrics and indexes the Prometheus samples by `name{labels}` (exactly as exposed).

export async function readMetrics(httpUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${httpUrl}/metrics`)
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`)
  const samples = new Map<string, number>()
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const space = line.lastIndexOf(' ')
    samples.set(line.slice(0, space), Number(line.slice(space + 1)))
  }
  return samples
}

export const rejectsOf = (samples: Map<string, number>, reason: string) =>
  samples.get(`starling_signaling_rejects_total{reason="${reason}"}`)

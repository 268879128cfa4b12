// Prometheus text exposition (format 0.0.4): metric families with HELP and TYPE lines and their samples.

export type Family = {
  name: string
  type: 'counter' | 'gauge'
  help: string
  samples: ReadonlyArray<[labels: string, value: number]>
}

export const single = (value: number): Family['samples'] => [['', value]]

export const labelled = (label: string, values: Readonly<Record<string, number>>): Family['samples'] =>
  Object.entries(values).map(([key, value]) => [`{${label}="${key}"}`, value])

export function renderFamilies(families: readonly Family[]): string {
  const lines: string[] = []
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`)
    for (const [labels, value] of family.samples) lines.push(`${family.name}${labels} ${value}`)
  }
  return `${lines.join('\n')}\n`
}

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']

/** Bytes in binary units with three significant digits, e.g. "398 KiB", "1.21 GiB". */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? Math.round(value) : value.toPrecision(3)} ${units[unit]}`
}

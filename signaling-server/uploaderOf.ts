// Groups client addresses into uploaders for the registry's per-uploader quota. An IPv4 address is one
// uploader. An IPv6 client usually holds a whole /64 (SLAAC and privacy addresses), so counting per address
// would hand it 2^64 quotas: its /64 prefix is the uploader. An IPv4-mapped address (`::ffff:a.b.c.d`, what a
// dual-stack socket reports for IPv4 peers) is its IPv4 address, so one client is one uploader either way.

import { isIPv4, isIPv6 } from 'node:net'

/** The first four 16-bit groups of an IPv6 address, or undefined if it is not one. */
function prefix64(address: string): number[] | undefined {
  const [head = '', tail] = address.split('::')
  const groups = (part: string) => (part === '' ? [] : part.split(':'))
  const front = groups(head)
  const back = tail === undefined ? [] : groups(tail)
  // `::` stands for as many zero groups as are missing; a trailing dotted IPv4 part fills the last two groups.
  const backLength = back.length + (back.at(-1)?.includes('.') ? 1 : 0)
  const zeros = tail === undefined ? [] : Array<string>(8 - front.length - backLength).fill('0')
  const all = [...front, ...zeros, ...back]
  const first = all.slice(0, 4).map((group) => Number.parseInt(group, 16))
  return first.length === 4 && first.every(Number.isInteger) ? first : undefined
}

export function uploaderOf(address: string): string {
  const bare = address.split('%')[0] ?? address
  if (isIPv4(bare)) return bare
  if (!isIPv6(bare)) return address
  const lower = bare.toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower)
  if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return mapped[1]
  const groups = prefix64(lower)
  return groups === undefined ? address : `${groups.map((group) => group.toString(16)).join(':')}::/64`
}

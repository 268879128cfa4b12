/** A peer id or hash shortened for display: the first six and last four hex digits, as wallets show addresses. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id
}

// The audit window: validators sign receipts only for versions at least `auditWindow` versions behind the latest,
// so a lie caught by an audit within the window is caught before it is paid (forfeiture.ts).
//
// Counted in versions, not seconds: every validator reads the same versions from the doc and must sign the same
// cumulative totals (a receipt pays with k of n signatures over one total), while their clocks differ and a
// version's `at` is its leader's word. A version is also what an audit checks.

/**
 * The highest version whose units may be receipted while `latest` is the latest. Once the swarm's last version is
 * committed no later one will move the window, so everything is receiptable: the last window is paid unaudited.
 */
export function receiptHorizon(latest: number, auditWindow: number, lastVersion: number): number {
  return latest >= lastVersion ? lastVersion : latest - auditWindow
}

// What a banned peer loses: everything no validator could have receipted when its ban was written. An honest
// validator writes a ban applying from `latest + banLeadVersions` (core/swarm/authority/banVersion.ts), and had then
// signed no version above `latest - auditWindow` (receiptHorizon.ts); so the peer keeps the versions up to
// `version - banLeadVersions - auditWindow` and forfeits every later one, those it contributed to before the ban
// applied included. A validator never signs a total below one it signed, so a late ban cannot claw back a receipt.

import { banLeadVersions } from '../swarm/authority/banVersion.ts'

/** The highest version a peer banned from round `bannedFrom` is still paid for. */
export function paidThroughWhenBanned(bannedFrom: number, auditWindow: number): number {
  return bannedFrom - banLeadVersions - auditWindow
}

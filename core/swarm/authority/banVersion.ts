// The version a validator writes into a ban: a few rounds ahead of the latest it sees. Rounds named after the ban's
// version are refused (recordAuthority.ts), and a rule that binds before the ban has reached the round's leader
// would refuse an honest round, or worse an honest commit a replica already holds. Honest leaders drop a banned
// peer the moment they see the ban, so the lead costs no more than the rounds the ban takes to travel; a Yjs update
// crosses the mesh in well under one round (docs/architecture.md §9).

export const banLeadVersions = 2

/** The version a ban written while `latest` is the latest version applies from. */
export const banVersionFor = (latest: number) => latest + banLeadVersions

// Carries a member's audit answers to a validator's server (validator/createValidatorServer.ts): its reveal, then
// its base state when the validator asks for it. Failures the validator might get over (unreachable, not yet open,
// busy) reject, so the revealer retries; a state no audit needs any more (404), or an audit that already has its
// verdict (410: another copy came first, or we are too late), is done; a refusal no retry can
// change (409: not the committed bytes, 400, 413) is an error on an honest page, logged and given up, since resending
// the same bytes cannot help.
import type { Hex } from '../../../core/types/Hex.ts'
import type { Delivery, Upload } from '../../../core/audit/createRevealer.ts'

export async function deliverAuditUpload(url: string, swarmId: Hex, upload: Upload): Promise<Delivery> {
  const path =
    upload.kind === 'reveal'
      ? `${url}/swarms/${swarmId}/audits/${upload.version}/${upload.peer}`
      : `${url}/swarms/${swarmId}/states/${upload.version}`
  const response = await fetch(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream' },
    body: upload.bytes as Uint8Array<ArrayBuffer>,
  })
  if (response.ok) {
    if (upload.kind === 'state') return 'done'
    const answer = (await response.json()) as { needsState?: unknown }
    return answer.needsState === true ? 'needsState' : 'done'
  }
  // A state nobody needs any more: another member's came first, or the audits of that version settled.
  if (response.status === 404 && upload.kind === 'state') return 'done'
  if (response.status === 410) return 'done'
  if (response.status === 400 || response.status === 409 || response.status === 413) {
    console.error(`audit: ${url} refused our ${upload.kind} for version ${upload.version}: ${await response.text()}`)
    return 'done'
  }
  throw new Error(`audit: ${url} answered ${response.status} to our ${upload.kind} for version ${upload.version}`)
}

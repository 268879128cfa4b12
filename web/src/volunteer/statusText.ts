import type { VolunteerStatus } from '../../../core/swarm/createVolunteer.ts'
import type { SignalingStatus } from '../net/createSignalingClient.ts'
import type { Phase, VolunteerSession } from '../swarm/VolunteerSession.svelte.ts'

export type StatusInput = {
  phase: Phase
  status: VolunteerStatus
  signaling: SignalingStatus
  linked: number
  error: string | undefined
  /** This device holds the swarm's last version (manifest rounds): nothing is left to train. */
  finished: boolean
}
export type StatusTone = 'good' | 'busy' | 'warn' | 'bad'
export type StatusText = { text: string; detail: string; tone: StatusTone }

const done: StatusText = { text: 'Done', detail: 'Training is over for this device. Thank you!', tone: 'good' }

/** What a volunteer is told about their session: a few words on what happens now, and a line on why. */
export function statusText({ phase, status, signaling, linked, error, finished }: StatusInput): StatusText {
  switch (phase) {
    case 'consent':
      return { text: 'Not started', detail: 'Nothing runs until you agree.', tone: 'warn' }
    case 'starting':
      return { text: 'Connecting…', detail: 'Loading the model and its data on this device.', tone: 'busy' }
    case 'left':
      return { text: 'You left the swarm', detail: 'This device no longer trains or connects to anyone.', tone: 'warn' }
    case 'error':
      return { text: 'Stopped by an error', detail: error ?? 'Unknown cause.', tone: 'bad' }
    case 'running':
      break
    default:
      return phase satisfies never
  }
  // The volunteer runtime says `done` only at a stop version of its own, and keeps `waiting` at the swarm's last
  // version.
  if (finished && status === 'waiting') return done
  if (signaling !== 'open' && linked === 0 && status !== 'paused' && status !== 'done')
    return {
      text: 'Connecting…',
      detail:
        signaling === 'closed' ? 'The signaling server is unreachable; retrying.' : 'Looking for the other volunteers.',
      tone: 'busy',
    }
  const peers = `${linked} ${linked === 1 ? 'peer' : 'peers'}`
  switch (status) {
    case 'starting':
      return { text: 'Connecting…', detail: 'Joining the swarm’s shared state.', tone: 'busy' }
    case 'syncing':
      return { text: 'Syncing', detail: 'Downloading the current model from a peer.', tone: 'busy' }
    case 'waiting':
      return {
        text: 'Waiting for a round',
        detail:
          linked === 0
            ? 'No other volunteer is connected yet.'
            : `Connected to ${peers}; the next round starts shortly.`,
        tone: 'good',
      }
    case 'computing':
      return { text: 'Training', detail: 'Computing this device’s gradient.', tone: 'good' }
    case 'reducing':
      return { text: 'Training', detail: `Averaging gradients with ${peers}.`, tone: 'good' }
    case 'applying':
      return { text: 'Training', detail: 'Applying the averaged update.', tone: 'good' }
    case 'paused':
      return { text: 'Paused', detail: 'This device sits out rounds until you resume.', tone: 'warn' }
    case 'done':
      return done
    case 'banned':
      return {
        text: 'Banned from this swarm',
        detail:
          'The swarm’s validators banned this session’s key: it trains here no more, and its unpaid units are forfeit.',
        tone: 'bad',
      }
    default:
      return status satisfies never
  }
}

/** statusText of a session's current fields. */
export function sessionStatusText(
  session: Pick<VolunteerSession, 'phase' | 'status' | 'signaling' | 'linked' | 'error' | 'manifest' | 'version'>,
): StatusText {
  const { phase, status, signaling, linked, error, manifest, version } = session
  return statusText({
    phase,
    status,
    signaling,
    linked: linked.length,
    error,
    finished: manifest !== undefined && version >= manifest.training.rounds,
  })
}

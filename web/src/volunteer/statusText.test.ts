import { describe, expect, test } from 'vitest'
import { statusText, type StatusInput } from './statusText.ts'

const running = (changes: Partial<StatusInput>): StatusInput => ({
  phase: 'running',
  status: 'waiting',
  signaling: 'open',
  linked: 2,
  error: undefined,
  finished: false,
  ...changes,
})

describe('statusText', () => {
  test('names each state in a few words', () => {
    expect(statusText(running({ status: 'computing' })).text).toBe('Training')
    expect(statusText(running({ status: 'reducing' })).detail).toBe('Averaging gradients with 2 peers.')
    expect(statusText(running({ status: 'waiting', linked: 0 }))).toMatchObject({
      text: 'Waiting for a round',
      detail: 'No other volunteer is connected yet.',
    })
    expect(statusText(running({ status: 'syncing' })).text).toBe('Syncing')
    expect(statusText(running({ status: 'paused' })).tone).toBe('warn')
  })
  test('connecting until the signaling server or a peer answers', () => {
    expect(statusText(running({ signaling: 'connecting', linked: 0 })).text).toBe('Connecting…')
    expect(statusText(running({ signaling: 'closed', linked: 0 })).detail).toMatch(/unreachable/)
    // Links already up keep training through a signaling outage.
    expect(statusText(running({ signaling: 'closed', linked: 1, status: 'computing' })).text).toBe('Training')
  })
  test("done at the swarm's last version, even while the runtime still says waiting", () => {
    expect(statusText(running({ status: 'waiting', finished: true })).text).toBe('Done')
    expect(statusText(running({ status: 'done', signaling: 'closed', linked: 0 })).text).toBe('Done')
  })
  test('an error says its cause', () => {
    expect(statusText({ ...running({}), phase: 'error', error: 'The training worker failed: no backend' })).toEqual({
      text: 'Stopped by an error',
      detail: 'The training worker failed: no backend',
      tone: 'bad',
    })
  })
})

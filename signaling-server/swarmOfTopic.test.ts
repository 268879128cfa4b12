import { expect, test } from 'vitest'
import { swarmOfTopic } from './swarmOfTopic.ts'

const id = `0x${'ab'.repeat(32)}`

test.each([
  [id, id],
  [`starling/${id}/mesh`, id],
  [`starling/${id}/anything`, id],
  [`starling/${id}`, undefined],
  [`${id}/mesh`, undefined],
  [`x${id}`, undefined],
  [id.toUpperCase().replace('0X', '0x'), undefined],
  ['room', undefined],
])('topic %s serves swarm %s', (topic, swarm) => {
  expect(swarmOfTopic(topic)).toBe(swarm)
})

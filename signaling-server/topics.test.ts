import { describe, expect, test } from 'vitest'
import { createRandom } from '../core/random/createRandom.ts'
import { createTopicRegistry } from './topics.ts'

describe('createTopicRegistry', () => {
  test('indexes both directions and forgets empty topics', () => {
    const topics = createTopicRegistry<string>()
    topics.subscribe('a', 'room')
    topics.subscribe('a', 'room')
    topics.subscribe('b', 'room')
    topics.subscribe('a', 'other')
    expect([...topics.subscribers('room')]).toEqual(['a', 'b'])
    expect([...topics.topicsOf('a')]).toEqual(['room', 'other'])
    expect([topics.topicCount(), topics.subscriptionCount()]).toEqual([2, 3])
    topics.unsubscribeAll('a')
    topics.unsubscribe('b', 'never')
    expect([topics.topicCount(), topics.subscriptionCount()]).toEqual([1, 1])
    topics.unsubscribe('b', 'room')
    expect([topics.topicCount(), topics.subscriptionCount(), topics.subscribers('room').size]).toEqual([0, 0, 0])
  })

  test('agrees with a naive model under seeded random operations', () => {
    const random = createRandom('topics')
    const topics = createTopicRegistry<number>()
    const model = new Set<string>()
    for (let step = 0; step < 5_000; step++) {
      const subscriber = random.nextInt(8)
      const topic = `t${random.nextInt(6)}`
      const operation = random.nextInt(5)
      if (operation < 3) {
        topics.subscribe(subscriber, topic)
        model.add(`${subscriber}/${topic}`)
      } else if (operation < 4) {
        topics.unsubscribe(subscriber, topic)
        model.delete(`${subscriber}/${topic}`)
      } else {
        topics.unsubscribeAll(subscriber)
        for (const key of [...model]) if (key.startsWith(`${subscriber}/`)) model.delete(key)
      }
      expect(topics.subscriptionCount()).toBe(model.size)
      expect(topics.topicCount()).toBe(new Set([...model].map((key) => key.split('/')[1])).size)
      expect([...topics.subscribers(topic)].sort()).toEqual(
        [...model]
          .filter((key) => key.endsWith(`/${topic}`))
          .map((key) => Number(key.split('/')[0]))
          .sort(),
      )
    }
  })
})

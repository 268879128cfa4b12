// Topic pub/sub registry: which subscribers listen to which topic names. It knows nothing of documents,
// rooms or sockets; `S` is whatever identifies a subscriber. Both directions are indexed so that closing a
// connection and enforcing a per-connection topic limit are O(its topics), and empty topics are deleted so
// that names cannot accumulate.

export type TopicRegistry<S> = {
  /** Adds `subscriber` to `topic`; idempotent. */
  subscribe(subscriber: S, topic: string): void
  unsubscribe(subscriber: S, topic: string): void
  unsubscribeAll(subscriber: S): void
  /** Live set of the topic's subscribers (empty when none); do not mutate. */
  subscribers(topic: string): ReadonlySet<S>
  /** Topics `subscriber` holds. */
  topicsOf(subscriber: S): ReadonlySet<string>
  topicCount(): number
  subscriptionCount(): number
}

const none: ReadonlySet<never> = new Set()

export function createTopicRegistry<S>(): TopicRegistry<S> {
  const byTopic = new Map<string, Set<S>>()
  const bySubscriber = new Map<S, Set<string>>()
  let subscriptions = 0

  const unsubscribe = (subscriber: S, topic: string) => {
    const subscribers = byTopic.get(topic)
    if (!subscribers?.delete(subscriber)) return
    subscriptions--
    if (subscribers.size === 0) byTopic.delete(topic)
    const topics = bySubscriber.get(subscriber)
    topics?.delete(topic)
    if (topics?.size === 0) bySubscriber.delete(subscriber)
  }

  return {
    subscribe(subscriber, topic) {
      let subscribers = byTopic.get(topic)
      if (!subscribers) byTopic.set(topic, (subscribers = new Set()))
      if (subscribers.has(subscriber)) return
      subscribers.add(subscriber)
      subscriptions++
      let topics = bySubscriber.get(subscriber)
      if (!topics) bySubscriber.set(subscriber, (topics = new Set()))
      topics.add(topic)
    },
    unsubscribe,
    unsubscribeAll(subscriber) {
      for (const topic of [...(bySubscriber.get(subscriber) ?? [])]) unsubscribe(subscriber, topic)
    },
    subscribers: (topic) => byTopic.get(topic) ?? none,
    topicsOf: (subscriber) => bySubscriber.get(subscriber) ?? none,
    topicCount: () => byTopic.size,
    subscriptionCount: () => subscriptions,
  }
}

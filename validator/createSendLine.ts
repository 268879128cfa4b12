/** Runs tasks one at a time, in order: transactions from one account must not race each other for a nonce. */
export type SendLine = <T>(task: () => Promise<T>) => Promise<T>

export function createSendLine(): SendLine {
  let tail: Promise<unknown> = Promise.resolve()
  return (task) => {
    const result = tail.then(task)
    tail = result.catch(() => undefined)
    return result
  }
}

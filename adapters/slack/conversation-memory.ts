/**
 * Small bounded memories the adapter keeps in process: the event IDs already answered (Slack
 * retries an event it thinks was missed) and the questions asked in each thread (context for
 * a follow-up). Oldest entries go first when full.
 */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>()
  constructor (private readonly max: number) {}

  get (key: string): V | undefined {
    return this.map.get(key)
  }

  has (key: string): boolean {
    return this.map.has(key)
  }

  set (key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string)
  }
}

/** Questions asked in threads, newest last, a few per thread. */
export class ThreadQuestions {
  private readonly threads = new BoundedMap<string[]>(5000)

  earlier (channel: string, thread: string): string[] {
    return this.threads.get(`${channel}/${thread}`) ?? []
  }

  remember (channel: string, thread: string, question: string): void {
    const list = [...this.earlier(channel, thread), question.slice(0, 2000)].slice(-5)
    this.threads.set(`${channel}/${thread}`, list)
  }
}

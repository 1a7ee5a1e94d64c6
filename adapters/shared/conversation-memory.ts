import { cutToLength } from './cut.js'
/** A Map that forgets its oldest entries (least recently set) beyond `max`. */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>()

  constructor(private readonly max: number) {}

  get(key: string): V | undefined {
    return this.map.get(key)
  }

  has(key: string): boolean {
    return this.map.has(key)
  }

  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string)
  }

  get size(): number {
    return this.map.size
  }
}

/** How much a conversation memory keeps; the defaults bound it to a few megabytes. */
export interface MemoryLimits {
  /** Conversations remembered; the least recently active go first. */
  conversations: number
  /** Questions kept per conversation, newest last. */
  questions: number
  /** Characters kept of each question. */
  questionChars: number
}

const DEFAULT_LIMITS: MemoryLimits = { conversations: 5000, questions: 5, questionChars: 2000 }

/**
 * The questions asked in each conversation (a Slack thread or DM, a Discord thread or DM), so a
 * follow-up can be read with the question before it. Both platforms use this one implementation;
 * the key is theirs to choose. Kept in process only: a restart forgets it.
 */
export class ConversationMemory {
  private readonly limits: MemoryLimits
  private readonly conversations: BoundedMap<string[]>

  constructor(limits: Partial<MemoryLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits }
    this.conversations = new BoundedMap(this.limits.conversations)
  }

  /** The earlier questions of a conversation, oldest first; `undefined` when it is not known. */
  recall(key: string): string[] | undefined {
    return this.conversations.get(key)
  }

  /** The earlier questions of a conversation, oldest first; empty when it is not known. */
  earlier(key: string): string[] {
    return this.recall(key) ?? []
  }

  /** Adds a question to a conversation. */
  remember(key: string, question: string): void {
    this.replace(key, [...this.earlier(key), question])
  }

  /** Sets a conversation's questions (read back from a platform's history after a restart). */
  replace(key: string, questions: string[]): void {
    const kept = questions
      .slice(-this.limits.questions)
      .map((q) => cutToLength(q, this.limits.questionChars, { marker: '' }))
    this.conversations.set(key, kept)
  }
}

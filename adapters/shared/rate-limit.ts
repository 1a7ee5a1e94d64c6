/** What a person who asks too fast is told, instead of silence. */
export function slowDown(perMinute: number, waitSeconds: number): string {
  return (
    `You are asking faster than I can keep up with (at most ${perMinute} questions a minute). ` +
    `Try again in ${Math.max(1, Math.ceil(waitSeconds))} seconds.`
  )
}

/**
 * At most `perMinute` questions per person in any minute (a sliding window); 0 turns it off.
 * Remembers only the people who asked in the last minute.
 */
export class RateLimiter {
  private readonly asked = new Map<string, number[]>()

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a question by `who`: null when it may be answered, else the seconds to wait. */
  take(who: string): number | null {
    if (this.perMinute <= 0) return null
    const now = this.now()
    const recent = (this.asked.get(who) ?? []).filter((t) => now - t < 60_000)
    if (recent.length >= this.perMinute) {
      this.asked.set(who, recent)
      return (recent[0] + 60_000 - now) / 1000
    }
    recent.push(now)
    this.asked.set(who, recent)
    // Forget the people who went quiet, now and then.
    if (this.asked.size > 10_000) {
      for (const [k, times] of this.asked) if (now - times[times.length - 1] >= 60_000) this.asked.delete(k)
    }
    return null
  }
}

/** NEWSDESK_RATE_LIMIT (questions per person per minute; 0 turns it off), 20 when unset. */
export function rateLimitFrom(env: NodeJS.ProcessEnv): number {
  const value = env.NEWSDESK_RATE_LIMIT
  if (value === undefined) return 20
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`NEWSDESK_RATE_LIMIT must be a whole number of questions a minute, 0 for no limit (got "${value}")`)
  }
  return n
}

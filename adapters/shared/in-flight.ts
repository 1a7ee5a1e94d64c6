/**
 * The replies being worked on, so that a stopping service finishes them: Slack never delivers an
 * event again once it was acknowledged, so an answer dropped at shutdown is lost for good.
 */
export class InFlight {
  private running = 0
  private idle: Array<() => void> = []
  private closing = false

  /** Whether new work is refused (the service is stopping). */
  get closed(): boolean {
    return this.closing
  }

  /** Runs a reply to its end, counted while it runs. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.running++
    try {
      return await work()
    } finally {
      this.running--
      if (this.running === 0) for (const done of this.idle.splice(0)) done()
    }
  }

  /** Refuses new work from now on. */
  close(): void {
    this.closing = true
  }

  /** Resolves true when every reply in flight is done, false when `ms` passed first. */
  async drain(ms: number): Promise<boolean> {
    if (this.running === 0) return true
    let timer: NodeJS.Timeout | undefined
    const done = new Promise<boolean>((resolve) => this.idle.push(() => resolve(true)))
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms)
    })
    const result = await Promise.race([done, late])
    clearTimeout(timer)
    return result
  }

  /** How many replies are in flight. */
  get size(): number {
    return this.running
  }
}

/** The process's replies in flight (one service, one set). */
export const inFlight = new InFlight()

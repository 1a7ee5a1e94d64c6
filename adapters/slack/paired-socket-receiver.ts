import { type App, type Receiver, SocketModeReceiver, type SocketModeReceiverOptions } from '@slack/bolt'

/**
 * Socket Mode over two connections. Slack refreshes every connection now and then (a `disconnect`
 * message: `warning`, `refresh_requested`) and @slack/socket-mode 3.1, the newest the registry
 * serves, then waits 5 seconds before it opens the next one: a gap in which slash commands fail
 * and events wait for Slack's retry. Slack allows several connections per app and delivers each
 * envelope to one of them, so while one reconnects the other one receives.
 */
export class PairedSocketModeReceiver implements Receiver {
  readonly receivers: readonly [SocketModeReceiver, SocketModeReceiver]
  private readonly up = [false, false]
  /** Whether a connection is being opened again (between `reconnecting` and `connected`). */
  private readonly reopening = [false, false]

  constructor(options: SocketModeReceiverOptions) {
    this.receivers = [new SocketModeReceiver(options), new SocketModeReceiver(options)]
    this.receivers.forEach((receiver, i) => {
      receiver.client.on('connected', () => {
        this.up[i] = true
        this.reopening[i] = false
      })
      receiver.client.on('reconnecting', () => {
        this.reopening[i] = true
      })
      for (const down of ['close', 'disconnecting', 'reconnecting', 'disconnected']) {
        receiver.client.on(down, () => {
          this.up[i] = false
        })
      }
    })
  }

  /** Whether at least one connection is open. */
  get connected(): boolean {
    return this.up.some(Boolean)
  }

  /** How many connections are open (0–2). */
  get openConnections(): number {
    return this.up.filter(Boolean).length
  }

  init(app: App): void {
    for (const receiver of this.receivers) receiver.init(app)
  }

  /** Opens the first connection, then the second: start-up waits for both. */
  async start(): Promise<void> {
    await this.receivers[0].start()
    await this.receivers[1].start()
  }

  /**
   * Closes both connections. One that is being opened again is let finish first (up to 5 s):
   * @slack/socket-mode 3.1 rejects that attempt with `undefined` and nothing catches it when it is
   * disconnected halfway (fixed in 3.2, which the registry does not serve yet).
   */
  async stop(): Promise<void> {
    await Promise.all(
      this.receivers.map(async (receiver, i) => {
        if (this.reopening[i]) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 5000)
            receiver.client.once('connected', () => {
              clearTimeout(timer)
              resolve()
            })
          })
        }
        await receiver.stop()
      }),
    )
  }
}

/** Waits until `check` returns something, polling; fails after `ms`. */
export async function eventually<T>(check: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = check()
    if (v !== undefined && v !== null && v !== false) return v
    if (Date.now() > end) throw new Error('eventually: condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

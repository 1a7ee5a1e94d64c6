/**
 * Appends `items` to `to` one by one. `to.push(...items)` passes every item as an argument and
 * overflows the stack past about 100,000 items (a corpus of 500,000 articles did).
 */
export function append<T>(to: T[], items: Iterable<T>): void {
  for (const item of items) to.push(item)
}

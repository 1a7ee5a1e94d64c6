/**
 * Faults the engine reports with a message for people (it never holds a token or a secret).
 * "No answer" is not an error: it is a `Result` with `answered: false`.
 */
export class NewsdeskError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
  }
}

/** An option, a setting or an environment variable that cannot work; the message names it. */
export class ConfigError extends NewsdeskError {}

/** A command line or a request that cannot be read; the message says what to type instead. */
export class UsageError extends NewsdeskError {}

/** The data folder is missing or yields no article at all: nothing to answer from. */
export class NoArticlesError extends NewsdeskError {
  constructor(dir: string, detail: string, accepted: string) {
    super(`Newsdesk: no articles loaded from ${dir} (${detail}). It reads ${accepted}.`)
  }
}

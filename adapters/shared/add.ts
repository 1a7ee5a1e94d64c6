import { addArticle, FetchError, type Newsdesk, NewsdeskError } from '../../src/index.js'
import { outletAndDate } from './wording.js'

/** What adding articles from chat needs: where they go and who may add them. */
export interface ChatAdding {
  /** The data folder the service serves (and watches). */
  dataDir: string
  /** Platform user ids of the editors (NEWSDESK_EDITORS); null: adding from chat is off. */
  editors: ReadonlySet<string> | null
  /** NEWSDESK_ALLOW_PRIVATE_URLS=1: pages on intranet addresses may be fetched. */
  allowPrivate: boolean
}

/** The editors from NEWSDESK_EDITORS (ids separated by commas or spaces); null when unset. */
export function editorsFrom(env: NodeJS.ProcessEnv): Set<string> | null {
  const list = (env.NEWSDESK_EDITORS ?? '').split(/[\s,]+/).filter((id) => id !== '')
  return list.length === 0 ? null : new Set(list)
}

/**
 * What a mention asks to add, if anything: a link in a message that says "add" ("@newsdesk add
 * https://…"). Null for a question that merely holds a link.
 */
export function linkToAdd(text: string): string | null {
  if (!wantsAdd(text)) return null
  return /https?:\/\/[^\s<>|]+/i.exec(text)?.[0] ?? null
}

/** Whether a message asks to add what it carries: it says "add", or it is a file with no words. */
export function wantsAdd(text: string): boolean {
  return /(?:^|\s)add\b/i.test(text) || text.trim() === ''
}

/**
 * `/add <url>` from Slack or Discord: only an editor may add; the page is fetched and written
 * into the data folder, where the folder watcher picks it up. The reply says what was understood,
 * so the person can check it, or why nothing was added. Never throws for a user's mistake.
 */
export async function addFromChat(
  engine: Newsdesk,
  adding: ChatAdding | undefined,
  user: string,
  url: string,
  /**
   * A file shared on the platform rather than a link: the headers its download needs (Slack's
   * bot token, sent to that origin only), and what to say when the platform answers with a
   * redirect (Slack sends its sign-in page when the app may not read files).
   */
  download?: { headers: Record<string, string>; refused: string },
): Promise<string> {
  if (adding === undefined || adding.editors === null) {
    return 'Adding articles from chat is off here: an admin can list the editors in NEWSDESK_EDITORS.'
  }
  if (!adding.editors.has(user)) return 'Sorry, only editors can add articles.'
  const link = url.trim()
  if (!/^https?:\/\/\S+$/i.test(link))
    return 'Usage: /add <link to an article>, for example /add https://news.example/story'
  try {
    const result = await addArticle(link, {
      dataDir: adding.dataDir,
      existing: engine.articles,
      fetch:
        download === undefined
          ? { allowPrivate: adding.allowPrivate }
          : { allowPrivate: adding.allowPrivate, headers: download.headers, maxRedirects: 0 },
    })
    const a = result.article
    const meta = outletAndDate(a.outlet, a.published)
    const described = `"${a.title}"${meta === '' ? '' : ` — ${meta}`}${a.author === null ? '' : `, by ${a.author}`}`
    if (result.kind === 'duplicate') return `Already there: "${result.of.title}"; not added again.`
    return `Added ${described}: ${a.paragraphs.length} paragraphs. It can be asked about in a moment.`
  } catch (err) {
    if (download !== undefined && err instanceof FetchError && err.reason === 'too-many-redirects') {
      return `Not added: ${download.refused}`
    }
    if (err instanceof NewsdeskError) return `Not added: ${err.message.replace(/^Newsdesk: /, '')}`
    throw err
  }
}

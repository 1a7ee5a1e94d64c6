import { join, relative } from 'node:path'
import { addArticle, type Logger, Newsdesk, NewsdeskError } from '../../src/index.js'
import { outletAndDate } from '../shared/wording.js'

/**
 * `newsdesk add <url|file>…`: each page or file is added to the data folder and described (title,
 * outlet, date, byline, paragraphs, quotations), or the reason it was not is printed; the saved
 * index is brought up to date once at the end. Exit code 1 when any could not be added.
 */
export async function addArticles(
  sources: string[],
  dataDir: string,
  cacheDir: string | undefined,
  logger: Logger,
): Promise<number> {
  const engine = await Newsdesk.fromDirectory(dataDir, { logger }, { cacheDir }).catch(() => null)
  const existing = [...(engine?.articles ?? [])]
  const allowPrivate = process.env.NEWSDESK_ALLOW_PRIVATE_URLS === '1'
  let failed = 0
  let added = 0
  for (const source of sources) {
    try {
      const result = await addArticle(source, { dataDir, existing, fetch: { allowPrivate } })
      const a = result.article
      if (result.kind === 'duplicate') {
        process.stdout.write(`Already there: "${result.of.title}" (${source} is the same article); not added.\n`)
        continue
      }
      existing.push(a)
      added++
      const listing = Newsdesk.build([a]).source('')
      const quotes = listing.kind === 'listing' ? (listing.articles[0]?.quotes ?? 0) : 0
      const meta = outletAndDate(a.outlet, a.published)
      process.stdout.write(
        `Added ${shown(join(dataDir, result.file))}: "${a.title}"${meta === '' ? '' : ` — ${meta}`}` +
          `${a.author === null ? '' : `, by ${a.author}`}; ${a.paragraphs.length} paragraphs, ${quotes} quotations.\n`,
      )
    } catch (err) {
      if (!(err instanceof NewsdeskError)) throw err
      failed++
      process.stderr.write(`${err.message}\n`)
    }
  }
  // The saved index follows, so the next start is a warm one (a running service picks the file up itself).
  if (added > 0 && cacheDir !== undefined) await Newsdesk.fromDirectory(dataDir, { logger }, { cacheDir })
  return failed > 0 ? 1 : 0
}

/** A path as the user would type it: relative when it is under the working folder. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel.startsWith('..') ? path : rel
}

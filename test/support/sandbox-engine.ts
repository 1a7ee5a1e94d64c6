import { Newsdesk, NewsdeskError } from '../../src/index.js'

/** The sandboxes' engine: `--data`, else NEWSDESK_DATA, else the bundled articles; skipped files listed. */
export async function sandboxEngine(data: string | undefined): Promise<Newsdesk> {
  const engine = await Newsdesk.fromDirectory(data ?? process.env.NEWSDESK_DATA ?? 'data/articles').catch(
    (err: unknown) => {
      if (!(err instanceof NewsdeskError)) throw err
      console.error(err.message)
      process.exit(1)
    },
  )
  for (const w of engine.warnings) console.error(`skipped ${w.file}: ${w.reason}`)
  return engine
}

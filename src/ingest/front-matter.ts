/** A `---` block of `key: value` lines at the top of a file, and the text after it. */
export interface FrontMatter {
  fields: Record<string, string>
  body: string
}

/** Splits off a front-matter block; `null` when the file has none. Keys are lower-cased. */
export function readFrontMatter(text: string): FrontMatter | null {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)
  if (m === null) return null
  const fields: Record<string, string> = {}
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^\s*([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$/.exec(line)
    if (kv === null) continue
    // YAML-style quoting is common in front matter; the value itself never needs the quotes.
    fields[kv[1].toLowerCase()] = kv[2].replace(/^(["'])(.*)\1$/, '$2')
  }
  return { fields, body: text.slice(m[0].length) }
}

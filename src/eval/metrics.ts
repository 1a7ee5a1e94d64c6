/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normalizeAnswer(s: string): string {
  return s
    .toLowerCase()
    .replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~‘’“”–—]/g, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Whether a gold answer appears in one of the first `k` excerpts (both normalised, on word boundaries). */
export function hitAt(excerpts: string[], answers: string[], k: number): boolean {
  const texts = excerpts.slice(0, k).map((t) => ` ${normalizeAnswer(t)} `)
  return answers.map(normalizeAnswer).some((a) => a !== '' && texts.some((t) => t.includes(` ${a} `)))
}

/** nDCG@k with graded relevance (BEIR's form: gain 2^rel − 1). */
export function ndcgAt(ranked: string[], relevant: Map<string, number>, k: number): number {
  const dcg = ranked.slice(0, k).reduce((s, id, i) => s + (2 ** (relevant.get(id) ?? 0) - 1) / Math.log2(i + 2), 0)
  const ideal = [...relevant.values()]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0)
  return ideal === 0 ? 0 : dcg / ideal
}

export function recallAt(ranked: string[], relevant: Map<string, number>, k: number): number {
  const rel = [...relevant].filter(([, g]) => g > 0).map(([id]) => id)
  if (rel.length === 0) return 0
  const top = new Set(ranked.slice(0, k))
  return rel.filter((id) => top.has(id)).length / rel.length
}

// Words that introduce reported speech. Kept as one pattern so attribution before and after a
// quotation agree on what counts.
export const SPEECH_VERBS = [
  'said',
  'says',
  'told',
  'tells',
  'stated',
  'states',
  'argued',
  'argues',
  'concluded',
  'added',
  'adds',
  'noted',
  'notes',
  'explained',
  'explains',
  'asked',
  'asks',
  'wrote',
  'writes',
  'insisted',
  'insists',
  'warned',
  'warns',
  'claimed',
  'claims',
  'continued',
  'declared',
  'remarked',
  'replied',
  'responded',
  'suggested',
  'emphasized',
  'emphasised',
  'stressed',
  'acknowledged',
  'admitted',
  'recalled',
  'tweeted',
  'posted',
  'announced',
  'revealed',
  'described',
  'clarified',
  'called',
  'urged',
  'predicted',
  'confirmed',
  'denied',
  'estimated',
  'observed',
  'pointed out',
  'went on',
  'countered',
  'conceded',
  'cautioned',
  'vowed',
  'promised',
  'boasted',
  'complained',
  'maintained',
  'contended',
  'agreed',
  'expressed',
  'reiterated',
  'shouted',
  'joked',
  'quipped',
  'testified',
  'recounted',
  'says of',
]
const VERB = SPEECH_VERBS.map((v) => v.replace(/ /g, '\\s+')).join('|')

// A capitalised phrase that can hold a role and a name: "White House Press Secretary Karoline
// Leavitt", "U.S. Special Envoy Steve Witkoff", "Zelenskyy". Dotted initials and "U.S." allowed.
const CAP = "(?:\\p{Lu}\\.(?:\\p{Lu}\\.)+|\\p{Lu}[\\p{L}'’\\-]*\\.?)"
export const NAME_PHRASE = `${CAP}(?:\\s+(?:${CAP}|de|van|von|bin|al|da|del|der|la|le))*`
const PRONOUN = '(?:he|she|He|She)'

/** After a closing quote: `Witkoff said`, `he told reporters`, `said Witkoff`, `White House … Leavitt told`. */
export const AFTER_QUOTE = new RegExp(
  `^[\\s,—–-]*(?:(${PRONOUN}|${NAME_PHRASE})(?:,[^,“”"]{1,120},)?\\s+(?:\\p{Ll}+ly\\s+)?(?:${VERB})\\b` +
    `|(?:${VERB})\\s+(${NAME_PHRASE}))`,
  'u',
)

/** Before an opening quote, at the end of the text before it: `Witkoff said: `, `he said, `. */
export const BEFORE_QUOTE = new RegExp(
  `(?:^|[^\\p{L}])(${PRONOUN}|${NAME_PHRASE})(?:,[^,“”"]{1,120},)?\\s+(?:\\p{Ll}+ly\\s+)?(?:${VERB})` +
    `(?:\\s+[^“”".]{0,60}?)?\\s*[:,]\\s*$`,
  'u',
)

/** A speech verb with its named subject anywhere in a clause: `Witkoff, who …, described`. */
export const SUBJECT_VERB = new RegExp(
  `(${PRONOUN}|${NAME_PHRASE})(?:,[^,“”"]{1,160},)?\\s+(?:\\p{Ll}+ly\\s+)?(?:${VERB})\\b`,
  'gu',
)

export function isPronoun(s: string): boolean {
  return /^(?:he|she)$/i.test(s)
}

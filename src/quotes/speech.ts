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
  'pressed',
]
const VERB = SPEECH_VERBS.map((v) => v.replace(/ /g, '\\s+')).join('|')

// Abbreviations that keep their full stop inside a name ("Mr. Smith", "Gen. Milley"). Any other
// word that ends in a full stop ends its sentence: "…behind Lyon. He added" names nobody.
const ABBREVIATION =
  '(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Hon|Supt|Insp|Det|Fr|Mt|Ft)\\.'

// A capitalised phrase that can hold a role and a name: "White House Press Secretary Karoline
// Leavitt", "U.S. Special Envoy Steve Witkoff", "Zelenskyy". Dotted initials and "U.S." allowed.
const CAP = `(?:\\p{Lu}\\.(?:\\p{Lu}\\.)+|${ABBREVIATION}|\\p{Lu}\\.|\\p{Lu}[\\p{L}'’\\-]*)`
// A pronoun never goes on a name ("…the U.N. She said" is "She" speaking), and a particle only
// before the rest of it ("Charles de Gaulle", not "Fidel Castro's de|cision").
export const NAME_PHRASE =
  `${CAP}(?:\\s+(?:(?!(?:He|She|It|They|We)\\b)${CAP}|` + `(?:de|van|von|bin|al|da|del|der|la|le)(?=\\s+\\p{Lu})))*`
const PRONOUN = '(?:he|she|He|She)'

/**
 * Lower-case nouns that end a role written before a name: "analyst", "fire chief", "BWP managing
 * director". A closed list: lower-case words before a capitalised phrase make a role only when
 * they end in one of these ("said fire chief Sandrine Morel", not "said last night Sandrine Morel").
 */
export const ROLE_NOUNS = [
  'analyst',
  'economist',
  'strategist',
  'chief',
  'director',
  'director-general',
  'manager',
  'boss',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'minister',
  'secretary',
  'secretary-general',
  'president',
  'vice-president',
  'chairman',
  'chairwoman',
  'chairperson',
  'chair',
  'executive',
  'officer',
  'official',
  'head',
  'founder',
  'co-founder',
  'owner',
  'partner',
  'leader',
  'coach',
  'captain',
  'envoy',
  'ambassador',
  'diplomat',
  'negotiator',
  'senator',
  'governor',
  'mayor',
  'councillor',
  'councilor',
  'commissioner',
  'chancellor',
  'premier',
  'treasurer',
  'trustee',
  'judge',
  'lawyer',
  'attorney',
  'barrister',
  'solicitor',
  'prosecutor',
  'professor',
  'lecturer',
  'researcher',
  'scientist',
  'historian',
  'expert',
  'consultant',
  'adviser',
  'advisor',
  'pollster',
  'editor',
  'reporter',
  'correspondent',
  'columnist',
  'author',
  'writer',
  'novelist',
  'presenter',
  'broadcaster',
  'producer',
  'filmmaker',
  'film-maker',
  'actor',
  'actress',
  'comedian',
  'singer',
  'musician',
  'guitarist',
  'drummer',
  'rapper',
  'composer',
  'artist',
  'designer',
  'architect',
  'engineer',
  'doctor',
  'surgeon',
  'nurse',
  'teacher',
  'headteacher',
  'principal',
  'campaigner',
  'activist',
  'organiser',
  'organizer',
  'detective',
  'inspector',
  'superintendent',
  'constable',
  'sergeant',
  'commander',
  'colonel',
  'general',
  'admiral',
  'player',
  'striker',
  'midfielder',
  'defender',
  'goalkeeper',
  'keeper',
  'winger',
  'forward',
  'batsman',
  'bowler',
  'jockey',
  'trainer',
  'referee',
  'champion',
  'team-mate',
  'teammate',
  'colleague',
  'counterpart',
  'banker',
  'trader',
  'investor',
  'entrepreneur',
  'farmer',
  'resident',
]
const ROLE_NOUN = `(?:${ROLE_NOUNS.join('|')})(?![\\p{L}-])`

// Words that never sit inside a role: "the wife of president Smith" is not president Smith.
const NOT_ROLE =
  '(?:of|for|to|by|with|at|in|on|from|into|about|and|or|but|the|a|an|his|her|their|its|our|who|which|that|this|' +
  'he|she|it|they|we|said|says|told|tells|added|adds)'
// One lower-case word of a role ("managing", "home", "affairs", "team's").
const ROLE_WORD = `(?!${NOT_ROLE}(?![\\p{L}'’-]))\\p{Ll}[\\p{L}'’-]*`

/**
 * A role written in front of a name: "analyst", "fire chief", "BWP managing director", "former
 * Wales coach", "the club's chairman and chief executive". It ends in one of `ROLE_NOUNS`, with
 * up to five words before the noun, the fewest that fit: a lazy run costs a few tries where nested
 * optional parts cost dozens. `cleanRole` trims what it takes too much.
 */
export const ROLE_RUN =
  `(?:(?:the|a|an)\\s+)?(?:(?:${ROLE_WORD}|${CAP})\\s+){0,5}?${ROLE_NOUN}` +
  `(?:\\s+and\\s+(?:${ROLE_WORD}\\s+){0,2}?${ROLE_NOUN})?`

// A name that is not a possessive: in "said Ortiz's lawyer Jane Doe" the speaker is Jane Doe.
const NAME = `(?<![\\p{L}\\p{N}'’.-])${NAME_PHRASE}(?![\\p{L}'’])(?<!['’]s)`

// "also warned", "later told", "angrily denied": words between the speaker and any speech verb.
const ADVERB = '(?:(?:also|then|later|once|earlier|previously|\\p{Ll}+ly)\\s+){0,2}'
// "has said", "had told": a perfect tense only of verbs that are always speech ("has added the
// ability to “save”" is no quotation).
const PERFECT =
  `(?:has|had|have)\\s+${ADVERB}(?:said|told|warned|insisted|argued|claimed|admitted|stated|stressed|` +
  'conceded|acknowledged|suggested|denied|written)\\b'
/** A speech verb of `verbs` with the words that may come before it. */
const speaks = (verbs: string): string => `(?:${PERFECT}|${ADVERB}(?:${verbs})\\b)`

// A comma-enclosed aside after a name: ", 45, of London," or ", an analyst at CCF,". It stays in
// its sentence: in "since December, having hurt his foot. But Tindall, …, told" December tells nothing.
const ASIDE_CHAR = '(?:(?![.!?]\\s+\\p{Lu})[^,“”"])'
const ASIDE = `(?:,(?<aside>${ASIDE_CHAR}{1,120}(?:,${ASIDE_CHAR}{1,80})?),)?`

// The comma after a name set off after the role that opens its sentence: "Scottish Conservative
// leader, David McLetchie, said", "Ms Jowell's deputy, Richard Caborn, said" (not "…, who wrote
// about the death of Ken Bigley, said", where the name ends an aside).
const ROLE_COMMA = `(?:,(?<=(?:^|[.!?]["”’]?\\s+)[^,.!?“”"]{1,80},\\s+${NAME_PHRASE},))?`

// A capitalised phrase right after one of these words is a place or an object, not a speaker
// ("Andrew Fisher, from Omaha, Nebraska, said"); nor does a speaker start inside a longer
// capitalised phrase ("for Reporters Without Borders, …, described" names nobody) or after a
// number ("50 Cent said" is no "Cent").
const NOT_SUBJECT =
  "(?<!\\b(?:from|of|in|at|for|with|by|to|on|near|into)\\s)(?<!\\p{Lu}[\\p{L}'’\\-]*\\s)(?<!\\p{N}\\s)"

// A name after "said" that a role follows is an organisation: "said Opera spokeswoman, Berit
// Hanson" is Berit Hanson, never "Opera".
const NO_ROLE_AFTER = `(?!\\s+(?:${ROLE_WORD}\\s+){0,3}${ROLE_NOUN})`

// Built twice: the role alternatives cost, and most attributions have no role before the name.
function afterQuote(roles: boolean): RegExp {
  const role = (n: number): string => (roles ? `(?:(?<role${n}>${ROLE_RUN}),?\\s+)?` : '')
  return new RegExp(
    `^[\\s,—–-]*(?:${role(1)}(?<name1>${PRONOUN}|${NAME})${ASIDE}${ROLE_COMMA}\\s+${speaks(VERB)}` +
      `|(?:${VERB})\\s+${role(2)}(?<name2>${NAME})${NO_ROLE_AFTER}` +
      `|according\\s+to\\s+${role(3)}(?<name3>${NAME})${NO_ROLE_AFTER})`,
    'u',
  )
}
const AFTER_QUOTE_PLAIN = afterQuote(false)
const AFTER_QUOTE_ROLES = afterQuote(true)
const ROLE_NEAR = new RegExp(`\\b${ROLE_NOUN}`, 'u')

/**
 * The attribution at the start of the text after a closing quote: `Witkoff said`, `he told
 * reporters`, `senior economist Li Wei said`, `said Witkoff`, `said analyst Hannah Ortiz`,
 * `according to spokeswoman Ana Ruiz`.
 */
export function afterQuoteAttribution(after: string): RegExpExecArray | null {
  return (ROLE_NEAR.test(after.slice(0, 120)) ? AFTER_QUOTE_ROLES : AFTER_QUOTE_PLAIN).exec(after)
}

/**
 * Before an opening quote, at the end of the text before it: `Witkoff said: `, `he said, `,
 * `According to Ana Ruiz, `.
 */
export const BEFORE_QUOTE = new RegExp(
  `(?:(?:^|[^\\p{L}])${NOT_SUBJECT}(?<name1>${PRONOUN}|${NAME})${ASIDE}${ROLE_COMMA}\\s+${speaks(VERB)}` +
    `(?:\\s+[^“”".]{0,60}?)?` +
    `|(?:^|[^\\p{L}])[Aa]ccording\\s+to\\s+(?:(?<role3>${ROLE_RUN}),?\\s+)?(?<name3>${NAME}))\\s*[:,]\\s*$`,
  'u',
)

// Verbs that may take a quoted name or title as their object ("posted a video of “Fun Zone”",
// "pressed the “Buy” button"): they introduce a quotation only beside it, never a quoted phrase
// further on in the sentence.
const OBJECT_VERBS = new Set(['posted', 'pressed'])
const SUBJECT_VERBS = SPEECH_VERBS.filter((v) => !OBJECT_VERBS.has(v))
  .map((v) => v.replace(/ /g, '\\s+'))
  .join('|')

/** A speech verb with its named subject anywhere in a clause: `Witkoff, who …, described`. */
export const SUBJECT_VERB = new RegExp(
  `(?=[\\p{Lu}hs])${NOT_SUBJECT}(?<name1>${PRONOUN}|${NAME})${ASIDE}${ROLE_COMMA}\\s+${speaks(SUBJECT_VERBS)}`,
  'gu',
)

// Built twice, like `afterQuote`: most narrative names nobody with a role before the name.
function namedSpeaker(roles: boolean): RegExp {
  const role = roles ? `(?:(?<role2>${ROLE_RUN}),?\\s+)?` : ''
  return new RegExp(
    `(?:(?=\\p{Lu})${NOT_SUBJECT}(?<name1>${NAME})${ASIDE}${ROLE_COMMA}\\s+${speaks(SUBJECT_VERBS)}` +
      `|\\b(?:said|says|added|adds|[Aa]ccording\\s+to)\\s+${role}(?<name2>${NAME})${NO_ROLE_AFTER})`,
    'gu',
  )
}
const NAMED_SPEAKER_PLAIN = namedSpeaker(false)
const NAMED_SPEAKER_ROLES = namedSpeaker(true)

/**
 * Where `text` names someone as speaking: `Witkoff said`, `said Mr Walsh`, `according to analyst
 * Hannah Ortiz`. Only verbs that take no person as object come before the name ("told Jones"
 * names the listener).
 */
export function namedSpeakers(text: string): IterableIterator<RegExpExecArray> {
  return text.matchAll(ROLE_NEAR.test(text) ? NAMED_SPEAKER_ROLES : NAMED_SPEAKER_PLAIN)
}

// Words a role never holds, beyond the function words its pattern already leaves out: "service
// was former US president" is the role "former US president".
const NOT_IN_ROLE = new Set([
  ...SPEECH_VERBS,
  ...'is was were be been being are has had have will would could should may might can also then who'.split(' '),
  ...'on in at after before during since meanwhile yesterday today monday tuesday wednesday thursday'.split(' '),
  ...'friday saturday sunday but however when while where as between against over under through than'.split(' '),
  ...'like because if that which whose whom its his her their our my your this these those there here'.split(' '),
  ...'not only just even so both all of for to by with from into about'.split(' '),
])

/** The role a matched run of words holds: its last words, up to one a role cannot hold. */
export function cleanRole(run: string): string | null {
  const words = run.trim().split(/\s+/)
  let i = words.length - 1
  while (i > 0 && !NOT_IN_ROLE.has(words[i - 1].toLowerCase()) && words.length - i < 7) i--
  // "And WMC chief executive", "But the club's chairman": the sentence's first words are no role.
  const role = words
    .slice(i)
    .join(' ')
    .replace(/^(?:(?:and|but|however|meanwhile|so|then|yet|said|says|the|a|an),?\s+)+/i, '')
  return role === '' ? null : role
}

/**
 * The speaker phrase of a match of the patterns above, the role written before it, and the aside
 * after it (in "Director, David Caldwell, said" the aside is the name).
 */
export function speakerOf(m: RegExpExecArray | RegExpMatchArray): {
  phrase: string
  role: string | null
  aside: string | null
  /** Whether "the", "a" or "an" comes just before the phrase ("the Australian said"). */
  article: boolean
} {
  const g = m.groups ?? {}
  const phrase = g.name1 ?? g.name2 ?? g.name3 ?? ''
  const role = g.role1 ?? g.role2 ?? g.role3
  const at = (m.index ?? 0) + m[0].indexOf(phrase)
  const input = m.input ?? ''
  return {
    phrase,
    role: role === undefined ? null : cleanRole(role),
    aside: g.aside?.trim() ?? null,
    article: role === undefined && /(?:^|[^\p{L}])(?:the|a|an)\s+$/u.test(input.slice(Math.max(0, at - 5), at)),
  }
}

export function isPronoun(s: string): boolean {
  return /^(?:he|she)$/i.test(s)
}

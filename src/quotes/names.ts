import { ROLE_NOUNS } from './speech.js'

// Words that make up a role or an organisation in front of a name, never part of the name.
const ROLE_WORDS = new Set([
  'president',
  'vice',
  'secretary',
  'minister',
  'prime',
  'foreign',
  'defense',
  'defence',
  'press',
  'special',
  'envoy',
  'ambassador',
  'senator',
  'sen',
  'sen.',
  'rep',
  'rep.',
  'representative',
  'governor',
  'gov',
  'gov.',
  'mayor',
  'chancellor',
  'general',
  'gen',
  'gen.',
  'adviser',
  'advisor',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'director',
  'chief',
  'ceo',
  'mp',
  'msp',
  'mep',
  'mla',
  'chairman',
  'chairwoman',
  'chair',
  'leader',
  'speaker',
  'deputy',
  'former',
  'acting',
  'senior',
  'national',
  'security',
  'state',
  'house',
  'white',
  'commander',
  'officer',
  'official',
  'judge',
  'justice',
  'attorney',
  'king',
  'queen',
  'prince',
  'princess',
  'pope',
  'sir',
  'dame',
  'lord',
  'lady',
  'rev',
  'rev.',
  'reverend',
  'mr',
  'mr.',
  'mrs',
  'mrs.',
  'ms',
  'ms.',
  'dr',
  'dr.',
  'prof',
  'prof.',
  'professor',
  'coach',
  'manager',
  'captain',
  'capt.',
  'lt.',
  'col.',
  'colonel',
  'sgt.',
  'archbishop',
  'bishop',
  'rabbi',
  'imam',
  'u.s.',
  'us',
  'u.k.',
  'uk',
  'un',
  'u.n.',
  'eu',
  'nato',
  'kremlin',
  'pentagon',
  'trade',
  'economic',
  'finance',
  'health',
  'interior',
  'justice',
  'labor',
  'labour',
  'energy',
  'treasury',
  'homeland',
  'staff',
  'cabinet',
  'council',
  'committee',
  'party',
  'democratic',
  'republican',
  'democrat',
  'opposition',
  'army',
  'navy',
  'air',
  'force',
  'police',
  'federal',
  'premier',
  'inspector',
  'head',
  'founder',
  'co-founder',
  'executive',
  'analyst',
  'economist',
  'expert',
  'professor',
  'lawyer',
  'spokesman',
  'the',
  'a',
  'an',
  'according',
  'to',
  'meanwhile',
  'but',
  'and',
  'as',
  'when',
  'while',
  'after',
])

// Capitalised words that start a sentence or name a thing, not a person.
const NOT_NAMES = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'it',
  'we',
  'they',
  'i',
  'you',
  'but',
  'and',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'september',
  'october',
  'november',
  'december',
  'sources',
  'source',
  'officials',
  'reports',
  'critics',
  'analysts',
  'experts',
  'some',
  'many',
  'others',
  'both',
  'all',
  'washington',
  'moscow',
  'kyiv',
  'london',
  'brussels',
  'beijing',
  'russia',
  'ukraine',
  'america',
  'europe',
  'china',
  'britain',
  'france',
  'germany',
  'israel',
  'iran',
  'congress',
  'parliament',
  'police',
  'government',
  'administration',
  'ministry',
  'department',
  'agency',
  'court',
  'company',
  'statement',
  'report',
  'study',
  'survey',
  'speaking',
  'asked',
  'pressed',
  'meanwhile',
  'still',
  'however',
  'also',
  'then',
  'now',
  'today',
  'yesterday',
  'there',
  'here',
  'what',
  'who',
  'when',
  'where',
  'why',
  'how',
  'if',
  'in',
  'on',
  'at',
  'for',
  'with',
  'from',
  'by',
  'of',
  'as',
  'after',
  'before',
  'during',
  'since',
  'despite',
  'although',
  'though',
  'while',
  'following',
  'according',
])

// Role nouns that may also be surnames ("Gary Player", "Isaac Singer"): a role only in front of
// a name, never as its last word.
const ROLE_NOUN_SET = new Set([...ROLE_NOUNS, 'co-chairman', 'vice-chairman', 'co-chair', 'frontman', 'frontwoman'])

// Last words of organisations and groups, which speak through people but are none: "the Public and
// Commercial Services Union said", "the Lib Dems said".
const GROUP_WORDS = new Set([
  'union',
  'party',
  'council',
  'association',
  'agency',
  'office',
  'commission',
  'federation',
  'committee',
  'institute',
  'university',
  'college',
  'company',
  'corporation',
  'inc',
  'ltd',
  'plc',
  'ministry',
  'department',
  'league',
  'society',
  'foundation',
  'organisation',
  'organization',
  'government',
  'bureau',
  'authority',
  'group',
  'network',
  'executive',
  'assembly',
  'parliament',
  'administration',
  'dems',
  'tories',
  'democrats',
  'republicans',
  'conservatives',
  'liberals',
  'nationalists',
  'unionists',
  'greens',
])

const POST_NOMINALS = new Set(['MP', 'MSP', 'MEP', 'AM', 'MLA', 'QC', 'KC', 'OBE', 'MBE', 'CBE', 'KBE', 'DBE', 'PhD'])

/** A person's name split from the role written before it. */
export interface NamedPerson {
  name: string
  role: string | null
}

/**
 * Splits a capitalised phrase into role and name: "White House Press Secretary Karoline Leavitt"
 * → role "White House Press Secretary", name "Karoline Leavitt". `null` if no name is left
 * ("The president", "Washington").
 */
export function splitRoleAndName(phrase: string): NamedPerson | null {
  const tokens = phrase.trim().split(/\s+/)
  // "… envoy Steve Witkoff." — the sentence's full stop is not part of the name (an initial's is).
  const lastToken = tokens[tokens.length - 1]
  if (lastToken.length > 2 && lastToken.endsWith('.') && !/^(?:\p{Lu}\.)+$/u.test(lastToken))
    tokens[tokens.length - 1] = lastToken.slice(0, -1)
  // Letters after a name ("Tom McCabe MSP", "Guy Mansfield QC") are no part of it: the surname
  // is the word before them.
  while (tokens.length > 2 && POST_NOMINALS.has(tokens[tokens.length - 1])) tokens.pop()
  const name: string[] = []
  let i = tokens.length - 1
  while (i >= 0 && name.length < 4) {
    const lower = tokens[i].toLowerCase()
    if (ROLE_WORDS.has(lower) || ROLE_WORDS.has(lower.replace(/\.$/, ''))) break
    // A possessive ("PBS' Jacoba Atlas", "Microsoft's Bill Gates") or an acronym ("UKIP MEP
    // Robert Kilroy-Silk", "BWP") in front of a name names its organisation, not the person.
    if (name.length > 0 && (ROLE_NOUN_SET.has(lower) || GROUP_WORDS.has(lower))) break
    if (name.length > 0 && (isPossessive(tokens[i]) || isAcronym(tokens[i], 3))) break
    name.unshift(tokens[i])
    i--
  }
  if (name.length === 0 || GROUP_WORDS.has(name[name.length - 1].toLowerCase())) return null
  // An acronym alone ("EA", "IMF", "BWP") is an organisation.
  if (name.every((w) => isAcronym(w, 2))) return null
  // A lone name word that is really a place, weekday or sentence opener is no speaker.
  if (name.every((w) => NOT_NAMES.has(w.toLowerCase()))) return null
  while (name.length > 1 && NOT_NAMES.has(name[0].toLowerCase())) name.shift()
  if (/^\p{Ll}/u.test(name[name.length - 1])) return null
  const role = tokens.slice(0, i + 1).join(' ')
  // "The Australian", "The Da Vinci Code": "the" and a name alone is a description or a title.
  if (role === 'The' || role === 'the') return null
  const cleanRole = role.replace(/^(?:the|a|an|according to|meanwhile|but|and)\s+/i, '').trim()
  return { name: name.join(' ').replace(/[’']s$/, ''), role: cleanRole === '' ? null : cleanRole }
}

function isPossessive(word: string): boolean {
  const last = word[word.length - 1]
  return last === "'" || last === '’' || ((last === 's' || last === 'S') && /['’]$/.test(word.slice(-2, -1)))
}

/** A word of `min` or more capital letters, A to Z. */
function isAcronym(word: string, min: number): boolean {
  if (word.length < min) return false
  for (let k = 0; k < word.length; k++) {
    const c = word.charCodeAt(k)
    if (c < 65 || c > 90) return false
  }
  return true
}

/** Surname-level key for matching "Zelensky" with "Zelenskyy" and "Steve Witkoff" with "Witkoff". */
export function surnameKey(name: string): string {
  const parts = name.split(/\s+/)
  return fold(parts[parts.length - 1])
}

export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

/** Levenshtein distance, capped: enough to tell a spelling variant from a different name. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
      rowMin = Math.min(rowMin, cur[j])
    }
    if (rowMin > max) return max + 1
    prev = cur
  }
  return prev[b.length]
}

/** Two surname keys name the same person when equal, or one letter apart in a long name. */
export function sameSurname(a: string, b: string): boolean {
  if (a === b) return true
  return Math.min(a.length, b.length) >= 6 && editDistance(a, b, 1) <= 1
}

export const ROLE_WORD_SET: ReadonlySet<string> = ROLE_WORDS

// Display names of well-known news hosts. A host not listed here is shown as its domain
// ("example.com"): that is what the file states, not a guess at a name.
const KNOWN: Record<string, string> = {
  'foxnews.com': 'Fox News',
  'cnn.com': 'CNN',
  'bbc.co.uk': 'BBC News',
  'bbc.com': 'BBC News',
  'reuters.com': 'Reuters',
  'apnews.com': 'AP News',
  'nytimes.com': 'The New York Times',
  'washingtonpost.com': 'The Washington Post',
  'theguardian.com': 'The Guardian',
  'wsj.com': 'The Wall Street Journal',
  'aljazeera.com': 'Al Jazeera',
  'kurdistan24.net': 'Kurdistan24',
  'politico.com': 'Politico',
  'npr.org': 'NPR',
  'nbcnews.com': 'NBC News',
  'cbsnews.com': 'CBS News',
  'abcnews.go.com': 'ABC News',
  'bloomberg.com': 'Bloomberg',
  'ft.com': 'Financial Times',
  'economist.com': 'The Economist',
  'axios.com': 'Axios',
  'thehill.com': 'The Hill',
  'dw.com': 'DW',
  'france24.com': 'France 24',
  'kyivindependent.com': 'The Kyiv Independent',
  'wikipedia.org': 'Wikipedia',
}

// Second-level labels under which registrable names sit one level deeper ("bbc.co.uk").
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'gov', 'ac', 'go', 'ne', 'or'])

/** The registrable domain of a URL's host ("static.foxnews.com" → "foxnews.com"), or null. */
export function siteOf(url: string): string | null {
  let host: string
  try {
    host = new URL(url).hostname.toLowerCase()
  } catch {
    return null
  }
  host = host.replace(/^www\./, '')
  const parts = host.split('.')
  if (parts.length < 2) return null
  const keep =
    parts.length >= 3 && SECOND_LEVEL.has(parts[parts.length - 2]) && parts[parts.length - 1].length === 2 ? 3 : 2
  const site = parts.slice(-keep).join('.')
  // "abcnews.go.com" is listed whole.
  if (KNOWN[host] !== undefined) return host
  return site
}

/** The outlet a URL belongs to: a known name, else its domain. */
export function outletFromUrl(url: string): string | null {
  const site = siteOf(url)
  if (site === null) return null
  return KNOWN[site] ?? site
}

// Wire services and agencies, as bylines name them ("By Jane Roe, Reuters").
const WIRES = [
  'AP',
  'The Associated Press',
  'AFP',
  'Agence France-Presse',
  'Reuters',
  'UPI',
  'PA Media',
  'Press Association',
  'dpa',
  'Xinhua',
  'Kyodo News',
  'Yonhap',
  'ANI',
  'EFE',
  'ANSA',
  'Interfax',
  'TASS',
  'Anadolu Agency',
]
const normalise = (name: string): string =>
  name
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[-\s]+/g, ' ')
    .replace(/[.\s]+$/, '')
    .trim()
const NAMED = new Map<string, string>([...Object.values(KNOWN), ...WIRES].map((name) => [normalise(name), name]))

/** The outlet a text names when it is a known outlet or wire ("reuters", "Associated Press"), else null. */
export function outletNamed(text: string): string | null {
  return NAMED.get(normalise(text)) ?? null
}

import { promises as dnsPromises, type LookupAddress } from 'node:dns'
import { isIP } from 'node:net'
import ipaddr from 'ipaddr.js'
import { FetchError } from './fetch-error.js'

/**
 * What an IP address is, for deciding whether Newsdesk may connect to it. 'public' is the only
 * kind fetched by default; `allowPrivate` adds the kinds of intranets and local test servers;
 * the kinds in NEVER_FETCHED are refused whatever the options.
 */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'unique-local'
  | 'link-local'
  | 'carrier-grade-nat'
  /** Reserved, documentation, benchmarking, Teredo and other special-purpose ranges. */
  | 'special'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'cloud-metadata'
  /** Not an IP address at all. */
  | 'invalid'

/** The verdict on one address. */
export interface AddressCheck {
  /** The address as given. */
  address: string
  kind: AddressKind
  allowed: boolean
  /** The IPv4 address inside an IPv6 one (IPv4-mapped, NAT64, 6to4…): the one that was judged. */
  embedded?: string
}

// Nothing legitimate serves a page there, and an intranet does not need them either: the
// unspecified address reaches the local host on Linux, and a metadata service hands out the
// cloud credentials of the machine, the prime target of a server-side request forgery.
const NEVER_FETCHED: ReadonlySet<AddressKind> = new Set([
  'unspecified',
  'multicast',
  'broadcast',
  'cloud-metadata',
  'invalid',
])

// Cloud metadata and credential services. Most sit in link-local or unique-local ranges, refused
// anyway by default; they are listed so that `allowPrivate` (meant for intranets) never opens them.
const METADATA_ADDRESSES: ReadonlySet<string> = new Set([
  '169.254.169.254', // AWS, Azure, Google Cloud, Oracle, DigitalOcean, OpenStack…
  '169.254.170.2', // AWS ECS task credentials
  '169.254.170.23', // AWS EKS Pod Identity agent
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (legacy)
  'fd00:ec2:0:0:0:0:0:254', // AWS over IPv6
  'fd00:ec2:0:0:0:0:0:23', // AWS EKS Pod Identity agent over IPv6
])

const V4_KINDS: Partial<Record<string, AddressKind>> = {
  unicast: 'public',
  private: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade-nat',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
}

const V6_KINDS: Partial<Record<string, AddressKind>> = {
  unicast: 'public',
  loopback: 'loopback',
  uniqueLocal: 'unique-local',
  linkLocal: 'link-local',
  unspecified: 'unspecified',
  multicast: 'multicast',
}

/**
 * Whether Newsdesk may connect to `ip`. An IPv6 address that carries an IPv4 one (IPv4-mapped
 * `::ffff:10.0.0.1`, IPv4-compatible, NAT64 `64:ff9b::/96`, 6to4) is judged by that IPv4 address,
 * since the packets end up there.
 */
export function checkAddress(ip: string, allowPrivate: boolean): AddressCheck {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip
  if (isIP(bare.split('%')[0]!) === 0) return { address: ip, kind: 'invalid', allowed: false }
  const parsed = ipaddr.parse(bare)
  let kind: AddressKind
  let embedded: ipaddr.IPv4 | undefined
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6
    embedded = embeddedIPv4(v6)
    kind = embedded ? v4Kind(embedded) : v6Kind(v6)
  } else {
    kind = v4Kind(parsed as ipaddr.IPv4)
  }
  const allowed = kind === 'public' || (allowPrivate && !NEVER_FETCHED.has(kind))
  return embedded ? { address: ip, kind, allowed, embedded: embedded.toString() } : { address: ip, kind, allowed }
}

function v4Kind(ip: ipaddr.IPv4): AddressKind {
  if (METADATA_ADDRESSES.has(ip.toString())) return 'cloud-metadata'
  return V4_KINDS[ip.range()] ?? 'special'
}

function v6Kind(ip: ipaddr.IPv6): AddressKind {
  if (METADATA_ADDRESSES.has(ip.toNormalizedString())) return 'cloud-metadata'
  return V6_KINDS[ip.range()] ?? 'special'
}

function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const p = ip.parts
  const last32 = () => new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff])
  const zeros = (from: number, to: number) => p.slice(from, to).every((x) => x === 0)
  // `::` and `::1` are the IPv6 unspecified and loopback addresses, not IPv4-compatible ones.
  if (zeros(0, 6) && !(p[6] === 0 && (p[7] === 0 || p[7] === 1))) return last32() // ::a.b.c.d
  if (zeros(0, 5) && p[5] === 0xffff) return last32() // ::ffff:a.b.c.d, IPv4-mapped
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return last32() // ::ffff:0:a.b.c.d, RFC 6145
  if (p[0] === 0x64 && p[1] === 0xff9b && zeros(2, 6)) return last32() // 64:ff9b::a.b.c.d, NAT64
  if (p[0] === 0x2002) return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]) // 6to4
  return undefined
}

const KIND_WORDS: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  'unique-local': 'a private (unique local) address',
  'link-local': 'a link-local address',
  'carrier-grade-nat': 'a carrier-grade NAT address',
  special: 'a special-purpose address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  'cloud-metadata': 'a cloud metadata service address',
  invalid: 'no valid IP address',
}

/** Resolves host names; `dns.promises.lookup` by default, another one in tests. */
export type HostLookup = (hostname: string, options: { all: true }) => Promise<LookupAddress[]>

/**
 * Resolves `host` (a name or an IP literal, bracketed or not) and checks every address it has:
 * if ANY is refused, the host is refused, since the system could pick that one. Returns the
 * checked addresses, the only ones a connection may then use (so a second DNS answer cannot
 * swap in another one: DNS rebinding). Throws a FetchError ('dns', 'private-address',
 * 'forbidden-address') naming the host.
 */
export function resolveAndCheck(
  host: string,
  allowPrivate: boolean,
  lookup: HostLookup = dnsPromises.lookup,
): Promise<LookupAddress[]> {
  return vetHost(host, allowPrivate, lookup, host)
}

/** `resolveAndCheck`, with `target` (the URL) named in the error messages. */
export async function vetHost(
  host: string,
  allowPrivate: boolean,
  lookup: HostLookup,
  target: string,
): Promise<LookupAddress[]> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host
  const literal = isIP(bare)
  let addresses: LookupAddress[]
  if (literal !== 0) {
    addresses = [{ address: bare, family: literal }]
  } else {
    try {
      addresses = await lookup(bare, { all: true })
    } catch (err) {
      throw new FetchError('dns', target, dnsWords(bare, err), { cause: err })
    }
    if (!Array.isArray(addresses) || addresses.length === 0) {
      throw new FetchError('dns', target, `the name ${bare} has no address`)
    }
  }
  for (const { address } of addresses) {
    const check = checkAddress(address, allowPrivate)
    if (check.allowed) continue
    const shown = check.embedded ? `${address}, that is ${check.embedded}` : address
    const where = literal !== 0 ? 'it points to' : `${bare} resolves to`
    if (NEVER_FETCHED.has(check.kind)) {
      throw new FetchError(
        'forbidden-address',
        target,
        `${where} ${KIND_WORDS[check.kind]} (${shown}), which Newsdesk never fetches`,
      )
    }
    throw new FetchError(
      'private-address',
      target,
      `${where} ${KIND_WORDS[check.kind]} (${shown}); set NEWSDESK_ALLOW_PRIVATE_URLS=1 to allow intranet pages`,
    )
  }
  return addresses
}

function dnsWords(host: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOTFOUND' || code === 'EAI_NONAME' || code === 'ENODATA') return `the name ${host} was not found`
  if (code === 'EAI_AGAIN') return `the name ${host} could not be looked up just now (EAI_AGAIN); try again later`
  return `looking up the name ${host} failed (${code ?? String(err)})`
}

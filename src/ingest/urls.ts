import { siteOf } from './outlets.js'

/** `value` when it is an absolute http(s) URL with a host (what can be shown as a link), else `null`. */
export function absoluteHttpUrl(value: string): string | null {
  const v = value.trim()
  if (v === '' || /\s/.test(v) || !/^https?:\/\//i.test(v)) return null
  try {
    return new URL(v).hostname === '' ? null : v
  } catch {
    return null
  }
}

// What a page links to that is not the page: its images, scripts and video streams...
const ASSET_FILE = new RegExp(
  String.raw`\.(?:jpe?g|jfif|png|gif|webp|svg|avif|bmp|tiff?|ico|heic|mp4|webm|mov|m4v|mp3|m4a|aac|wav|ogg|` +
    'm3u8|mpd|js|mjs|css|woff2?|ttf|otf|eot)$',
  'i',
)
const IMAGE_QUERY = /[?&](?:format|fm|auto|output)=(?:jpe?g|png|webp|avif|gif)\b/i
const ASSET_PATH =
  /^\/(?:wp-content|wp-includes|uploads|assets|static|images|img|imgs|thumbnails|thumbs|cdn-cgi|resizer|_next)\//i
// ...served from hosts named for it ("i.guim.co.uk", "static01.nyt.com", "images-na.example")...
const ASSET_LABEL = new RegExp(
  String.raw`^(?:i|s|img|imgs|image|images|media|static|assets?|cdn|pics?|photos?|thumbs?|thumbnails?|videos?|` +
    String.raw`files|uploads?|fonts)\d*$|^(?:img|images?|media|static|assets?|photos?|thumbs?|videos?)\d*[-_]|` +
    'cdn|cloudfront|akamai',
  'i',
)
// ...or from the picture agencies and content networks themselves, whatever their country domain.
const ASSET_SITES = new Set([
  'akamai',
  'akamaihd',
  'akamaized',
  'alamy',
  'amazonaws',
  'apimages',
  'arcpublishing',
  'azureedge',
  'bbci',
  'brightspotcdn',
  'cdninstagram',
  'cloudfront',
  'cloudinary',
  'edgekey',
  'edgesuite',
  'fastly',
  'fbcdn',
  'gettyimages',
  'ggpht',
  'giphy',
  'googleusercontent',
  'gstatic',
  'guim',
  'imagekit',
  'imgix',
  'imgur',
  'istockphoto',
  'jsdelivr',
  'shutterstock',
  'sndcdn',
  'staticflickr',
  'twimg',
  'unpkg',
  'wsimg',
  'ytimg',
])
const ASSET_DOMAINS = new Set(['wp.com', 'b-cdn.net'])
// Advertising and tracking: an ad's link names the advertiser, never the outlet.
const AD_SITES = new Set([
  '33across',
  'adform',
  'adnxs',
  'adroll',
  'adsafeprotected',
  'adsrvr',
  'amazon-adsystem',
  'casalemedia',
  'criteo',
  'doubleclick',
  'doubleverify',
  'googleadservices',
  'googlesyndication',
  'googletagmanager',
  'googletagservices',
  'google-analytics',
  'mgid',
  'moatads',
  'outbrain',
  'pubmatic',
  'quantserve',
  'revcontent',
  'rubiconproject',
  'scorecardresearch',
  'sharethrough',
  'smartadserver',
  'taboola',
  'teads',
  'yieldmo',
  'zergnet',
])
const AD_DOMAINS = new Set(['media.net', 'openx.net'])
const AD_LABEL =
  /^(?:ad|ads|adserver|adservice|adclick|adx|pagead|track|tracking|tracker|pixel|click|clicks|beacon)\d*$/i
const AD_PATH = /^\/(?:pagead|aclk|adclick|adserver)(?:\/|$)/i
// Share buttons, embeds and short links: a news page's own address is on the outlet's site.
const NOT_OUTLETS = new Set([
  'bit.ly',
  'bsky.app',
  'buff.ly',
  'dlvr.it',
  'facebook.com',
  'fb.me',
  'flip.it',
  'goo.gl',
  'instagram.com',
  'linkedin.com',
  'lnkd.in',
  'ow.ly',
  'pinterest.com',
  'reddit.com',
  't.co',
  't.me',
  'telegram.me',
  'threads.net',
  'tiktok.com',
  'tinyurl.com',
  'trib.al',
  'twitter.com',
  'wa.me',
  'whatsapp.com',
  'x.com',
  'youtu.be',
  'youtube.com',
])

/**
 * Whether a URL found in a page can be the article's own address: an absolute http(s) link that
 * is not an image or other asset, not on a picture agency's, CDN's or ad network's host, and not
 * a share button or short link. A bare URL line must also have a path: a site's front page is a
 * banner link, not an article.
 */
export function isPageAddress(url: string, options: { bare: boolean }): boolean {
  const absolute = absoluteHttpUrl(url)
  if (absolute === null) return false
  const u = new URL(absolute)
  const host = u.hostname.toLowerCase().replace(/^www\./, '')
  const site = siteOf(absolute)
  if (site === null) return false
  const name = site.split('.')[0]
  const labels = host.slice(0, Math.max(0, host.length - site.length - 1)).split('.')
  if (host === site) labels.length = 0
  if (ASSET_FILE.test(u.pathname) || IMAGE_QUERY.test(u.search) || ASSET_PATH.test(u.pathname)) return false
  if (ASSET_SITES.has(name) || ASSET_DOMAINS.has(site) || labels.some((l) => ASSET_LABEL.test(l))) return false
  if (AD_SITES.has(name) || AD_DOMAINS.has(site) || labels.some((l) => AD_LABEL.test(l)) || AD_PATH.test(u.pathname))
    return false
  if (NOT_OUTLETS.has(site) || host === 'news.google.com') return false
  if (options.bare && (u.pathname === '/' || u.pathname === '') && u.search === '') return false
  return true
}

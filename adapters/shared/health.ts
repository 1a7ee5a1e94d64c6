import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Newsdesk } from '../../src/index.js'

/** What the health endpoints report on: the engine, and whether each platform is connected. */
export interface HealthSource {
  engine: Newsdesk
  version: string
  /** Each platform started, and whether it is connected now. */
  platforms: () => Record<string, boolean>
  /** Set once the service has stopped taking work: /readyz then says so. */
  stopping?: () => boolean
}

const started = Date.now()

/**
 * `GET /healthz` (the process is alive: always 200) and `GET /readyz` (the corpus is loaded and
 * every platform connected: 200, else 503), JSON with the article count, uptime and version.
 * Returns false for any other request, for the caller to answer.
 */
export function answerHealth(req: IncomingMessage, res: ServerResponse, source: HealthSource): boolean {
  const path = (req.url ?? '').split('?')[0]
  if (req.method !== 'GET' || (path !== '/healthz' && path !== '/readyz')) return false
  const platforms = source.platforms()
  const ready = Object.values(platforms).every((up) => up) && source.stopping?.() !== true
  const body = {
    status: path === '/healthz' ? 'alive' : ready ? 'ready' : 'not ready',
    articles: source.engine.size,
    platforms,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
    version: source.version,
  }
  res.writeHead(path === '/readyz' && !ready ? 503 : 200, { 'content-type': 'application/json' })
  res.end(`${JSON.stringify(body)}\n`)
  return true
}

/** A server of the health endpoints alone, on `port` (HEALTH_PORT), for when no platform listens on HTTP. */
export async function startHealthServer(port: number, source: HealthSource): Promise<Server> {
  const server = createServer((req, res) => {
    if (!answerHealth(req, res, source)) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => resolve())
  })
  return server
}

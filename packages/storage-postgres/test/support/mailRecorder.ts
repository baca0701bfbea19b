/**
 * The recording mail provider of the multi-process test: an HTTP server on 127.0.0.1 (a
 * free port) that accepts every message POSTed to it — `{ deliveryKey, to, sender }` — keeps
 * every delivery in arrival order, repeats included, and answers a provider id.
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export interface Delivery {
  readonly deliveryKey: string
  readonly to: string
  /** The process that handed it over. */
  readonly sender: string
  readonly providerId: string
}

export interface Recorder {
  readonly url: string
  readonly deliveries: Array<Delivery>
  readonly close: () => Promise<void>
}

export const start = async (): Promise<Recorder> => {
  const deliveries: Array<Delivery> = []
  const server = createServer((req, res) => {
    let body = ""
    req.setEncoding("utf8")
    req.on("data", (chunk: string) => (body += chunk))
    req.on("end", () => {
      try {
        const { deliveryKey, to, sender } = JSON.parse(body) as Omit<Delivery, "providerId">
        const providerId = `rec-${deliveries.length + 1}`
        deliveries.push({ deliveryKey, to, sender, providerId })
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ providerId }))
      } catch (error) {
        res.writeHead(400).end(String(error))
      }
    })
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/deliveries`,
    deliveries,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/**
 * The API on a real HTTP server on port 0, on the engine's in-memory layers, with one token per
 * role, and a small client that returns status, headers and body whatever the status.
 */
import { Effect, Layer } from "effect"
import { HttpClient, HttpClientRequest, type HttpServerError } from "effect/http"
import { TestClock } from "effect/testing"
import { AttachmentStore, Engine, LanguageDetector, Policy, TicketCodes, TicketStore } from "@sportello/core"
import { AuditLog, Server, Tokens } from "@sportello/http"

const secret = (role: string) => `${role}-secret-0123456789abcdefghijklmnopqrstuvwxyz`

/** One token per role; subjects are staff or office ids. */
export const tokens = {
  operator: `spt.operator-1.${secret("operator")}`,
  office: `spt.office-sismico.${secret("office")}`,
  supervisor: `spt.supervisor-1.${secret("supervisor")}`,
  admin: `spt.admin-0001.${secret("admin")}`
} as const

export const subjects = {
  operator: "op-7",
  office: "ufficio-rischio-sismico",
  supervisor: "sup-1",
  admin: "admin-1"
} as const

const seeded = (Object.keys(tokens) as Array<keyof typeof tokens>).map((role) =>
  Tokens.record({ token: tokens[role], subject: subjects[role], role })
)

const engine = (config: Engine.Config) =>
  Engine.layer(config).pipe(
    Layer.provideMerge(Layer.mergeAll(
      TicketStore.layerMemory,
      AttachmentStore.layerMemory(),
      TicketCodes.layerSeeded(11),
      LanguageDetector.layerTest({ language: "it", reliable: true, scores: [{ language: "it", score: 1 }] })
    ))
  )

/** A fresh engine, token store, audit log and server; options go to the server, config to the engine. */
export const makeLayer = (
  options: Server.Options = {},
  config: Engine.Config = Engine.departmentDefaults
): Layer.Layer<HttpClient.HttpClient | Engine.Engine, HttpServerError.ServeError> =>
  Server.layerTest(options).pipe(
    Layer.provideMerge(Layer.mergeAll(engine(config), Tokens.layerMemory(seeded), AuditLog.layerMemory()))
  )

/** The department's engine with small attachment limits: 3 files, 10 kB each, 25 kB together. */
export const smallAttachments: Engine.Config = {
  ...Engine.departmentDefaults,
  policies: {
    versions: [{
      ...Policy.charter,
      attachments: { ...Policy.charter.attachments, maxCount: 3, maxBytes: 10_000, maxTotalBytes: 25_000 }
    }]
  }
}

/** A weekday morning in service time. */
export const monday = Date.parse("2027-03-01T10:00:00+01:00")

export const start = TestClock.setTime(monday)

export interface Reply {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly text: string
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly body: any
}

export interface Send {
  readonly json?: unknown
  readonly text?: string
  readonly contentType?: string
  readonly form?: FormData
  readonly bytes?: Uint8Array
  readonly token?: string
  readonly headers?: Record<string, string>
}

/** Sends a request to the test server and reads the whole answer; a 5xx answer fails the test. */
export const send = (method: "GET" | "POST" | "DELETE" | "PUT" | "PATCH", path: string, options: Send = {}) =>
  Effect.gen(function*() {
    const client = yield* HttpClient.HttpClient
    let request = HttpClientRequest.make(method)(path)
    if (options.json !== undefined) request = HttpClientRequest.bodyJsonUnsafe(request, options.json)
    if (options.text !== undefined) request = HttpClientRequest.bodyText(request, options.text, options.contentType ?? "text/plain")
    if (options.bytes !== undefined) request = HttpClientRequest.bodyUint8Array(request, options.bytes, options.contentType)
    if (options.form !== undefined) request = HttpClientRequest.bodyFormData(request, options.form)
    if (options.token !== undefined) request = HttpClientRequest.bearerToken(request, options.token)
    if (options.headers !== undefined) request = HttpClientRequest.setHeaders(request, options.headers)
    const response = yield* client.execute(request)
    const text = yield* response.text
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
    // no request any test sends may make the server fail
    if (response.status >= 500) throw new Error(`${method} ${path} answered ${response.status}: ${text}`)
    return { status: response.status, headers: response.headers, text, body } satisfies Reply as Reply
  })

/** A well-formed web form as JSON. */
export const webForm = (overrides: Record<string, unknown> = {}) => ({
  submissionId: `form-${crypto.randomUUID()}`,
  firstName: "Maria",
  lastName: "Rossi",
  email: "maria.rossi@example.it",
  kind: "information",
  subject: "Piano di emergenza comunale",
  text: "Vorrei sapere dove trovare il piano di emergenza del mio comune.",
  language: "it",
  ...overrides
})

/** The same web form as multipart form data, with files. */
export const multipartForm = (
  fields: Record<string, string> = {},
  files: ReadonlyArray<{ readonly name: string; readonly type: string; readonly bytes: Uint8Array }> = []
): FormData => {
  const form = new FormData()
  for (const [k, v] of Object.entries({ ...webForm(), ...fields })) form.append(k, String(v))
  for (const f of files) form.append("attachments", new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type }), f.name)
  return form
}

/** The first bytes of a PDF, enough for the content check. */
export const pdf = (size = 1024) => {
  const bytes = new Uint8Array(size)
  bytes.set(new TextEncoder().encode("%PDF-1.7\n"))
  return bytes
}

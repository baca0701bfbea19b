/**
 * Every kind of bad input, on a real server: malformed JSON and multipart, wrong types, wrong
 * content types, oversized and wrongly typed uploads, markup and SQL in every field, missing and
 * wrong tokens, roles that may not, status-lookup brute force. Each answer is a 4xx problem
 * (`application/problem+json`, RFC 9457) with a plain message and field paths where it applies:
 * never a 500, never a stack trace, never the refused input echoed back.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { TestClock } from "effect/testing"
import {
  makeLayer,
  monday,
  multipartForm,
  pdf,
  type Reply,
  send,
  smallAttachments,
  start,
  tokens,
  webForm
} from "./harness.ts"

const problem = (reply: Reply, status: number, type?: string) => {
  assert.strictEqual(reply.status, status, reply.text)
  assert.match(reply.headers["content-type"] ?? "", /^application\/problem\+json/)
  assert.strictEqual(reply.body.status, status)
  assert.isString(reply.body.title)
  if (type !== undefined) assert.strictEqual(reply.body.type, `urn:sportello:problem:${type}`)
  assert.notMatch(reply.text, /\bat .*\.(ts|js|mjs):\d+/, "no stack trace")
  assert.notMatch(reply.text, /"stack"|Error:|\bcause\b/, "no internal error")
  assert.strictEqual(reply.headers["x-content-type-options"], "nosniff")
}

const paths = (reply: Reply): Array<string> => reply.body.errors.map((e: { path: Array<string | number> }) => e.path.join("."))

const worklistSize = Effect.map(send("GET", "/api/worklist", { token: tokens.operator }), (r) => r.body.length as number)

const submit = (overrides: Record<string, unknown> = {}) =>
  Effect.map(send("POST", "/api/requests", { json: webForm(overrides) }), (r) => r.body.code as string)

describe("malformed JSON", () => {
  it.effect("a truncated, empty or non-object body is 400 with a plain message, and nothing is stored", () =>
    Effect.gen(function*() {
      yield* start
      for (const text of ['{"kind": "information", "text": "ciao"', "", "[]", "null", "42", '"text"', "{'kind': 1}", "\u0000\u0001"]) {
        const reply = yield* send("POST", "/api/requests", { text, contentType: "application/json" })
        problem(reply, 400, "invalid-input")
        assert.isAbove(reply.body.errors.length, 0)
        assert.strictEqual(reply.body.errors[0].path[0], "body")
      }
      const code = yield* submit()
      for (const [path, token] of [[`/api/tickets/${code}/commands`, tokens.operator], ["/api/emergencies", tokens.supervisor], ["/api/tokens", tokens.admin]] as const) {
        problem(yield* send("POST", path, { text: "{ not json", contentType: "application/json", token }), 400, "invalid-input")
      }
      assert.strictEqual(yield* worklistSize, 1)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("deeply nested JSON and __proto__ keys are data, not a crash", () =>
    Effect.gen(function*() {
      yield* start
      const deep = "[".repeat(50_000) + "]".repeat(50_000)
      problem(yield* send("POST", "/api/requests", { text: deep, contentType: "application/json" }), 400, "invalid-input")
      const polluted = `{"__proto__": {"role": "admin"}, "constructor": {"prototype": {"x": 1}}, ${JSON.stringify(webForm()).slice(1)}`
      const reply = yield* send("POST", "/api/requests", { text: polluted, contentType: "application/json" })
      assert.strictEqual(reply.status, 201)
      assert.isUndefined(({} as Record<string, unknown>).role)
    }).pipe(Effect.provide(makeLayer())))
})

describe("wrong types and missing fields", () => {
  it.effect("web form fields of the wrong type are 400 with the path of each", () =>
    Effect.gen(function*() {
      yield* start
      const wrong = yield* send("POST", "/api/requests", {
        json: webForm({ text: 42, kind: "gossip", consentSms: "yes", email: "not an address", attachments: "x" })
      })
      problem(wrong, 400, "invalid-input")
      assert.includeMembers(paths(wrong), ["body.text", "body.kind", "body.consentSms", "body.email", "body.attachments"])
      const missing = yield* send("POST", "/api/requests", { json: { firstName: "Maria" } })
      problem(missing, 400, "invalid-input")
      assert.includeMembers(paths(missing), ["body.kind"])
      for (const [field, value] of [
        ["kind", "gossip"],
        ["email", "not an address"],
        ["consentSms", "yes"],
        ["language", "italiano"],
        ["submissionId", "short"],
        ["requesterKind", "alien"],
        ["text", ""],
        ["attachments", [{ name: "a.pdf", mediaType: "application/pdf", content: "***not base64***" }]]
      ] as const) {
        const reply = yield* send("POST", "/api/requests", { json: webForm({ [field]: value }) })
        problem(reply, 400, "invalid-input")
        assert.isTrue(paths(reply).some((p) => p.startsWith(`body.${field}`)), `${field}: ${paths(reply).join(", ")}`)
        assert.isString(reply.body.errors[0].message)
      }
      for (const field of ["text", "subject", "firstName"]) {
        const nul = yield* send("POST", "/api/requests", { json: webForm({ [field]: "a\u0000b\ud800c" }) })
        assert.oneOf(nul.status, [201, 400], nul.text)
        if (nul.status === 400) assert.deepStrictEqual(paths(nul), [`body.${field}`])
      }
      const half = yield* send("POST", "/api/requests", { json: webForm({ lastName: "" }) })
      problem(half, 400, "invalid-input")
      assert.deepStrictEqual(paths(half), ["body.lastName"])
    }).pipe(Effect.provide(makeLayer({ intakeLimit: { capacity: 100, perMs: 60_000 } }))))

  it.effect("query parameters and commands of the wrong type are 400 with the path", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      for (const query of ["limit=abc", "limit=0", "limit=1.5", "status=closed"]) {
        const reply = yield* send("GET", `/api/worklist?${query}`, { token: tokens.operator })
        problem(reply, 400, "invalid-input")
        assert.strictEqual(reply.body.errors[0].path[0], "query")
      }
      for (const query of ["period=week", "from=yesterday", "format=xml"]) {
        problem(yield* send("GET", `/api/statistics?${query}`), 400, "invalid-input")
      }
      problem(yield* send("GET", "/api/audit?limit=-1", { token: tokens.admin }), 400, "invalid-input")
      for (const json of [
        { _tag: "Dance" },
        { _tag: "Receive", code },
        { _tag: "Answer", via: "email", language: "it" },
        { _tag: "Answer", via: "carrier-pigeon", language: "it", text: "x" },
        { _tag: "Assign", operator: 7 },
        { _tag: "Classify", complexity: "trivial" },
        {}
      ]) {
        const reply = yield* send("POST", `/api/tickets/${code}/commands`, { token: tokens.operator, json })
        problem(reply, 400, "invalid-input")
        assert.strictEqual(reply.body.errors[0].path[0], "body")
      }
      problem(yield* send("POST", "/api/emergencies", { token: tokens.supervisor, json: { id: "x", from: "tomorrow" } }), 400, "invalid-input")
      problem(yield* send("POST", "/api/tokens", { token: tokens.admin, json: { subject: "x", role: "root" } }), 400, "invalid-input")
    }).pipe(Effect.provide(makeLayer())))
})

describe("malformed multipart and wrong content types", () => {
  it.effect("a multipart body that cannot be parsed, or lacks fields, is 400; nothing is stored", () =>
    Effect.gen(function*() {
      yield* start
      const garbage = yield* send("POST", "/api/requests", {
        text: "--xyz\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ninformation\r\n--xyz--garbage",
        contentType: "multipart/form-data; boundary=xyz"
      })
      assert.isBelow(garbage.status, 500)
      problem(garbage, garbage.status)
      const noBoundary = yield* send("POST", "/api/requests", { text: "kind=information", contentType: "multipart/form-data" })
      problem(noBoundary, 400, "invalid-input")
      const unterminated = yield* send("POST", "/api/requests", {
        text: "--b\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhello",
        contentType: "multipart/form-data; boundary=b"
      })
      problem(unterminated, 400, "invalid-input")

      const form = new FormData()
      form.append("text", "manca il tipo")
      const missing = yield* send("POST", "/api/requests", { form })
      problem(missing, 400, "invalid-input")
      assert.includeMembers(paths(missing), ["body.kind"])

      const twice = multipartForm()
      twice.append("subject", "un altro oggetto")
      problem(yield* send("POST", "/api/requests", { form: twice }), 400, "invalid-input")

      const textAsFile = multipartForm()
      textAsFile.delete("text")
      textAsFile.append("text", new Blob(["testo"], { type: "application/octet-stream" }), "text.bin")
      problem(yield* send("POST", "/api/requests", { form: textAsFile }), 400, "invalid-input")
      assert.strictEqual(yield* worklistSize, 0)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("a content type the address does not read is 415", () =>
    Effect.gen(function*() {
      yield* start
      for (const contentType of ["text/plain", "application/xml", "application/x-www-form-urlencoded"]) {
        problem(yield* send("POST", "/api/requests", { text: "kind=information&text=ciao", contentType }), 415, "unsupported-media-type")
      }
      const code = yield* submit()
      problem(yield* send("POST", `/api/tickets/${code}/commands`, { token: tokens.operator, text: "AddNote", contentType: "text/plain" }), 415)
    }).pipe(Effect.provide(makeLayer())))
})

describe("oversized and wrongly typed uploads", () => {
  it.effect("a request over the hard cap is 413 — declared or streamed without a length — and nothing is stored", () =>
    Effect.gen(function*() {
      yield* start
      const big = pdf(200 * 1024)
      const declared = yield* send("POST", "/api/requests", { form: multipartForm({}, [{ name: "big.pdf", type: "application/pdf", bytes: big }]) })
      problem(declared, 413, "too-large")
      assert.strictEqual(declared.body.maxBytes, 64 * 1024)

      const json = yield* send("POST", "/api/requests", {
        json: webForm({ attachments: [{ name: "big.pdf", mediaType: "application/pdf", content: Buffer.from(big).toString("base64") }] })
      })
      problem(json, 413, "too-large")

      const client = yield* HttpClient.HttpClient
      const chunks = Stream.fromIterable(Array.from({ length: 20 }, () => new TextEncoder().encode(`"${"x".repeat(16 * 1024)}",`)))
      const streamed = yield* client.execute(
        HttpClientRequest.post("/api/requests").pipe(
          HttpClientRequest.bodyStream(Stream.concat(Stream.make(new TextEncoder().encode("[")), chunks), { contentType: "application/json" })
        )
      )
      assert.strictEqual(streamed.status, 413)
      assert.strictEqual((yield* streamed.json as Effect.Effect<any>).type, "urn:sportello:problem:too-large")

      const note = yield* send("POST", "/api/emergencies", { token: tokens.supervisor, json: { id: "x", note: "n".repeat(40 * 1024) } })
      problem(note, 413, "too-large")
      assert.strictEqual(yield* worklistSize, 0)
    }).pipe(Effect.provide(makeLayer({ maxIntakeBytes: 64 * 1024, maxBodyBytes: 16 * 1024 }))))

  it.effect("files over the policy's limits are refused one by one, with the reason; the request is kept (R7)", () =>
    Effect.gen(function*() {
      yield* start
      const reply = yield* send("POST", "/api/requests", {
        form: multipartForm({}, [
          { name: "a.pdf", type: "application/pdf", bytes: pdf(2_000) },
          { name: "troppo-grande.pdf", type: "application/pdf", bytes: pdf(15_000) },
          { name: "b.pdf", type: "application/pdf", bytes: pdf(2_000) },
          { name: "c.pdf", type: "application/pdf", bytes: pdf(2_000) },
          { name: "quinto.pdf", type: "application/pdf", bytes: pdf(2_000) }
        ])
      })
      assert.strictEqual(reply.status, 201)
      assert.deepStrictEqual(reply.body.refusedAttachments.map((r: any) => [r.name, r.reason]), [
        ["troppo-grande.pdf", "size"],
        ["quinto.pdf", "count"]
      ])
      assert.isString(reply.body.refusedAttachments[0].message)
    }).pipe(Effect.provide(makeLayer({}, smallAttachments))))

  it.effect("a file whose content does not match its declared type is refused as media-type; a matching one is kept", () =>
    Effect.gen(function*() {
      yield* start
      const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00])
      const reply = yield* send("POST", "/api/requests", {
        form: multipartForm({}, [
          { name: "fattura.pdf", type: "application/pdf", bytes: exe },
          { name: "foto.png", type: "image/png", bytes: new TextEncoder().encode("GIF89a not a png") },
          { name: "note.txt", type: "text/plain", bytes: new Uint8Array([0x68, 0x00, 0x69]) },
          { name: "senza-tipo", type: "", bytes: pdf(100) },
          { name: "vero.pdf", type: "application/pdf; name=vero.pdf", bytes: pdf(100) },
          { name: "lettera.txt", type: "text/plain;charset=utf-8", bytes: new TextEncoder().encode("Buongiorno, è tutto.") }
        ])
      })
      assert.strictEqual(reply.status, 201)
      assert.deepStrictEqual(reply.body.refusedAttachments.map((r: any) => [r.name, r.reason]), [
        ["fattura.pdf", "media-type"],
        ["foto.png", "media-type"],
        ["note.txt", "media-type"],
        ["senza-tipo", "media-type"]
      ])
      assert.deepStrictEqual(reply.body.acknowledgement.summary.attachments, ["vero.pdf", "lettera.txt"])
    }).pipe(Effect.provide(makeLayer())))
})

const HOSTILE: readonly [string, string, string, string, ...Array<string>] = [
  "<script>alert(document.cookie)</script>",
  "\"><img src=x onerror=alert(1)>",
  "'; DROP TABLE tickets; --",
  "1' OR '1'='1' /*",
  "Robert'); DELETE FROM events WHERE ('1'='1",
  "{{constructor.constructor('return process')()}} ${7*7} #{7*7}",
  "&lt;b&gt; &amp; \\u003c \u202Eevil\u202C 😀 \r\n\tzero\u200Bwidth"
]

describe("markup and SQL in every field", () => {
  it.effect("every free-text field of the form is stored as data and returned unaltered as JSON, never interpreted", () =>
    Effect.gen(function*() {
      yield* start
      for (const [i, hostile] of HOSTILE.entries()) {
        const fields = {
          firstName: hostile,
          lastName: hostile,
          subject: hostile,
          text: `Testo: ${hostile}`,
          topic: hostile.slice(0, 100),
          submissionId: `hostile-${i}-0123456789abcdef`
        }
        const viaJson = yield* send("POST", "/api/requests", { json: webForm(fields) })
        assert.strictEqual(viaJson.status, 201, viaJson.text)
        assert.strictEqual(viaJson.headers["content-type"], "application/json")
        assert.strictEqual(viaJson.body.acknowledgement.summary.subject, hostile)
        const viaForm = yield* send("POST", "/api/requests", {
          form: multipartForm({ ...fields, submissionId: `hostile-form-${i}-0123456789` }, [{ name: hostile, type: "application/pdf", bytes: pdf(64) }])
        })
        assert.strictEqual(viaForm.status, 201, viaForm.text)
        for (const code of [viaJson.body.code, viaForm.body.code]) {
          const details = yield* send("GET", `/api/tickets/${code}`, { token: tokens.operator })
          assert.strictEqual(details.headers["content-type"], "application/json")
          assert.strictEqual(details.headers["content-security-policy"], "default-src 'none'; frame-ancestors 'none'")
          const ticket = details.body.ticket
          assert.deepStrictEqual(ticket.requester.identity, { _tag: "Person", firstName: hostile, lastName: hostile })
          assert.strictEqual(ticket.content.subject, hostile)
          assert.strictEqual(ticket.content.text, `Testo: ${hostile}`)
          assert.strictEqual(ticket.content.topic, hostile.slice(0, 100))
        }
        // browsers and fetch escape ", CR and LF in multipart file names (WHATWG multipart/form-data encoding)
        const escaped = hostile.replace(/"/g, "%22").replace(/\r/g, "%0D").replace(/\n/g, "%0A")
        const withFile = yield* send("GET", `/api/tickets/${viaForm.body.code}`, { token: tokens.operator })
        assert.strictEqual(withFile.body.ticket.content.attachments[0].name, escaped)
      }
      const organisation = yield* send("POST", "/api/requests", {
        json: webForm({ firstName: "", lastName: "", organisation: HOSTILE[0], office: HOSTILE[2], requesterKind: "institution" })
      })
      assert.strictEqual(organisation.status, 201)
      const org = yield* send("GET", `/api/tickets/${organisation.body.code}`, { token: tokens.operator })
      assert.deepStrictEqual(org.body.ticket.requester.identity, { _tag: "Organisation", name: HOSTILE[0], office: HOSTILE[2] })
    }).pipe(Effect.provide(makeLayer({ intakeLimit: { capacity: 100, perMs: 60_000 } }))))

  it.effect("formatted fields refuse markup with a 400 and a path; the status lookup answers the same 404 without echoing the code", () =>
    Effect.gen(function*() {
      yield* start
      for (const field of ["email", "pec", "phone", "language", "submissionId"]) {
        const reply = yield* send("POST", "/api/requests", { json: webForm({ [field]: HOSTILE[0] }) })
        problem(reply, 400, "invalid-input")
        assert.isTrue(paths(reply).some((p) => p.startsWith(`body.${field}`)))
      }
      const unknown = yield* send("GET", "/api/status?code=AAA-BBB-CCC-DDD-EEE")
      for (const hostile of HOSTILE.slice(0, 5)) {
        const reply = yield* send("GET", `/api/status?code=${encodeURIComponent(hostile)}`)
        problem(reply, 404, "not-found")
        assert.deepStrictEqual(reply.body, unknown.body)
        assert.notInclude(reply.text, hostile)
      }
    }).pipe(Effect.provide(makeLayer())))

  it.effect("staff inputs — notes, queries, emergency ids and notes, token subjects — are data too", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      for (const hostile of HOSTILE) {
        const noted = yield* send("POST", `/api/tickets/${code}/commands`, { token: tokens.operator, json: { _tag: "AddNote", text: hostile } })
        assert.strictEqual(noted.status, 200, noted.text)
        assert.strictEqual(noted.body.events.at(-1).text, hostile)
        const queried = yield* send("GET", `/api/worklist?topic=${encodeURIComponent(hostile.slice(0, 100))}&assignee=${encodeURIComponent(hostile)}`, {
          token: tokens.operator
        })
        assert.deepStrictEqual([queried.status, queried.body], [200, []])
        const ticket = yield* send("GET", `/api/tickets/${encodeURIComponent(hostile)}`, { token: tokens.operator })
        assert.oneOf(ticket.status, [404])
        problem(ticket, 404)
      }
      const emergency = yield* send("POST", "/api/emergencies", { token: tokens.supervisor, json: { id: HOSTILE[2], note: HOSTILE[0] } })
      assert.strictEqual(emergency.status, 201)
      assert.deepStrictEqual(emergency.body.emergencies[0], { id: HOSTILE[2], from: "2027-03-01T09:00:00.000Z", note: HOSTILE[0] })
      yield* TestClock.adjust(60_000)
      const ended = yield* send("POST", `/api/emergencies/${encodeURIComponent(HOSTILE[2])}/end`, { token: tokens.supervisor, json: {} })
      assert.strictEqual(ended.status, 200)
      const issued = yield* send("POST", "/api/tokens", { token: tokens.admin, json: { subject: HOSTILE[1], role: "office", label: HOSTILE[3] } })
      assert.strictEqual(issued.status, 201)
      assert.strictEqual(issued.body.subject, HOSTILE[1])
    }).pipe(Effect.provide(makeLayer())))
})

const STAFF = [
  ["GET", "/api/worklist"],
  ["GET", "/api/tickets/AAA-BBB-CCC-DDD-EEE"],
  ["POST", "/api/tickets/AAA-BBB-CCC-DDD-EEE/commands"],
  ["GET", "/api/emergencies"],
  ["POST", "/api/emergencies"],
  ["POST", "/api/emergencies/x/end"],
  ["GET", "/api/audit"],
  ["GET", "/api/tokens"],
  ["POST", "/api/tokens"],
  ["DELETE", "/api/tokens/abcdefgh"]
] as const

describe("missing or wrong token (401), a role that may not (403)", () => {
  it.effect("every staff address answers 401 with WWW-Authenticate without a token, or with a malformed, unknown, wrong, expired or revoked one", () =>
    Effect.gen(function*() {
      yield* start
      const issued = yield* send("POST", "/api/tokens", {
        token: tokens.admin,
        json: { subject: "op-temp", role: "operator", expiresAt: "2027-03-01T10:05:00+01:00" }
      })
      const revoked = yield* send("POST", "/api/tokens", { token: tokens.admin, json: { subject: "op-gone", role: "operator" } })
      yield* send("DELETE", `/api/tokens/${revoked.body.id}`, { token: tokens.admin })
      yield* TestClock.setTime(monday + 10 * 60_000)
      const [, id] = tokens.operator.split(".")
      const credentials: Array<Record<string, string> | undefined> = [
        undefined,
        { authorization: "" },
        { authorization: "Bearer" },
        { authorization: "Bearer " },
        { authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` },
        { authorization: "Bearer not-a-token" },
        { authorization: "Bearer spt.nosuchtoken.0123456789abcdefghijklmnopqrstuvwxyz" },
        { authorization: `Bearer spt.${id}.wrong-secret-0123456789abcdefghijklmnopqrstuvwxyz` },
        { authorization: `Bearer ${tokens.operator}x` },
        { authorization: `Bearer ${issued.body.token}` },
        { authorization: `Bearer ${revoked.body.token}` },
        { authorization: `Bearer <script>alert(1)</script>` },
        { authorization: `Bearer ' OR 1=1 --` }
      ]
      for (const [method, path] of STAFF) {
        for (const headers of credentials) {
          const reply = yield* send(method, path, { ...(headers === undefined ? {} : { headers }), ...(method === "GET" ? {} : { json: {} }) })
          problem(reply, 401, "unauthenticated")
          assert.match(reply.headers["www-authenticate"] ?? "", /^Bearer realm="sportello"/)
        }
      }
    }).pipe(Effect.provide(makeLayer())))

  it.effect("each role is refused what it may not do, with 403", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      const denied: ReadonlyArray<readonly [keyof typeof tokens, "GET" | "POST" | "DELETE", string, unknown?]> = [
        ["admin", "GET", "/api/worklist"],
        ["admin", "GET", `/api/tickets/${code}`],
        ["admin", "POST", `/api/tickets/${code}/commands`, { _tag: "AddNote", text: "x" }],
        ["office", "GET", `/api/tickets/${code}`],
        ["office", "POST", `/api/tickets/${code}/commands`, { _tag: "Answer", via: "email", language: "it", text: "x" }],
        ["office", "POST", `/api/tickets/${code}/commands`, { _tag: "AddNote", text: "x" }],
        ["operator", "POST", `/api/tickets/${code}/commands`, { _tag: "ExpireDocumentsWait" }],
        ["operator", "POST", `/api/tickets/${code}/commands`, { _tag: "Acknowledge", via: "email", languages: ["it"], template: "received" }],
        ["operator", "POST", "/api/emergencies", { id: "x" }],
        ["office", "POST", "/api/emergencies/x/end", {}],
        ["operator", "GET", "/api/audit"],
        ["office", "GET", "/api/audit"],
        ["operator", "GET", "/api/tokens"],
        ["supervisor", "GET", "/api/tokens"],
        ["supervisor", "POST", "/api/tokens", { subject: "x", role: "admin" }],
        ["operator", "DELETE", "/api/tokens/abcdefgh"]
      ]
      for (const [role, method, path, json] of denied) {
        const reply = yield* send(method, path, { token: tokens[role], ...(json === undefined ? {} : { json }) })
        problem(reply, 403, "forbidden")
        assert.include(reply.body.detail, role === "office" && path.includes("/tickets/") && method === "GET" ? "office" : "")
      }
      const details = yield* send("GET", `/api/tickets/${code}`, { token: tokens.operator })
      assert.deepStrictEqual(details.body.events.map((e: any) => e._tag), ["Received", "Acknowledged", "Routed"])
    }).pipe(Effect.provide(makeLayer())))
})

describe("brute force", () => {
  it.effect("status lookups are rate-limited per client: 429 with Retry-After, the same 404 for malformed and unknown codes before", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      const malformed = yield* send("GET", "/api/status?code=hello")
      const unknown = yield* send("GET", "/api/status?code=222-222-222-222-222")
      const absent = yield* send("GET", "/api/status")
      problem(malformed, 404, "not-found")
      assert.deepStrictEqual(malformed.body, unknown.body)
      assert.deepStrictEqual(malformed.body, absent.body)
      const statuses: Array<number> = []
      for (let i = 0; i < 20; i++) statuses.push((yield* send("GET", `/api/status?code=AAA-AAA-AAA-AAA-${String(i).padStart(3, "A")}`)).status)
      assert.deepStrictEqual(statuses, [...Array(7).fill(404), ...Array(13).fill(429)])
      const limited = yield* send("GET", `/api/status?code=${code}`)
      problem(limited, 429, "rate-limited")
      assert.strictEqual(limited.headers["retry-after"], "6")
      assert.strictEqual(limited.body.retryAfter, 6)
      yield* TestClock.adjust(6_000)
      assert.strictEqual((yield* send("GET", `/api/status?code=${code}`)).status, 200)
      assert.strictEqual((yield* send("GET", `/api/status?code=${code}`)).status, 429)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("behind a proxy, each forwarded client has its own budget", () =>
    Effect.gen(function*() {
      yield* start
      for (let i = 0; i < 10; i++) yield* send("GET", "/api/status?code=x", { headers: { "x-forwarded-for": "198.51.100.1" } })
      assert.strictEqual((yield* send("GET", "/api/status?code=x", { headers: { "x-forwarded-for": "198.51.100.1" } })).status, 429)
      assert.strictEqual((yield* send("GET", "/api/status?code=x", { headers: { "x-forwarded-for": "198.51.100.2, 10.0.0.1" } })).status, 404)
    }).pipe(Effect.provide(makeLayer({ trustProxy: true }))))

  it.effect("web-form submissions are rate-limited per client (429 with Retry-After), spam in the honeypot is refused (422)", () =>
    Effect.gen(function*() {
      yield* start
      const statuses: Array<number> = []
      for (let i = 0; i < 4; i++) statuses.push((yield* send("POST", "/api/requests", { json: webForm() })).status)
      assert.deepStrictEqual(statuses, [201, 201, 201, 429])
      const limited = yield* send("POST", "/api/requests", { json: webForm() })
      problem(limited, 429, "rate-limited")
      assert.strictEqual(limited.headers["retry-after"], "20")
      yield* TestClock.adjust(20_000)
      const spam = yield* send("POST", "/api/requests", { form: multipartForm({ homepage: "http://cheap-pills.example" }) })
      problem(spam, 422, "spam-suspected")
      assert.strictEqual(yield* worklistSize, 3)
    }).pipe(Effect.provide(makeLayer({ intakeLimit: { capacity: 3, perMs: 60_000 } }))))
})

describe("no 500 for any bad request", () => {
  it.effect("a battery of bad requests answers 4xx problems only", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      const battery: ReadonlyArray<readonly ["GET" | "POST" | "PUT" | "PATCH" | "DELETE", string, Parameters<typeof send>[2]?]> = [
        ["GET", "/api/nothing-here"],
        ["GET", "/api"],
        ["PUT", "/api/requests", { json: webForm() }],
        ["DELETE", "/api/requests"],
        ["PATCH", `/api/tickets/${code}`, { token: tokens.operator, json: {} }],
        ["GET", `/api/tickets/${"A".repeat(500)}`, { token: tokens.operator }],
        ["GET", "/api/tickets/%E0%A4%A", { token: tokens.operator }],
        ["GET", "/api/status?code=%E0%A4%A"],
        ["GET", `/api/status?code=${"9".repeat(10_000)}`],
        ["GET", "/api/status?code=a&code=b"],
        ["GET", "/api/statistics?period=day&period=month"],
        ["POST", "/api/requests", { json: webForm({ text: "x".repeat(100_001) }) }],
        ["POST", "/api/requests", { json: webForm({ subject: ["a", "b"] }) }],
        ["POST", "/api/requests", { json: webForm({ attachments: [{ name: "", mediaType: "", content: "" }] }) }],
        ["POST", "/api/requests", { bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x81]), contentType: "application/json" }],
        ["POST", "/api/requests", { bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x81]), contentType: "multipart/form-data; boundary=zz" }],
        ["POST", "/api/requests", { text: "--zz\r\n\r\n\r\n--zz--", contentType: "multipart/form-data; boundary=zz" }],
        ["POST", "/api/requests", { text: "{}", contentType: "application/json; charset=utf-16" }],
        ["POST", `/api/tickets/${code}/commands`, { token: tokens.operator, json: { _tag: "MergeInto", target: "not-a-code" } }],
        ["POST", `/api/tickets/${code}/commands`, { token: tokens.operator, json: { _tag: "Route", route: { _tag: "Moon" } } }],
        ["POST", "/api/tickets/AAA-BBB-CCC-DDD-EEE/commands", { token: tokens.operator, json: { _tag: "AddNote", text: "x" } }],
        ["POST", "/api/emergencies", { token: tokens.supervisor, json: { id: "a", from: "2027-03-02T00:00:00+01:00", to: "2027-03-01T00:00:00+01:00" } }],
        ["POST", "/api/tokens", { token: tokens.admin, json: { subject: "", role: "admin" } }],
        ["POST", "/api/tokens", { token: tokens.admin, json: { subject: "x", role: "admin", expiresAt: "soon" } }]
      ]
      for (const [method, path, options] of battery) {
        const reply = yield* send(method, path, options)
        assert.isAtLeast(reply.status, 400, `${method} ${path}`)
        assert.isBelow(reply.status, 500, `${method} ${path}: ${reply.text}`)
        problem(reply, reply.status)
      }
    }).pipe(Effect.provide(makeLayer())))
})

/**
 * The public addresses on a real server: the web form (multipart and JSON), the status by code,
 * the statistics, health and readiness, the OpenAPI document.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { makeLayer, monday, multipartForm, pdf, send, start, tokens, webForm } from "./harness.ts"

describe("POST /api/requests — the web form (R2)", () => {
  it.effect("multipart with an attachment: 201, the code, the public status and the acknowledgement summary (R3)", () =>
    Effect.gen(function*() {
      yield* start
      const form = multipartForm({ subject: "Planimetria" }, [{ name: "pianta.pdf", type: "application/pdf", bytes: pdf() }])
      const reply = yield* send("POST", "/api/requests", { form })
      assert.strictEqual(reply.status, 201)
      assert.match(reply.body.code, /^[A-Z0-9]{3}(-[A-Z0-9]{3}){4}$/)
      assert.isFalse(reply.body.duplicate)
      assert.strictEqual(reply.body.status.state, "in-progress")
      assert.strictEqual(reply.body.status.expectedAnswerBy, "2027-03-08")
      assert.deepStrictEqual(reply.body.acknowledgement.summary.attachments, ["pianta.pdf"])
      assert.strictEqual(reply.body.acknowledgement.summary.subject, "Planimetria")
      assert.isTrue(reply.body.acknowledgement.notEmergencyService)
      assert.deepStrictEqual(reply.body.refusedAttachments, [])

      const details = yield* send("GET", `/api/tickets/${reply.body.code}`, { token: tokens.operator })
      assert.strictEqual(details.body.ticket.content.attachments[0].name, "pianta.pdf")
      assert.strictEqual(details.body.ticket.content.attachments[0].size, 1024)
      assert.match(details.body.ticket.content.attachments[0].checksum, /^sha256:/)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("JSON with a base64 attachment gives the same answer", () =>
    Effect.gen(function*() {
      yield* start
      const content = Buffer.from(pdf(300)).toString("base64")
      const reply = yield* send("POST", "/api/requests", {
        json: webForm({ attachments: [{ name: "documento.pdf", mediaType: "application/pdf", content }] })
      })
      assert.strictEqual(reply.status, 201)
      assert.deepStrictEqual(reply.body.acknowledgement.summary.attachments, ["documento.pdf"])
    }).pipe(Effect.provide(makeLayer())))

  it.effect("the same submission id twice gives one ticket: 201, then 200 with duplicate: true", () =>
    Effect.gen(function*() {
      yield* start
      const body = webForm({ submissionId: "0f6b7c1e-5d1a-4d0e-9a55-6b1b2d0f3c11" })
      const first = yield* send("POST", "/api/requests", { json: body })
      const again = yield* send("POST", "/api/requests", { json: body })
      const asForm = yield* send("POST", "/api/requests", { form: multipartForm({ submissionId: body.submissionId }) })
      assert.strictEqual(first.status, 201)
      assert.strictEqual(again.status, 200)
      assert.isTrue(again.body.duplicate)
      assert.strictEqual(again.body.code, first.body.code)
      assert.strictEqual(asForm.body.code, first.body.code)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("an attachment over the policy's limits is refused alone; the request is kept (R7)", () =>
    Effect.gen(function*() {
      yield* start
      const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03])
      const form = multipartForm({}, [
        { name: "ok.pdf", type: "application/pdf", bytes: pdf() },
        { name: "setup.exe", type: "application/x-msdownload", bytes: exe }
      ])
      const reply = yield* send("POST", "/api/requests", { form })
      assert.strictEqual(reply.status, 201)
      assert.deepStrictEqual(reply.body.acknowledgement.summary.attachments, ["ok.pdf"])
      assert.deepStrictEqual(reply.body.refusedAttachments.map((r: any) => [r.name, r.reason]), [["setup.exe", "media-type"]])
    }).pipe(Effect.provide(makeLayer())))

  it.effect("without a reply address the request is registered and closed as unanswerable (R4), with no acknowledgement", () =>
    Effect.gen(function*() {
      yield* start
      const reply = yield* send("POST", "/api/requests", { json: webForm({ email: "" }) })
      assert.strictEqual(reply.status, 201)
      assert.strictEqual(reply.body.status.state, "closed")
      assert.strictEqual(reply.body.status.outcome, "unanswerable-no-reply-address")
      assert.notProperty(reply.body, "acknowledgement")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("an emergency-like text is acknowledged with the emergency numbers (R6)", () =>
    Effect.gen(function*() {
      yield* start
      const reply = yield* send("POST", "/api/requests", { json: webForm({ text: "C'è una fuga di gas nel palazzo, aiutatemi" }) })
      assert.strictEqual(reply.status, 201)
      assert.deepStrictEqual(reply.body.acknowledgement.emergencyNumbers, ["112", "115", "118"])
    }).pipe(Effect.provide(makeLayer())))
})

describe("GET /api/status — the status by code (R18)", () => {
  it.effect("answers the public status without personal data, for the code in any spacing or case", () =>
    Effect.gen(function*() {
      yield* start
      const { body } = yield* send("POST", "/api/requests", { json: webForm() })
      const loose = encodeURIComponent(body.code.toLowerCase().replace(/-/g, " "))
      const reply = yield* send("GET", `/api/status?code=${loose}`)
      assert.strictEqual(reply.status, 200)
      assert.strictEqual(reply.body.code, body.code)
      assert.strictEqual(reply.body.state, "in-progress")
      assert.notInclude(reply.text, "Rossi")
      assert.notInclude(reply.text, "maria.rossi@example.it")
      assert.notInclude(reply.text, "Piano di emergenza")
    }).pipe(Effect.provide(makeLayer())))
})

describe("GET /api/statistics (R19, B8)", () => {
  it.effect("JSON by period with counts by channel and the on-time rate; CSV with format=csv or Accept", () =>
    Effect.gen(function*() {
      yield* start
      const { body } = yield* send("POST", "/api/requests", { json: webForm() })
      yield* send("POST", "/api/requests", { json: webForm() })
      yield* TestClock.setTime(monday + 2 * 86_400_000)
      const answered = yield* send("POST", `/api/tickets/${body.code}/commands`, {
        token: tokens.operator,
        json: { _tag: "Answer", via: "email", language: "it", text: "Il piano è pubblicato sul sito del comune." }
      })
      assert.strictEqual(answered.status, 200)

      const json = yield* send("GET", "/api/statistics?period=month")
      assert.strictEqual(json.status, 200)
      assert.strictEqual(json.body.period, "month")
      const [report] = json.body.reports
      assert.strictEqual(report.period, "2027-03")
      assert.deepStrictEqual(report.byChannel["web-form"], { received: 2, open: 1, closed: 1, judged: 1, onTime: 1 })
      assert.strictEqual(report.onTimeRate, 1)
      assert.notProperty(report, "byTopic")

      const csv = yield* send("GET", "/api/statistics?format=csv&period=all")
      assert.strictEqual(csv.status, 200)
      assert.match(csv.headers["content-type"]!, /^text\/csv/)
      const lines = csv.text.trimEnd().split("\r\n")
      assert.strictEqual(lines[0], "period,channel,received,open,closed,judged,on_time,on_time_rate,median_hours_to_answer")
      assert.strictEqual(lines[1], "all,all,2,1,1,1,1,1,48")
      assert.strictEqual(lines[2], "all,web-form,2,1,1,1,1,1,")

      const accepted = yield* send("GET", "/api/statistics", { headers: { accept: "text/csv" } })
      assert.match(accepted.headers["content-type"]!, /^text\/csv/)

      const range = yield* send("GET", "/api/statistics?period=day&from=2027-04-01&to=2027-04-30")
      assert.deepStrictEqual(range.body.reports, [])
    }).pipe(Effect.provide(makeLayer())))
})

describe("system", () => {
  it.effect("GET /api/health and /api/ready answer 200", () =>
    Effect.gen(function*() {
      const health = yield* send("GET", "/api/health")
      const ready = yield* send("GET", "/api/ready")
      assert.deepStrictEqual([health.status, health.body], [200, { status: "ok" }])
      assert.deepStrictEqual([ready.status, ready.body], [200, { status: "ready" }])
    }).pipe(Effect.provide(makeLayer())))

  it.effect("GET /api/openapi.json is an OpenAPI 3.1 document listing every endpoint, bearer security and problem responses", () =>
    Effect.gen(function*() {
      const reply = yield* send("GET", "/api/openapi.json")
      assert.strictEqual(reply.status, 200)
      const doc = reply.body
      assert.strictEqual(doc.openapi, "3.1.0")
      assert.strictEqual(doc.info.title, "Sportello")
      const operations = Object.entries(doc.paths).flatMap(([path, methods]: [string, any]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)
      ).sort()
      assert.deepStrictEqual(operations, [
        "DELETE /api/tokens/{id}",
        "GET /api/audit",
        "GET /api/emergencies",
        "GET /api/health",
        "GET /api/ready",
        "GET /api/statistics",
        "GET /api/status",
        "GET /api/tickets/{code}",
        "GET /api/tokens",
        "GET /api/worklist",
        "POST /api/emergencies",
        "POST /api/emergencies/{id}/end",
        "POST /api/requests",
        "POST /api/tickets/{code}/commands",
        "POST /api/tokens"
      ])
      const submit = doc.paths["/api/requests"].post
      assert.hasAllKeys(submit.requestBody.content, ["application/json", "multipart/form-data"])
      assert.property(submit.responses, "201")
      assert.property(submit.responses, "429")
      assert.property(submit.responses["400"].content, "application/problem+json")
      assert.property(doc.components.securitySchemes, "bearer")
      assert.deepStrictEqual(doc.paths["/api/worklist"].get.security, [{ bearer: [] }])
      assert.property(doc.paths["/api/worklist"].get.responses, "401")
    }).pipe(Effect.provide(makeLayer())))
})

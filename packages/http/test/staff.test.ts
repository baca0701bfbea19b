/**
 * The staff addresses on a real server: worklists, a ticket's history and deadline, commands,
 * emergency periods, tokens and the audit log — each role doing what it may and refused what it
 * may not.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { makeLayer, monday, send, start, subjects, tokens, webForm } from "./harness.ts"

const submit = (overrides: Record<string, unknown> = {}) =>
  Effect.map(send("POST", "/api/requests", { json: webForm(overrides) }), (r) => r.body.code as string)

const command = (code: string, token: string, json: unknown) => send("POST", `/api/tickets/${code}/commands`, { token, json })

describe("worklists", () => {
  it.effect("an operator reads the desk's open tickets, with due and at-risk instants", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      const reply = yield* send("GET", "/api/worklist?queue=desk&limit=10", { token: tokens.operator })
      assert.strictEqual(reply.status, 200)
      assert.strictEqual(reply.body.length, 1)
      const [entry] = reply.body
      assert.strictEqual(entry.code, code)
      assert.strictEqual(entry.queue, "desk")
      assert.strictEqual(entry.status, "open")
      assert.isNumber(entry.dueAt)
      assert.isNumber(entry.atRiskAt)
      assert.notProperty(entry, "requester")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("an office sees its own queue only; an admin sees none (403)", () =>
    Effect.gen(function*() {
      yield* start
      yield* submit()
      const own = yield* send("GET", "/api/worklist", { token: tokens.office })
      assert.strictEqual(own.status, 200)
      assert.deepStrictEqual(own.body, [])
      const desk = yield* send("GET", "/api/worklist?queue=desk", { token: tokens.office })
      assert.strictEqual(desk.status, 403)
      assert.strictEqual(desk.body.type, "urn:sportello:problem:forbidden")
      const admin = yield* send("GET", "/api/worklist", { token: tokens.admin })
      assert.strictEqual(admin.status, 403)
    }).pipe(Effect.provide(makeLayer())))
})

describe("a ticket's history and deadline", () => {
  it.effect("GET /api/tickets/{code}: events with who and when, the SLA status and why the deadline is what it is (B10)", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      const reply = yield* send("GET", `/api/tickets/${code}`, { token: tokens.operator })
      assert.strictEqual(reply.status, 200)
      assert.strictEqual(reply.body.code, code)
      assert.deepStrictEqual(reply.body.events.map((e: any) => e._tag), ["Received", "Acknowledged", "Routed"])
      assert.deepStrictEqual(reply.body.events[0].by, { _tag: "System", component: "intake" })
      assert.strictEqual(reply.body.events[0].at, monday)
      assert.strictEqual(reply.body.ticket.requester.identity.lastName, "Rossi")
      assert.strictEqual(reply.body.deadline._tag, "Due")
      assert.strictEqual(reply.body.sla._tag, "Running")
      assert.strictEqual(reply.body.explanation.days.finalDate, "2027-03-08")
      assert.strictEqual(reply.body.explanation.timeZone, "Europe/Rome")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("an unknown code is 404; an office may not read a ticket that does not concern it (403)", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      const unknown = yield* send("GET", "/api/tickets/AAA-BBB-CCC-DDD-EEE", { token: tokens.operator })
      assert.strictEqual(unknown.status, 404)
      assert.strictEqual(unknown.body.type, "urn:sportello:problem:not-found")
      const office = yield* send("GET", `/api/tickets/${code}`, { token: tokens.office })
      assert.strictEqual(office.status, 403)
    }).pipe(Effect.provide(makeLayer())))
})

describe("commands", () => {
  it.effect("an operator answers: the actor comes from the token, the ticket closes, the public status follows", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      yield* TestClock.setTime(monday + 3_600_000)
      const reply = yield* command(code, tokens.operator, {
        _tag: "Answer",
        via: "email",
        language: "it",
        text: "Il piano è pubblicato sul sito del comune.",
        by: { _tag: "System", component: "someone-else" }
      })
      assert.strictEqual(reply.status, 200)
      const answered = reply.body.events.at(-2)
      assert.strictEqual(answered._tag, "Answered")
      assert.deepStrictEqual(answered.by, { _tag: "Operator", id: subjects.operator })
      assert.strictEqual(answered.at, monday + 3_600_000)
      assert.strictEqual(reply.body.ticket.status, "closed")
      assert.strictEqual(reply.body.sla._tag, "Met")
      const status = yield* send("GET", `/api/status?code=${code}`)
      assert.strictEqual(status.body.state, "closed")
      assert.strictEqual(status.body.outcome, "answered")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("classify, assign, consult an office; the office reads the ticket and records its reply as itself (R10)", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      assert.strictEqual((yield* command(code, tokens.operator, { _tag: "Classify", complexity: "complex", why: "serve il piano" })).status, 200)
      assert.strictEqual((yield* command(code, tokens.operator, { _tag: "Assign", operator: "op-9" })).status, 200)
      assert.strictEqual((yield* command(code, tokens.operator, { _tag: "ConsultOffice", office: subjects.office })).status, 200)
      const read = yield* send("GET", `/api/tickets/${code}`, { token: tokens.office })
      assert.strictEqual(read.status, 200)
      const other = yield* command(code, tokens.office, { _tag: "RecordOfficeReply", office: "ufficio-altro" })
      assert.strictEqual(other.status, 403)
      const replied = yield* command(code, tokens.office, { _tag: "RecordOfficeReply", office: subjects.office })
      assert.strictEqual(replied.status, 200)
      assert.deepStrictEqual(replied.body.events.at(-1).by, { _tag: "Office", id: subjects.office })
      const note = yield* command(code, tokens.office, { _tag: "AddNote", text: "parere inviato" })
      assert.strictEqual(note.status, 200)
      const answer = yield* command(code, tokens.office, { _tag: "Answer", via: "email", language: "it", text: "no" })
      assert.strictEqual(answer.status, 403)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("requesting documents suspends, resuming restarts; a refused command is 409 with the reason, an inapplicable one 422", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      yield* command(code, tokens.operator, { _tag: "Classify", complexity: "complex" })
      const resumeEarly = yield* command(code, tokens.operator, { _tag: "Resume", via: "email" })
      assert.strictEqual(resumeEarly.status, 409)
      assert.strictEqual(resumeEarly.headers["content-type"], "application/problem+json")
      assert.strictEqual(resumeEarly.body.type, "urn:sportello:problem:command-refused")
      assert.strictEqual(resumeEarly.body.reason, "not-suspended")
      assert.strictEqual(resumeEarly.body.command, "Resume")
      assert.strictEqual(resumeEarly.body.ticketStatus, "open")
      assert.isString(resumeEarly.body.detail)

      const unknownReason = yield* command(code, tokens.operator, { _tag: "Suspend", reason: "waiting-for-godot" })
      assert.strictEqual(unknownReason.status, 422)
      assert.strictEqual(unknownReason.body.reason, "unknown-reason")

      const suspended = yield* command(code, tokens.operator, {
        _tag: "Suspend",
        reason: "awaiting-documents",
        text: "la planimetria dell'edificio"
      })
      assert.strictEqual(suspended.status, 200)
      assert.strictEqual(suspended.body.deadline._tag, "Paused")
      assert.strictEqual((yield* send("GET", `/api/status?code=${code}`)).body.state, "awaiting-documents")
      const resumed = yield* command(code, tokens.operator, { _tag: "Resume", via: "email", evidence: "planimetria ricevuta" })
      assert.strictEqual(resumed.status, 200)
      assert.strictEqual(resumed.body.deadline._tag, "Due")
    }).pipe(Effect.provide(makeLayer())))

  it.effect("erasing personal data is for supervisors only (403 for an operator)", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      yield* command(code, tokens.operator, { _tag: "Close", outcome: "withdrawn" })
      const byOperator = yield* command(code, tokens.operator, { _tag: "ErasePersonalData" })
      assert.strictEqual(byOperator.status, 403)
      const bySupervisor = yield* command(code, tokens.supervisor, { _tag: "ErasePersonalData" })
      assert.strictEqual(bySupervisor.status, 200)
      assert.isTrue(bySupervisor.body.ticket.erased)
      assert.notInclude(JSON.stringify(bySupervisor.body), "Rossi")
    }).pipe(Effect.provide(makeLayer())))
})

describe("contacting a requester (R21)", () => {
  it.effect("a supervisor contacts one requester who consented; without consent it is 422 no-consent", () =>
    Effect.gen(function*() {
      yield* start
      const consented = yield* submit({ consentEmail: true })
      const contact = { _tag: "Contact", campaign: "allerta-meteo", via: "email", subject: "Allerta", text: "Domani allerta arancione." }
      const reply = yield* command(consented, tokens.supervisor, contact)
      assert.strictEqual(reply.status, 200, reply.text)
      assert.strictEqual(reply.body.events.at(-1)._tag, "Contacted")
      assert.strictEqual((yield* command(consented, tokens.operator, contact)).status, 403)
      const silent = yield* submit()
      const refused = yield* command(silent, tokens.supervisor, contact)
      assert.strictEqual(refused.status, 422)
      assert.strictEqual(refused.body.reason, "no-consent")
      const empty = yield* command(consented, tokens.supervisor, { ...contact, text: "" })
      assert.strictEqual(empty.status, 400)
    }).pipe(Effect.provide(makeLayer())))
})

describe("emergency periods (R16)", () => {
  it.effect("a supervisor declares one from now and ends it; operators list them but may not declare", () =>
    Effect.gen(function*() {
      yield* start
      const byOperator = yield* send("POST", "/api/emergencies", { token: tokens.operator, json: { id: "sisma-2027" } })
      assert.strictEqual(byOperator.status, 403)
      const declared = yield* send("POST", "/api/emergencies", { token: tokens.supervisor, json: { id: "sisma-2027", note: "terremoto" } })
      assert.strictEqual(declared.status, 201)
      assert.deepStrictEqual(declared.body.emergencies, [{ id: "sisma-2027", from: "2027-03-01T09:00:00.000Z", note: "terremoto" }])
      const listed = yield* send("GET", "/api/emergencies", { token: tokens.operator })
      assert.deepStrictEqual(listed.body, declared.body)

      yield* TestClock.setTime(monday + 86_400_000)
      const ended = yield* send("POST", "/api/emergencies/sisma-2027/end", { token: tokens.admin, json: {} })
      assert.strictEqual(ended.status, 200)
      assert.strictEqual(ended.body.emergencies[0].to, "2027-03-02T09:00:00.000Z")
      const again = yield* send("POST", "/api/emergencies/sisma-2027/end", { token: tokens.supervisor, json: {} })
      assert.strictEqual(again.status, 422)
      assert.strictEqual(again.body.type, "urn:sportello:problem:unprocessable")
      const unknown = yield* send("POST", "/api/emergencies/nessuna/end", { token: tokens.supervisor, json: {} })
      assert.strictEqual(unknown.status, 422)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("during an emergency period a Saturday request is due by service time round the clock", () =>
    Effect.gen(function*() {
      yield* start
      yield* send("POST", "/api/emergencies", { token: tokens.supervisor, json: { id: "alluvione", from: "2027-03-01T00:00:00+01:00" } })
      const code = yield* submit()
      const details = yield* send("GET", `/api/tickets/${code}`, { token: tokens.operator })
      assert.deepStrictEqual(details.body.explanation.emergencies, ["alluvione"])
    }).pipe(Effect.provide(makeLayer())))
})

describe("tokens and the audit log", () => {
  it.effect("an admin issues a token (shown once, stored hashed), the new token works, revoking it stops it", () =>
    Effect.gen(function*() {
      yield* start
      const issued = yield* send("POST", "/api/tokens", { token: tokens.admin, json: { subject: "op-42", role: "operator", label: "turno B" } })
      assert.strictEqual(issued.status, 201)
      assert.match(issued.body.token, /^spt\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{40,}$/)
      assert.strictEqual(issued.body.subject, "op-42")
      const listed = yield* send("GET", "/api/tokens", { token: tokens.admin })
      assert.strictEqual(listed.status, 200)
      const mine = listed.body.find((t: any) => t.id === issued.body.id)
      assert.deepStrictEqual(Object.keys(mine).sort(), ["createdAt", "id", "label", "role", "subject"])
      assert.notInclude(listed.text, issued.body.token.split(".")[2])

      assert.strictEqual((yield* send("GET", "/api/worklist", { token: issued.body.token })).status, 200)
      const revoked = yield* send("DELETE", `/api/tokens/${issued.body.id}`, { token: tokens.admin })
      assert.strictEqual(revoked.status, 204)
      const after = yield* send("GET", "/api/worklist", { token: issued.body.token })
      assert.strictEqual(after.status, 401)
      assert.strictEqual((yield* send("DELETE", "/api/tokens/nosuchtoken", { token: tokens.admin })).status, 404)
      assert.strictEqual((yield* send("POST", "/api/tokens", { token: tokens.supervisor, json: { subject: "x", role: "admin" } })).status, 403)
    }).pipe(Effect.provide(makeLayer())))

  it.effect("every staff request is audited with who, when, what and how it ended — refusals included, without personal data (R24)", () =>
    Effect.gen(function*() {
      yield* start
      const code = yield* submit()
      yield* send("GET", `/api/tickets/${code}`, { token: tokens.operator })
      yield* command(code, tokens.operator, { _tag: "Resume", via: "email" })
      yield* command(code, tokens.operator, { _tag: "ErasePersonalData" })
      yield* send("GET", "/api/worklist")
      yield* send("GET", `/api/tickets/${code}`, { token: "spt.unknown-1.nope-nope-nope-nope-nope-nope-nope-nope" })
      yield* send("POST", "/api/emergencies", { token: tokens.supervisor, json: { id: "frana" } })

      const reply = yield* send("GET", "/api/audit?limit=20", { token: tokens.supervisor })
      assert.strictEqual(reply.status, 200)
      const entries = [...reply.body].reverse().map((e: any) => [e.actor?.subject, e.action, e.target, e.outcome, e.status, e.reason])
      assert.deepStrictEqual(entries, [
        [subjects.operator, "ticket.read", code, "ok", 200, undefined],
        [subjects.operator, "command.Resume", code, "refused", 409, "not-suspended"],
        [subjects.operator, "command.ErasePersonalData", code, "denied", 403, "forbidden"],
        [undefined, "worklist.read", undefined, "unauthenticated", 401, "no-token"],
        [undefined, "ticket.read", code, "unauthenticated", 401, "invalid-token"],
        [subjects.supervisor, "emergency.declare", "frana", "ok", 201, undefined]
      ])
      assert.isTrue(reply.body.every((e: any) => e.at === monday))
      assert.notInclude(reply.text, "Rossi")
      assert.notInclude(reply.text, "maria.rossi")
      assert.notInclude(reply.text, "nope-nope")
      assert.strictEqual((yield* send("GET", "/api/audit", { token: tokens.operator })).status, 403)
    }).pipe(Effect.provide(makeLayer())))
})

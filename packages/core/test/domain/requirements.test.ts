/**
 * One readable scenario per requirement the core covers (requirements.md R1–R24, B1–B11,
 * and the anchors' known failures), written as given / when / then over commands and events.
 */
import { describe, expect, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import {
  Channel,
  Decider,
  Intake,
  Policy,
  Redaction,
  Requester,
  Sla,
  Statistics,
  StatusView,
  Ticket,
  TicketCode,
  TicketEvent
} from "@sportello/core"
import {
  citizen,
  content,
  env,
  given,
  institution,
  italianDetector,
  operator,
  receive,
  requesterActor,
  rome,
  system,
  tags,
  ticketOf,
  when
} from "./fixtures.ts"

const dueOf = (h: ReturnType<typeof given>, over: Partial<Ticket.Environment> = {}) =>
  Ticket.deadline(ticketOf(h), { ...env, ...over })

const letter = () => receive({ channel: Channel.letter, content: content({ language: "it" }) })
const classify = (complexity: Channel.Complexity, topic?: string) =>
  ({ _tag: "Classify", by: operator, complexity, ...(topic === undefined ? {} : { topic }) }) as const
const suspend = (reason: string) => ({ _tag: "Suspend", by: operator, reason }) as const
const resume = (via: string) => ({ _tag: "Resume", by: requesterActor, via }) as const
const answer = { _tag: "Answer", by: operator, via: "email", language: "it" } as const

describe("R1 every channel becomes a ticket with its channel recorded", () => {
  it.each(Channel.builtIn.map((c) => [c.id, c] as const))("%s", (_, channel) => {
    const h = given([["2027-03-01T10:00", receive({ channel })]])
    expect(ticketOf(h).channel).toBe(channel.id)
    expect(h.events[0]?._tag).toBe("Received")
  })
})

describe("R2 the web form collects name, e-mail, optional phone, text and attachments", () => {
  it("decodes a web-form requester without a phone number", () => {
    const decoded = Schema.decodeUnknownSync(Requester.Requester)({
      kind: "citizen",
      identity: { _tag: "Person", firstName: "Luca", lastName: "Bianchi" },
      contacts: [{ _tag: "Email", address: "luca@example.it" }]
    })
    expect(Requester.isAnswerable(decoded, Channel.webForm)).toBe(true)
  })
})

describe("R3 acknowledgement with summary and code, through the reply address, in the request's language", () => {
  it("given a web-form request in English, the acknowledgement goes by e-mail in English with the code", () => {
    const submission = { channel: Channel.webForm, requester: citizen, content: content({ language: "en", text: "How can I volunteer?" }) }
    const screening = Intake.screenWith(submission, Policy.charter, italianDetector)
    const code = TicketCode.fromValues(Array.from({ length: 14 }, (_, i) => i))
    const ack = Intake.acknowledgement(submission, screening, code, Policy.charter)!
    expect(ack.to).toEqual({ _tag: "Email", address: "maria.rossi@example.it" })
    expect(ack.languages).toEqual(["en"])
    expect(ack.code).toBe(code)
    expect(ack.summary.text).toBe("How can I volunteer?")
    expect(ack.notEmergencyService).toBe(true)
  })
  it("a PEC request is acknowledged by PEC", () => {
    const submission = { channel: Channel.pec, requester: institution, content: content() }
    const screening = Intake.screenWith(submission, Policy.charter, italianDetector)
    const ack = Intake.acknowledgement(submission, screening, TicketCode.fromValues(Array(14).fill(3)), Policy.charter)!
    expect(ack.via).toBe("pec")
  })
  it("recording the acknowledgement is an event, once", () => {
    const h = given([["2027-03-01T10:00", receive()], ["2027-03-01T10:00", { _tag: "Acknowledge", by: system, via: "email", languages: ["it"], template: "received" }]])
    expect(ticketOf(h).acknowledged).toBe(true)
    const again = when(h, "2027-03-01T10:01", { _tag: "Acknowledge", by: system, via: "email", languages: ["it"], template: "received" })
    expect(Result.isFailure(again)).toBe(true)
  })
})

describe("R4 without identity and reply address the ticket is registered and closed as unanswerable", () => {
  it("given an anonymous letter, when received, then it is registered and closed", () => {
    const anonymous: Requester.Requester = { kind: "citizen", contacts: [] }
    const h = given([["2027-03-01T10:00", receive({ channel: Channel.letter, requester: anonymous })]])
    expect(tags(h.events)).toEqual(["Received", "Closed"])
    expect(ticketOf(h).outcome).toBe("unanswerable-no-reply-address")
  })
  it("a voicemail's caller says who they are in the recording: a number to call back is enough (R1)", () => {
    const caller: Requester.Requester = { kind: "citizen", contacts: [{ _tag: "Phone", number: "+39 333 1234567" }] }
    const h = given([["2027-03-01T21:00", receive({ channel: Channel.voicemail, requester: caller })]])
    expect(tags(h.events)).toEqual(["Received"])
    expect(Requester.isAnswerable(caller, Channel.voicemail)).toBe(true)
    const withheld = given([["2027-03-01T21:00", receive({ channel: Channel.voicemail, requester: { kind: "citizen", contacts: [] } })]])
    expect(ticketOf(withheld).outcome).toBe("unanswerable-no-reply-address")
    const byMail = given([["2027-03-01T21:00", receive({ channel: Channel.voicemail, requester: { kind: "citizen", contacts: [{ _tag: "Email", address: "a@example.it" }] } })]])
    expect(ticketOf(byMail).outcome).toBe("unanswerable-no-reply-address")
    const onThePhoneLine = given([["2027-03-01T10:00", receive({ channel: Channel.phone, requester: caller })]])
    expect(ticketOf(onThePhoneLine).outcome).toBe("unanswerable-no-reply-address")
  })
  it("a phone number is not a reply address for a letter", () => {
    const phoneOnly: Requester.Requester = { ...citizen, contacts: [{ _tag: "Phone", number: "06 123" }] }
    const h = given([["2027-03-01T10:00", receive({ channel: Channel.letter, requester: phoneOnly })]])
    expect(ticketOf(h).outcome).toBe("unanswerable-no-reply-address")
  })
})

describe("R5 only Italian and English are answered", () => {
  it("a declared French request is registered and closed as unsupported language, with a bilingual notice", () => {
    const submission = { channel: Channel.webForm, requester: citizen, content: content({ language: "fr", text: "Bonjour" }) }
    const screening = Intake.screenWith(submission, Policy.charter, italianDetector)
    expect(screening.language).toEqual({ _tag: "Unsupported", language: "fr", how: "declared" })
    const ack = Intake.acknowledgement(submission, screening, TicketCode.fromValues(Array(14).fill(5)), Policy.charter)!
    expect(ack.template).toBe("unsupported-language")
    expect(ack.languages).toEqual(["it", "en"])
    const h = given([["2027-03-01T10:00", receive({ content: submission.content })]])
    expect(ticketOf(h).outcome).toBe("unsupported-language")
  })
  it("an undecidable text goes to an operator, who decides", () => {
    const undeclared = { kind: "information", text: "ok grazie", attachments: [] } as const
    const h = given([["2027-03-01T10:00", receive({ channel: Channel.email, content: undeclared })]])
    expect(ticketOf(h).language).toEqual({ _tag: "Undecided", why: "too-short" })
    expect(ticketOf(h).status).toBe("open")
    const resolved = given([["2027-03-01T11:00", { _tag: "ResolveLanguage", by: operator, language: "it" }]], {}, h)
    expect(ticketOf(resolved).language).toEqual({ _tag: "Supported", language: "it", how: "operator" })
  })
  it("answers are written only in a supported language", () => {
    const h = given([["2027-03-01T10:00", receive()]])
    const r = when(h, "2027-03-01T11:00", { ...answer, language: "de" })
    expect(Result.isFailure(r) && r.failure.reason).toBe("language-not-supported")
  })
})

describe("R6 emergency-like requests are flagged and answered with the emergency numbers", () => {
  const text = "C'è un incendio in corso vicino a casa, ci sono dei feriti!"
  it("is flagged, acknowledged with 112/115/118 and routed to the desk first", () => {
    const submission = { channel: Channel.email, requester: institution, content: content({ text }) }
    const screening = Intake.screenWith(submission, Policy.charter, italianDetector)
    expect(screening.emergency.flagged).toBe(true)
    expect(screening.emergency.matched).toEqual(expect.arrayContaining(["incendio in corso", "ferit*"]))
    expect(Intake.acknowledgement(submission, screening, TicketCode.fromValues(Array(14).fill(7)), Policy.charter)!.emergencyNumbers)
      .toEqual(["112", "115", "118"])
    const h = given([["2027-03-01T10:00", receive({ channel: Channel.email, requester: institution, content: content({ text }) })]])
    const routed = when(h, "2027-03-01T10:00", { _tag: "Route", by: system })
    expect(Result.getOrThrow(routed)).toMatchObject([{ _tag: "Routed", route: { _tag: "Desk", priority: "immediate" } }])
  })
  it("English words count too, whatever the language", () => {
    expect(Intake.emergencyMatches("People are TRAPPED under the rubble", Policy.charter.emergency)).toEqual(
      expect.arrayContaining(["trapped", "under the rubble"])
    )
    expect(Intake.emergencyMatches("Vorrei informazioni sul rischio incendi boschivi", Policy.charter.emergency)).toEqual([])
  })
})

describe("R7 attachments are kept; those over the limits are refused with a clear error and nothing else is lost", () => {
  it("refuses the oversized and the wrong type, keeps the rest", () => {
    const attachments = [
      { name: "planimetria.pdf", mediaType: "application/pdf", size: 200_000, checksum: "sha256:a" },
      { name: "video.mp4", mediaType: "video/mp4", size: 1_000, checksum: "sha256:b" },
      { name: "scan.tiff", mediaType: "image/tiff", size: 50 * 1024 * 1024, checksum: "sha256:c" }
    ]
    const c = content({ attachments })
    const h = given([["2027-03-01T10:00", receive({ content: c })]])
    const screening = ticketOf(h).screening
    expect(screening.attachments.accepted.map((a) => a.name)).toEqual(["planimetria.pdf"])
    expect(screening.attachments.refused.map((r) => [r.attachment.name, r.reason])).toEqual([
      ["video.mp4", "media-type"],
      ["scan.tiff", "size"]
    ])
    const error = Intake.attachmentsRefused(screening)!
    expect(error._tag).toBe("AttachmentsRefused")
    expect(error.message).toContain("video.mp4 (file type not accepted)")
    expect(ticketOf(h).content.text).toBe(c.text)
  })
  it("a channel without attachments refuses them all", () => {
    const s = Intake.screenAttachments([{ name: "a.pdf", mediaType: "application/pdf", size: 1, checksum: "x" }], Channel.phone, Policy.charter.attachments)
    expect(s.refused[0]?.reason).toBe("channel")
  })
})

describe("R8 citizens are handled by the desk; institutions, organisations and companies are forwarded to the competent office", () => {
  it("a citizen goes to the desk", () => {
    const h = given([["2027-03-01T10:00", receive()], ["2027-03-01T10:05", { _tag: "Route", by: system }]])
    expect(ticketOf(h).route).toEqual({ _tag: "Desk", priority: "normal" })
  })
  it("an institution asking about seismic risk is forwarded to that office, which closes the Contact Center's part", () => {
    const h = given([
      ["2027-03-01T10:00", receive({ requester: institution, channel: Channel.pec, content: content({ topic: "seismic-risk" }) })],
      ["2027-03-01T10:05", { _tag: "Route", by: system }]
    ])
    expect(ticketOf(h).route).toEqual({ _tag: "Office", office: "rischi-naturali", priority: "normal" })
    expect(ticketOf(h).outcome).toBe("forwarded")
  })
})

describe("R9 it is always known which tickets are open and how many are closed", () => {
  it("statistics count open and closed", () => {
    const a = given([["2027-03-01T10:00", receive()]])
    const b = given([["2027-03-01T10:00", receive()], ["2027-03-01T12:00", answer]])
    const [report] = Statistics.compute([ticketOf(a), ticketOf(b)], env, { period: "all", asOf: rome("2027-03-02T10:00") })
    expect(report).toMatchObject({ received: 2, open: 1, closed: 1 })
  })
})

describe("R10 asking an internal office does not suspend the clock", () => {
  it("the deadline is the same with and without the consultation", () => {
    const base = given([["2027-09-06T10:00", letter()]])
    const consulted = given([["2027-09-07T10:00", { _tag: "ConsultOffice", by: operator, office: "emergenze" }]], {}, base)
    expect(ticketOf(consulted).status).toBe("open")
    expect(dueOf(consulted)).toEqual(dueOf(base))
    const replied = given([["2027-09-20T10:00", { _tag: "RecordOfficeReply", by: { _tag: "Office", id: "emergenze" }, office: "emergenze" }]], {}, consulted)
    expect(dueOf(replied)).toEqual(dueOf(base))
  })
})

describe("R11 phone: immediate, within the day, 40 days", () => {
  it("a quick search is due by 18:00 of the day", () => {
    const h = given([["2027-03-02T11:00", receive({ channel: Channel.phone })]])
    expect(dueOf(h)).toEqual({ _tag: "Due", at: rome("2027-03-02T18:00") })
  })
  it("a knowledge-base answer has no deadline and is answered during the call", () => {
    const h = given([
      ["2027-03-02T11:00", receive({ channel: Channel.phone })],
      ["2027-03-02T11:00", classify("knowledge-base")],
      ["2027-03-02T11:03", { ...answer, via: "phone" }]
    ])
    expect(dueOf(h)).toEqual({ _tag: "NoDeadline" })
    expect(ticketOf(h).outcome).toBe("answered")
  })
  it("a complex phone request has 40 days", () => {
    const h = given([["2027-09-06T10:00", receive({ channel: Channel.phone })], ["2027-09-06T10:10", classify("complex")]])
    expect(dueOf(h)).toEqual({ _tag: "Due", at: rome("2027-10-19T00:00") })
  })
})

describe("R12 web form: 7 days, 40 when complex", () => {
  it("is due at the end of day 7", () => {
    const h = given([["2027-03-01T10:00", receive()]])
    expect(dueOf(h)).toEqual({ _tag: "Due", at: rome("2027-03-09T00:00") })
  })
})

describe("R13 letter, fax, PEC and e-mail: 40 days; voicemail: by the end of the next service day", () => {
  it.each([Channel.letter, Channel.fax, Channel.pec, Channel.email].map((c) => [c.id, c] as const))("%s", (_, channel) => {
    const h = given([["2027-09-06T10:00", receive({ channel })]])
    expect(dueOf(h)).toEqual({ _tag: "Due", at: rome("2027-10-19T00:00") })
  })
  it("voicemail left on Friday evening before the 4 October holiday", () => {
    const h = given([["2027-10-01T20:00", receive({ channel: Channel.voicemail })]])
    expect(dueOf(h)).toEqual({ _tag: "Due", at: rome("2027-10-05T18:00") })
  })
})

describe("R14 suspension pauses the 40-day term; the remaining time continues", () => {
  it("follows the worked example of sla-semantics.md", () => {
    const suspended = given([["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-administration")]])
    expect(dueOf(suspended)).toMatchObject({ _tag: "Paused", reason: "awaiting-administration" })
    const resumed = given([["2027-09-20T09:00", resume("pec")]], {}, suspended)
    expect(dueOf(resumed)).toEqual({ _tag: "Due", at: rome("2027-10-27T00:00") })
  })
  it("a 7-day ticket cannot be suspended until reclassified as complex", () => {
    const h = given([["2027-03-01T10:00", receive()]])
    const r = when(h, "2027-03-02T10:00", suspend("awaiting-documents"))
    expect(Result.isFailure(r) && r.failure.reason).toBe("suspension-not-allowed")
    const complex = given([["2027-03-02T10:00", classify("complex")], ["2027-03-02T10:01", suspend("awaiting-documents")]], {}, h)
    expect(ticketOf(complex).status).toBe("suspended")
  })
})

describe("R15 documents not sent within 40 days close the request", () => {
  const h = given([["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-documents")]])
  it("not before the limit", () => {
    const r = when(h, "2027-10-20T23:59", { _tag: "ExpireDocumentsWait", by: system })
    expect(Result.isFailure(r) && r.failure.reason).toBe("not-yet-due")
  })
  it("at the limit the ticket is closed as documents-not-received", () => {
    expect(Ticket.autoCloseAt(ticketOf(h), env)).toBe(rome("2027-10-21T00:00"))
    const closed = given([["2027-10-21T00:00", { _tag: "ExpireDocumentsWait", by: system }]], {}, h)
    expect(ticketOf(closed).outcome).toBe("documents-not-received")
  })
})

describe("R18 the requester learns the state by code", () => {
  it("the code as typed on the phone finds the ticket; the view has the expected answer date", () => {
    const code = TicketCode.fromValues([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14])
    const h = given([["2027-03-01T10:00", receive({ code })]])
    const typed = code.toLowerCase().replace(/-/g, " ")
    expect(Result.getOrThrow(TicketCode.parse(typed))).toBe(code)
    expect(StatusView.view(ticketOf(h), env)).toEqual({
      code,
      state: "in-progress",
      channel: "web-form",
      receivedOn: "2027-03-01",
      lastUpdateOn: "2027-03-01",
      expectedAnswerBy: "2027-03-08"
    })
  })
})

describe("R19 / B8 statistics by channel, kind, topic, outcome, on-time rate and median time to answer", () => {
  it("per month", () => {
    const onTime = given([["2027-03-01T10:00", receive()], ["2027-03-03T10:00", answer]])
    const late = given([["2027-03-01T10:00", receive()], ["2027-03-10T10:00", answer]])
    const breached = given([["2027-03-01T10:00", receive({ channel: Channel.phone })]])
    const forwarded = given([["2027-04-01T10:00", receive({ requester: institution, content: content({ topic: "funding" }) })], ["2027-04-01T11:00", { _tag: "Route", by: system }]])
    const reports = Statistics.compute([onTime, late, breached, forwarded].map(ticketOf), env, { period: "month", asOf: rome("2027-04-02T10:00") })
    expect(reports.map((r) => r.period)).toEqual(["2027-03", "2027-04"])
    const [march, april] = reports
    expect(march).toMatchObject({ received: 3, open: 1, closed: 2, judged: 3, onTime: 1, byOutcome: { answered: 2 } })
    expect(march?.onTimeRate).toBeCloseTo(1 / 3)
    expect(march?.medianTimeToAnswer).toBe((rome("2027-03-03T10:00") - rome("2027-03-01T10:00") + rome("2027-03-10T10:00") - rome("2027-03-01T10:00")) / 2)
    expect(march?.byChannel["phone"]).toEqual({ received: 1, open: 1, closed: 0, judged: 1, onTime: 0 })
    expect(march?.byChannel["web-form"]).toEqual({ received: 2, open: 0, closed: 2, judged: 2, onTime: 1 })
    expect(april).toMatchObject({ byRequesterKind: { institution: { received: 1, open: 0, closed: 1 } }, byTopic: { funding: { received: 1 } }, onTimeRate: 1 })
  })
})

describe("R21 the requester is contacted beyond the answer only with consent, once per campaign", () => {
  const consenting: Requester.Requester = { ...citizen, consent: { sms: true, email: false } }
  const contact = (campaign: string, via: "sms" | "email") => ({ _tag: "Contact", by: operator, campaign, via }) as const
  it("given consent to SMS and a phone number, the contact is recorded with campaign and medium, and no address", () => {
    const h = given([["2027-03-01T10:00", receive({ requester: consenting })], ["2027-03-02T10:00", contact("allerta-meteo", "sms")]])
    const last = h.events.at(-1)!
    expect(last).toMatchObject({ _tag: "Contacted", campaign: "allerta-meteo", via: "sms", to: "phone" })
    expect(JSON.stringify(last)).not.toContain("333")
    expect(ticketOf(h).campaigns).toEqual(["allerta-meteo"])
    expect(ticketOf(h).status).toBe("open")
  })
  it("the same campaign twice is refused; another campaign is not", () => {
    const h = given([["2027-03-01T10:00", receive({ requester: consenting })], ["2027-03-02T10:00", contact("c1", "sms")]])
    const again = when(h, "2027-03-02T11:00", contact("c1", "sms"))
    expect(Result.isFailure(again) && again.failure.reason).toBe("nothing-to-change")
    expect(Result.isSuccess(when(h, "2027-03-02T11:00", contact("c2", "sms")))).toBe(true)
  })
  it("without consent to the medium, or without consent at all, the contact is refused", () => {
    const noEmail = when(given([["2027-03-01T10:00", receive({ requester: consenting })]]), "2027-03-02T10:00", contact("c", "email"))
    expect(Result.isFailure(noEmail) && noEmail.failure.reason).toBe("no-consent")
    const silent = when(given([["2027-03-01T10:00", receive()]]), "2027-03-02T10:00", contact("c", "sms"))
    expect(Result.isFailure(silent) && silent.failure.reason).toBe("no-consent")
  })
  it("with consent but no contact point for the medium, the contact is refused", () => {
    const emailOnly: Requester.Requester = { ...citizen, contacts: [{ _tag: "Email", address: "a@example.it" }], consent: { sms: true, email: true } }
    const r = when(given([["2027-03-01T10:00", receive({ requester: emailOnly })]]), "2027-03-02T10:00", contact("c", "sms"))
    expect(Result.isFailure(r) && r.failure.reason).toBe("no-contact-point")
  })
  it("e-mail goes to a plain address first, else to a PEC address", () => {
    const pecOnly: Requester.Requester = { ...institution, consent: { sms: false, email: true } }
    const h = given([["2027-03-01T10:00", receive({ requester: pecOnly })], ["2027-03-02T10:00", contact("c", "email")]])
    expect(h.events.at(-1)).toMatchObject({ _tag: "Contacted", to: "pec" })
  })
  it("after erasure the requester can no longer be contacted", () => {
    const h = given([
      ["2027-03-01T10:00", receive({ requester: consenting })],
      ["2027-03-02T10:00", answer],
      ["2027-03-03T10:00", { _tag: "ErasePersonalData", by: operator }]
    ])
    const r = when(h, "2027-03-04T10:00", contact("c", "sms"))
    expect(Result.isFailure(r) && r.failure.reason).toBe("no-consent")
  })
})

describe("R22 answers in plain Italian or English", () => {
  it("an answer in English is accepted", () => {
    const h = given([["2027-03-01T10:00", receive()], ["2027-03-01T12:00", { ...answer, language: "en" }]])
    expect(ticketOf(h).outcome).toBe("answered")
  })
})

describe("R23 no personal data in public views", () => {
  it("the status view carries no name, address or text", () => {
    const h = given([["2027-03-01T10:00", receive()]])
    const json = JSON.stringify(StatusView.view(ticketOf(h), env))
    for (const secret of ["Maria", "Rossi", "maria.rossi", "333", "volontario"]) expect(json).not.toContain(secret)
  })
})

describe("R24 every change is recorded with who and when", () => {
  it("every event has by and at", () => {
    const h = given([
      ["2027-09-06T10:00", letter()],
      ["2027-09-06T11:00", { _tag: "Assign", by: operator, operator: "op-3" }],
      ["2027-09-06T11:30", { _tag: "AddNote", by: operator, text: "chiamato il comune" }],
      ["2027-09-07T09:00", classify("complex", "hydro-risk")],
      ["2027-09-08T09:00", answer]
    ])
    for (const e of h.events) {
      expect(Schema.is(TicketEvent.Actor)(e.by)).toBe(true)
      expect(typeof e.at).toBe("number")
    }
    expect(Schema.decodeUnknownSync(Schema.Array(TicketEvent.TicketEvent))(h.events)).toEqual(h.events)
  })
})

describe("B1 suspension or interruption per reason, as the policy says", () => {
  it("an interruption restarts the term in full when it ends", () => {
    const interrupting: Policy.Version = {
      ...Policy.charter,
      id: "interrupt-opinions",
      suspension: { ...Policy.charter.suspension, "awaiting-administration": { mode: "interrupt" } }
    }
    const policies = Result.getOrThrow(Policy.make([interrupting]))
    const h = given(
      [["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-administration")], ["2027-09-20T09:00", resume("pec")]],
      { policies }
    )
    expect(h.events.find((e) => e._tag === "Suspended")).toMatchObject({ mode: "interrupt" })
    // 20 Sep + 40 = Sat 30 Oct → Mon 1 Nov is a holiday → Tue 2 Nov
    expect(dueOf(h, { policies })).toEqual({ _tag: "Due", at: rome("2027-11-03T00:00") })
  })
  it("an unknown reason is refused", () => {
    const h = given([["2027-09-06T10:00", letter()]])
    const r = when(h, "2027-09-07T10:00", suspend("holiday-mood"))
    expect(Result.isFailure(r) && r.failure.reason).toBe("unknown-reason")
  })
})

describe("B2 auto-close is bound to awaiting-documents, with its own outcome", () => {
  it("an opinion awaited from another administration never auto-closes", () => {
    const h = given([["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-administration")]])
    const r = when(h, "2028-09-10T12:00", { _tag: "ExpireDocumentsWait", by: system })
    expect(Result.isFailure(r) && r.failure.reason).toBe("not-yet-due")
  })
})

describe("B4 the channel × complexity matrix as typed policy, with who reclassified and when", () => {
  it("reclassifying to complex gives 40 days counted from receipt, recorded with who and why", () => {
    const h = given([["2027-03-01T10:00", receive()], ["2027-03-05T10:00", { ...classify("complex"), why: "serve il parere dell'ufficio" }]])
    expect(h.events.at(-1)).toMatchObject({ _tag: "Classified", by: operator, previous: "quick-search", complexity: "complex", at: rome("2027-03-05T10:00") })
    // 1 Mar + 40 = Sat 10 Apr → Mon 12 Apr
    expect(dueOf(h)).toEqual({ _tag: "Due", at: rome("2027-04-13T00:00") })
  })
  it("a policy that overrides a cell changes that cell only", () => {
    const v: Policy.Version = { ...Policy.charter, id: "five-days", terms: { "web-form": { "quick-search": Sla.days(5) } } }
    expect(Policy.termFor(v, Channel.webForm, "quick-search")).toEqual(Sla.days(5))
    expect(Policy.termFor(v, Channel.webForm, "complex")).toEqual(Sla.days(40))
    expect(Result.isFailure(Policy.make([{ ...v, terms: { "web-form": { "quick-search": { _tag: "Days", days: -1 } as Sla.Term } } }]))).toBe(true)
  })
})

describe("B5 policies are versioned with effective dates and never rewrite the past", () => {
  const v2: Policy.Version = { ...Policy.charter, id: "2027-06", from: "2027-06-01", terms: { "web-form": { "quick-search": Sla.days(10) } } }
  const policies = Result.getOrThrow(Policy.make([Policy.charter, v2]))
  it("a ticket received before the change keeps the old term; one after gets the new one", () => {
    const before = given([["2027-05-31T10:00", receive()]], { policies })
    const after = given([["2027-06-01T10:00", receive()]], { policies })
    expect(ticketOf(before).policyVersion).toBe("charter")
    expect(ticketOf(after).policyVersion).toBe("2027-06")
    expect(dueOf(before, { policies })).toEqual({ _tag: "Due", at: rome("2027-06-08T00:00") })
    expect(dueOf(after, { policies })).toEqual({ _tag: "Due", at: rome("2027-06-12T00:00") })
  })
  it("versions out of order are a typed configuration error", () => {
    expect(Result.isFailure(Policy.make([v2, Policy.charter]))).toBe(true)
  })
})

describe("B6 distinct terminal outcomes", () => {
  it("each outcome is reachable through its own command", () => {
    const outcomes = new Set<string>()
    const add = (h: ReturnType<typeof given>) => outcomes.add(ticketOf(h).outcome!)
    add(given([["2027-03-01T10:00", receive()], ["2027-03-01T11:00", answer]]))
    add(given([["2027-03-01T10:00", receive({ requester: institution })], ["2027-03-01T11:00", { _tag: "Route", by: system }]]))
    add(given([["2027-03-01T10:00", receive({ content: content({ topic: "taxes" }) })], ["2027-03-01T11:00", { _tag: "Route", by: system }]]))
    add(given([["2027-03-01T10:00", receive({ requester: { kind: "citizen", contacts: [] } })]]))
    add(given([["2027-03-01T10:00", receive({ content: content({ language: "de" }) })]]))
    add(given([["2027-09-06T10:00", letter()], ["2027-09-06T11:00", suspend("awaiting-documents")], ["2027-10-19T00:00", { _tag: "ExpireDocumentsWait", by: system }]]))
    add(given([["2027-03-01T10:00", receive()], ["2027-03-01T11:00", { _tag: "MergeInto", by: operator, target: TicketCode.fromValues(Array(14).fill(9)) }]]))
    add(given([["2027-03-01T10:00", receive()], ["2027-03-01T11:00", { _tag: "Close", by: operator, outcome: "withdrawn" }]]))
    expect([...outcomes].sort()).toEqual([...TicketEvent.Outcome.literals].sort())
  })
  it("an operator cannot close as answered without answering", () => {
    const h = given([["2027-03-01T10:00", receive()]])
    const r = when(h, "2027-03-01T11:00", { _tag: "Close", by: operator, outcome: "answered" })
    expect(Result.isFailure(r) && r.failure.reason).toBe("outcome-not-allowed")
  })
})

describe("B7 a code is given for every channel, phone and letter included", () => {
  it.each([Channel.phone, Channel.letter].map((c) => [c.id, c] as const))("%s", (_, channel) => {
    const h = given([["2027-03-01T10:00", receive({ channel })]])
    expect(Schema.is(TicketCode.TicketCode)(ticketOf(h).code)).toBe(true)
  })
})

describe("B9 erasure keeps the statistics", () => {
  it("erasing personal data removes identity, contacts and text; the report is unchanged", () => {
    const h = given([["2027-03-01T10:00", receive()], ["2027-03-02T10:00", answer]])
    const erased = given([["2027-03-03T10:00", { _tag: "ErasePersonalData", by: operator }]], {}, h)
    const t = ticketOf(erased)
    expect(t.requester).toEqual({ kind: "citizen", contacts: [] })
    expect(t.content.text).toBe("")
    const opts = { period: "all", asOf: rome("2027-04-01T00:00") } as const
    expect(Statistics.compute([t], env, opts)).toEqual(Statistics.compute([ticketOf(h)], env, opts))
  })
  it("a redacted history keeps every fact and no free text: folding it gives the erased ticket", () => {
    const h = given([
      ["2027-09-06T10:00", letter()],
      ["2027-09-06T11:30", { _tag: "AddNote", by: operator, text: "la signora Rossi richiamerà" }],
      ["2027-09-07T09:00", { _tag: "Classify", by: operator, complexity: "complex", why: "serve la planimetria di via Roma 1" }],
      ["2027-09-10T12:00", { _tag: "Suspend", by: operator, reason: "awaiting-documents", evidence: "mail di Maria Rossi" }],
      ["2027-09-20T09:00", { _tag: "Resume", by: requesterActor, via: "email", evidence: "inviata da maria.rossi@example.it" }],
      ["2027-09-21T09:00", answer],
      ["2027-09-22T09:00", { _tag: "Reopen", by: requesterActor, why: "Maria Rossi non ha capito" }],
      ["2027-09-23T09:00", { _tag: "Close", by: operator, outcome: "withdrawn", note: "ritirata da Maria Rossi" }]
    ])
    const redacted = Redaction.redact(h.events)
    expect(tags(redacted)).toEqual(tags(h.events))
    expect(redacted.map((e) => [e.at, e.by])).toEqual(h.events.map((e) => [e.at, e.by]))
    const json = JSON.stringify(redacted)
    for (const secret of ["Maria", "Rossi", "maria.rossi", "333", "volontario", "Roma 1", "richiamerà"]) expect(json).not.toContain(secret)
    expect(Redaction.redact(redacted)).toEqual(redacted)
    const erase = [["2027-10-01T09:00", { _tag: "ErasePersonalData", by: system }]] as const
    const original = given(erase, {}, h)
    const fromRedacted = given(erase, {}, { state: Decider.fold(redacted), events: redacted })
    expect(fromRedacted.state).toEqual(original.state)
    const opts = { period: "all", asOf: rome("2027-12-01T00:00") } as const
    expect(Statistics.compute([ticketOf(fromRedacted)], env, opts)).toEqual(Statistics.compute([ticketOf(h)], env, opts))
  })
  it("notes that name an office, a body or a ticket stay; an attachment keeps its type and size only", () => {
    const withFile = content({
      attachments: [{ name: "carta-identita-maria-rossi.pdf", mediaType: "application/pdf", size: 1234, checksum: "sha256:abc" }]
    })
    const h = given([["2027-03-01T10:00", receive({ requester: institution, content: withFile })], ["2027-03-01T10:00", { _tag: "Route", by: system }]])
    const redacted = Redaction.redact(h.events)
    expect(redacted.find((e) => e._tag === "Closed")).toEqual(h.events.find((e) => e._tag === "Closed"))
    const received = redacted[0]!
    expect(received._tag === "Received" && received.content.attachments).toEqual([
      { name: "attachment-1", mediaType: "application/pdf", size: 1234, checksum: Redaction.erasedChecksum }
    ])
    expect(Redaction.checksums(h.events)).toEqual(["sha256:abc"])
    expect(Redaction.checksums(redacted)).toEqual([])
  })
})

describe("B10 an auditable explanation of every deadline", () => {
  it("names the calendar version, the suspension with its reason and the counted days", () => {
    const h = given([["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-documents")], ["2027-09-20T09:00", resume("email")]])
    const e = Ticket.explain(ticketOf(h), env)!
    expect(e.suspensions).toMatchObject([{ reason: "awaiting-documents", mode: "suspend", days: 10 }])
    expect(e.days).toMatchObject({ termDays: 40, suspendedDays: 10, finalDate: "2027-10-26" })
    expect(e.calendarVersions.length).toBeGreaterThan(0)
  })
})

describe("B11 deadlines are derived, never sticky flags", () => {
  it("folding the history from scratch gives the incremental state", () => {
    const h = given([["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-documents")], ["2027-09-20T09:00", resume("fax")], ["2027-09-21T09:00", answer]])
    expect(Decider.fold(h.events)).toEqual(h.state)
  })
})

describe("Known failures of the anchors", () => {
  it("1 (Zammad #5177) a reopening starts its own clock and does not overrule the first answer", () => {
    const h = given([["2027-03-01T10:00", receive()], ["2027-03-02T10:00", answer], ["2027-03-05T10:00", { _tag: "Reopen", by: requesterActor, why: "risposta incompleta" }]])
    const t = ticketOf(h)
    expect(t.cycles.length).toBe(2)
    expect(t.firstAnsweredAt).toBe(rome("2027-03-02T10:00"))
    expect(dueOf(h)).toEqual({ _tag: "Due", at: rome("2027-03-13T00:00") })
  })
  it("2 (Zammad #1322) a reply through any channel resumes a suspended ticket", () => {
    for (const via of ["email", "pec", "phone", "letter", "fax", "web-form", "chat-app"]) {
      const h = given([["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-documents")], ["2027-09-11T12:00", resume(via)]])
      expect(ticketOf(h).status).toBe("open")
    }
  })
  it("3 (Zammad #4353, osTicket #5160) breach is derived: reclassifying to complex clears it", () => {
    const h = given([["2027-03-01T10:00", receive()]])
    expect(Ticket.slaStatus(ticketOf(h), env, rome("2027-03-10T10:00"))._tag).toBe("Breached")
    const reclassified = given([["2027-03-10T10:00", classify("complex")]], {}, h)
    expect(Ticket.slaStatus(ticketOf(reclassified), env, rome("2027-03-10T10:00"))._tag).toBe("Running")
  })
  it("8 (GLPI #6902) paused time survives a change of class", () => {
    const v: Policy.Version = { ...Policy.charter, id: "wider", terms: { "web-form": { "quick-search": Sla.days(40), complex: Sla.days(60) } } }
    const policies = Result.getOrThrow(Policy.make([v]))
    const h = given(
      [["2027-09-06T10:00", receive()], ["2027-09-10T12:00", suspend("awaiting-documents")], ["2027-09-20T09:00", resume("email")], ["2027-09-21T09:00", classify("complex")]],
      { policies }
    )
    // 6 Sep + 60 + 10 suspended days = Mon 15 Nov
    expect(dueOf(h, { policies })).toEqual({ _tag: "Due", at: rome("2027-11-16T00:00") })
  })
  it("9 (Znuny EscalationSuspend) a suspended ticket has no deadline and shows none publicly", () => {
    const h = given([["2027-09-06T10:00", letter()], ["2027-09-10T12:00", suspend("awaiting-documents")]])
    expect(dueOf(h)._tag).toBe("Paused")
    const v = StatusView.view(ticketOf(h), env)
    expect(v.state).toBe("awaiting-documents")
    expect(v.expectedAnswerBy).toBeUndefined()
    expect(v.pausedSince).toBe("2027-09-10")
  })
})

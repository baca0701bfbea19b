/**
 * The pure parts: a form becomes an intake submission, attachments' types are checked against
 * their content, statistics become CSV, and the command schema covers every command of the
 * domain.
 */
import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { TicketCommand, type Statistics } from "@sportello/core"
import { Access, Api, Csv, WebForm } from "@sportello/http"

describe("WebForm", () => {
  it("a form becomes a submission: empty fields are absent, check boxes are consent, the submission id is the idempotency key", () => {
    const result = WebForm.toSubmission({
      submissionId: "abc",
      firstName: "Anna",
      lastName: "Bianchi",
      email: " anna@example.it ",
      phone: "",
      kind: "report",
      subject: "   ",
      text: "Frana sulla strada provinciale",
      consentSms: true,
      attachments: []
    }, "fallback")
    assert.strictEqual(result._tag, "Success")
    if (result._tag !== "Success") return
    assert.deepStrictEqual(result.submission, {
      channel: "web-form",
      idempotencyKey: "abc",
      requester: {
        kind: "citizen",
        identity: { _tag: "Person", firstName: "Anna", lastName: "Bianchi" },
        contacts: [{ _tag: "Email", address: "anna@example.it" }],
        consent: { sms: true, email: false }
      },
      content: { kind: "report", text: "Frana sulla strada provinciale" },
      attachments: []
    })
    const anonymous = WebForm.toSubmission({ kind: "information", text: "x", attachments: [] }, "fallback")
    assert.strictEqual(anonymous._tag === "Success" && anonymous.submission.idempotencyKey, "fallback")
    assert.isFalse(anonymous._tag === "Success" && "identity" in anonymous.submission.requester)
  })

  it("a half name is a problem with the path of the missing half", () => {
    const result = WebForm.toSubmission({ firstName: "Anna", kind: "information", text: "x", attachments: [] }, "k")
    assert.deepStrictEqual(result, { _tag: "Failure", issues: [{ path: ["body", "lastName"], message: "give your last name as well as your first name" }] })
  })

  it("the honeypot and check boxes", () => {
    assert.isTrue(WebForm.isSpam({ homepage: "http://x" }))
    assert.isFalse(WebForm.isSpam({ homepage: " " }))
    assert.isFalse(WebForm.isSpam({}))
    assert.deepStrictEqual(["on", "true", "1", "off", "false", "", undefined].map(WebForm.flag), [true, true, true, false, false, undefined, undefined])
  })

  it("media types are checked against the content", () => {
    const enc = (s: string) => new TextEncoder().encode(s)
    assert.strictEqual(WebForm.mediaTypeOf("application/pdf", enc("%PDF-1.4")), "application/pdf")
    assert.strictEqual(WebForm.mediaTypeOf("Application/PDF; name=x.pdf", enc("%PDF-1.4")), "application/pdf")
    assert.strictEqual(WebForm.mediaTypeOf("application/pdf", enc("MZ\x90")), "application/octet-stream")
    assert.strictEqual(WebForm.mediaTypeOf("image/png", new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "image/png")
    assert.strictEqual(WebForm.mediaTypeOf("image/jpeg", new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), "image/jpeg")
    assert.strictEqual(WebForm.mediaTypeOf("image/jpeg", enc("GIF89a")), "application/octet-stream")
    assert.strictEqual(WebForm.mediaTypeOf("text/plain", enc("così è")), "text/plain")
    assert.strictEqual(WebForm.mediaTypeOf("text/plain", new Uint8Array([0xc3, 0x28])), "application/octet-stream")
    assert.strictEqual(WebForm.mediaTypeOf("application/vnd.openxmlformats-officedocument.wordprocessingml.document", new Uint8Array([0x50, 0x4b, 3, 4])), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert.strictEqual(WebForm.mediaTypeOf("", enc("%PDF")), "application/octet-stream")
    assert.strictEqual(WebForm.mediaTypeOf("application/zip", enc("anything")), "application/zip")
  })
})

describe("Csv", () => {
  it("quotes and defuses cells", () => {
    assert.strictEqual(Csv.cell("plain"), "plain")
    assert.strictEqual(Csv.cell('a,"b"'), '"a,""b"""')
    assert.strictEqual(Csv.cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"")
    assert.strictEqual(Csv.cell("-1"), "'-1")
    assert.strictEqual(Csv.cell(-1), "-1")
    assert.strictEqual(Csv.cell(undefined), "")
  })

  it("one total row and one row per channel for each period", () => {
    const report: Statistics.Report = {
      period: "2027-03",
      received: 3,
      open: 1,
      closed: 2,
      byChannel: { phone: { received: 1, open: 0, closed: 1, judged: 1, onTime: 1 }, "web-form": { received: 2, open: 1, closed: 1, judged: 2, onTime: 1 } },
      byRequesterKind: {},
      byTopic: {},
      byOutcome: {},
      judged: 3,
      onTime: 2,
      onTimeRate: 2 / 3,
      medianTimeToAnswer: 5_400_000
    }
    assert.strictEqual(
      Csv.statistics([report]),
      [
        Csv.header.join(","),
        "2027-03,all,3,1,2,3,2,0.6667,1.5",
        "2027-03,phone,1,0,1,1,1,1,",
        "2027-03,web-form,2,1,1,2,1,0.5,"
      ].join("\r\n") + "\r\n"
    )
  })
})

describe("Csv, when a report has on-time figures per channel", () => {
  it("fills them in the channel rows", () => {
    const phone = { received: 2, open: 0, closed: 2, judged: 2, onTime: 1 }
    const report: Statistics.Report = {
      period: "all",
      received: 2,
      open: 0,
      closed: 2,
      byChannel: { phone },
      byRequesterKind: {},
      byTopic: {},
      byOutcome: {},
      judged: 2,
      onTime: 1,
      onTimeRate: 0.5
    }
    assert.strictEqual(Csv.statistics([report]).split("\r\n")[2], "all,phone,2,0,2,2,1,0.5,")
  })
})

describe("the command schema and the roles", () => {
  it("staff may send every command of the domain but Receive, and each is allowed to some role", () => {
    const domain = Object.keys(TicketCommand.TicketCommand.cases).filter((t) => t !== "Receive").sort()
    assert.deepStrictEqual([...Api.commandTags].sort(), domain)
    for (const tag of domain) {
      assert.isTrue((["operator", "office", "supervisor"] as const).some((role) => Access.mayRun(role, tag)), tag)
      assert.isFalse(Access.mayRun("admin", tag))
    }
    const decode = Schema.decodeUnknownSync(Api.CommandBody)
    assert.deepStrictEqual(decode({ _tag: "Answer", via: "email", language: "it", text: "ok", by: { _tag: "System", component: "x" } }), {
      _tag: "Answer",
      via: "email",
      language: "it",
      text: "ok"
    })
    assert.throws(() => decode({ _tag: "Receive" }))
  })
})

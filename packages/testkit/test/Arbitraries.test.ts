/**
 * The hand-written arbitraries stay within core's models: every value they produce is valid
 * for the core schema it stands for, every calendar and policy builds, every generated history
 * is one the decider produced and folds to its state.
 */
import { describe, expect, it } from "@effect/vitest"
import { Calendar, Channel, Decider, Intake, Policy, Requester, Sla, TicketCode } from "@sportello/core"
import { Arbitraries, Properties } from "@sportello/testkit"
import { Result, Schema } from "effect"
import * as fc from "fast-check"

const is = <S extends Schema.Top>(schema: S) => Schema.is(schema as never) as (u: unknown) => boolean
const params = <T>(weight = 1) => Properties.parameters<T>(100, {}, weight)

describe("Arbitraries produce values of core's models", () => {
  it("requesters, contents and submissions decode with the core schemas", () => {
    fc.assert(
      fc.property(Arbitraries.anySubmission(), (s) => {
        expect(is(Arbitraries.schemas.requester)(s.requester), JSON.stringify(s.requester)).toBe(true)
        expect(is(Arbitraries.schemas.content)(s.content), JSON.stringify(s.content)).toBe(true)
        if (!s.channel.attachments) expect(s.content.attachments).toEqual([])
        if (s.channel.declaresLanguage) expect(s.content.language).toBeDefined()
      }),
      params()
    )
  })

  it("a requester made answerable through a channel is answerable through it (R4)", () => {
    fc.assert(
      fc.property(Arbitraries.channel.chain((ch) => Arbitraries.requester({ answerableThrough: ch }).map((r) => [ch, r] as const)), ([ch, r]) => {
        expect(Requester.isAnswerable(r, ch)).toBe(true)
        if (r.kind === "citizen") expect(r.identity?._tag).toBe("Person")
        else expect(r.identity?._tag).toBe("Organisation")
      }),
      params()
    )
  })

  it("generated addresses use reserved example domains", () => {
    fc.assert(
      fc.property(Arbitraries.requester(), (r) => {
        for (const c of r.contacts) if (c._tag === "Email" || c._tag === "Pec") expect(c.address).toMatch(/@([a-z0-9-]+\.)*example\.(it|com|org)$/)
      }),
      params()
    )
  })

  it("Receive commands decode, and are screened as the channel allows", () => {
    fc.assert(
      fc.property(Arbitraries.channel.chain((ch) => Arbitraries.receive(ch, { answerable: true })), (command) => {
        expect(is(Arbitraries.schemas.command)(command)).toBe(true)
        expect(command.screening.answerable).toBe("yes")
      }),
      params()
    )
  })

  it("ticket codes are valid; as typed they parse back; one symbol changed they are refused", () => {
    fc.assert(
      fc.property(Arbitraries.typedTicketCode, Arbitraries.mistypedTicketCode, ({ code, typed }, wrong) => {
        expect(is(Arbitraries.schemas.ticketCode)(code)).toBe(true)
        expect(TicketCode.parse(typed)).toEqual(Result.succeed(code))
        const parsed = TicketCode.parse(wrong)
        expect(Result.isFailure(parsed) && parsed.failure.reason).toBe("check")
      }),
      params()
    )
  })

  it("calendar inputs build, and instants are whole minutes", () => {
    fc.assert(
      fc.property(Arbitraries.calendarInput().chain((input) => {
        const cal = Calendar.makeUnsafe(input)
        return Arbitraries.instant(cal).map((t) => ({ input, t }))
      }), ({ input, t }) => {
        expect(is(Arbitraries.schemas.calendarInput)(input)).toBe(true)
        expect(Result.isSuccess(Calendar.makeResult(input))).toBe(true)
        expect(t % 60_000).toBe(0)
      }),
      params()
    )
  })

  it("clock histories are well formed", () => {
    fc.assert(
      fc.property(Arbitraries.calendar().chain((cal) => Arbitraries.clock(cal)), (clock) => {
        expect(Result.isSuccess(Sla.validateClock(clock))).toBe(true)
      }),
      params()
    )
  })

  it("terms decode, and policy books are accepted by Policy.make", () => {
    fc.assert(
      fc.property(Arbitraries.term(), Arbitraries.policyBook(), (term, book) => {
        expect(is(Arbitraries.schemas.term)(term)).toBe(true)
        expect(Result.isSuccess(Policy.make(book.versions))).toBe(true)
      }),
      params()
    )
  })

  it("histories are produced by the decider: events decode and fold to the state", () => {
    let events = 0
    fc.assert(
      fc.property(Arbitraries.history(), (h) => {
        expect(h.batches.flat()).toEqual(h.events)
        for (const e of h.events) expect(is(Arbitraries.schemas.event)(e), JSON.stringify(e)).toBe(true)
        expect(Decider.fold(h.events)).toEqual(h.state)
        events += h.events.length
      }),
      params()
    )
    expect(events).toBeGreaterThan(0)
  })

  it("command sequences reach most kinds of event", () => {
    const seen = new Set<string>()
    fc.assert(
      fc.property(Arbitraries.history({ maxLength: 40 }), (h) => {
        for (const e of h.events) seen.add(e._tag)
      }),
      { ...params(), numRuns: Math.max(200, Properties.runs(100)) }
    )
    for (const tag of ["Received", "Classified", "Suspended", "Resumed", "Answered", "Closed", "Reopened", "NoteAdded"]) {
      expect([...seen], tag).toContain(tag)
    }
  })

  it("the keyword detector recognises the generated Italian and English texts", () => {
    fc.assert(
      fc.property(Arbitraries.content({ declareLanguage: false, emergencyWeight: 0, foreignWeight: 0, shortWeight: 0 }), (c) => {
        const verdict = Intake.assessLanguage(c, Policy.charter.language, Arbitraries.keywordDetector)
        expect(verdict._tag, c.text).toBe("Supported")
      }),
      params()
    )
  })

  it("fromSchema gives values valid for the schema", () => {
    fc.assert(
      fc.property(Arbitraries.fromSchema(Requester.Requester), Arbitraries.fromSchema(Sla.Term), (r, t) => {
        expect(is(Requester.Requester)(r)).toBe(true)
        expect(is(Sla.Term)(t)).toBe(true)
      }),
      params(0.5)
    )
  })

  it("literal arbitraries follow the core schemas", () => {
    fc.assert(fc.property(Arbitraries.complexity, Arbitraries.outcome, (c, o) => {
      expect(Channel.Complexity.literals).toContain(c)
      expect(is(Schema.Literals(["answered", "forwarded", "redirected", "unanswerable-no-reply-address", "unsupported-language", "documents-not-received", "duplicate", "withdrawn"]))(o)).toBe(true)
    }), params(0.2))
  })
})

/**
 * Model-based test of the ticket life-cycle: fast-check drives random command sequences
 * through decide/evolve and compares them with a simple model, checking after every step:
 * - a closed ticket has no running clock;
 * - a suspended ticket has no deadline;
 * - folding the history from scratch equals the incremental state;
 * - every refusal is a typed error (TicketRefused), never an exception;
 * - a requester is contacted only with consent and a contact point, once per campaign (R21);
 * - a redacted history gives the same deadline, status and statistics fact (B9);
 * - the model's predictions of acceptance and status hold.
 */
import { describe, expect, it } from "@effect/vitest"
import { Result } from "effect"
import { Channel, Decider, Redaction, type Requester, Statistics, StatusView, Ticket, type TicketCommand, TicketCode } from "@sportello/core"
import fc from "fast-check"
import { citizen, content, context, env, operator, receive, rome, system } from "./fixtures.ts"
import { propertyOptions } from "./property.ts"

interface Model {
  status: "unreceived" | "open" | "suspended" | "closed"
  channel: string
  complexity: Channel.Complexity
  outcome?: string
  closedAt?: number
  /** The current cycle has been suspended: only a suspendable term may follow (R14). */
  suspendedInCycle?: boolean
  requester: Requester.Requester
  erased: boolean
  campaigns: ReadonlyArray<string>
}

interface Real {
  state: Ticket.State
  events: Array<import("@sportello/core").TicketEvent.TicketEvent>
  now: number
}

const DAY = 86_400_000

const termDays = (m: Model): number | undefined => {
  const channel = Channel.find(env.channels, m.channel)!
  const term = channel.defaultTerms[m.complexity]
  return term._tag === "Days" ? term.days : undefined
}

/** What the model expects of a command: accepted (with the new model) or refused. */
const expectOf = (m: Model, c: TicketCommand.TicketCommand, now: number): Model | "refused" => {
  const open = m.status === "open" || m.status === "suspended"
  switch (c._tag) {
    case "Receive":
      if (m.status !== "unreceived") return "refused"
      return { ...m, status: "open", channel: c.channel, complexity: "quick-search" }
    case "Classify":
      if (!open || c.complexity === m.complexity) return "refused"
      if (m.suspendedInCycle && (termDays({ ...m, complexity: c.complexity }) ?? 0) < 40) return "refused"
      return { ...m, complexity: c.complexity }
    case "Suspend":
      if (m.status !== "open" || (termDays(m) ?? 0) < 40) return "refused"
      return { ...m, status: "suspended", suspendedInCycle: true }
    case "Resume":
      return m.status === "suspended" ? { ...m, status: "open" } : "refused"
    case "Answer":
      return m.status === "open" ? { ...m, status: "closed", outcome: "answered", closedAt: now } : "refused"
    case "Close":
      return open ? { ...m, status: "closed", outcome: c.outcome, closedAt: now } : "refused"
    case "Reopen":
      return m.status === "closed" && m.outcome !== "duplicate" && !m.erased && now - m.closedAt! <= 30 * DAY
        ? { ...m, status: "open", suspendedInCycle: false }
        : "refused"
    case "MergeInto":
      return open ? { ...m, status: "closed", outcome: "duplicate", closedAt: now } : "refused"
    case "AddNote":
      return m.status === "unreceived" ? "refused" : m
    case "ErasePersonalData":
      return m.status === "closed" && !m.erased ? { ...m, erased: true } : "refused"
    case "Contact": {
      if (m.status === "unreceived" || m.campaigns.includes(c.campaign) || m.erased) return "refused"
      const consent = m.requester.consent?.[c.via] === true
      const point = m.requester.contacts.some((p) => (c.via === "sms" ? p._tag === "Phone" : p._tag === "Email" || p._tag === "Pec"))
      return consent && point ? { ...m, campaigns: [...m.campaigns, c.campaign] } : "refused"
    }
    default:
      return "unknown" as never
  }
}

const checkInvariants = (real: Real) => {
  expect(Decider.fold(real.events)).toEqual(real.state)
  if (real.state._tag !== "Ticket") return
  const t = real.state
  const cycle = Ticket.currentCycle(t)
  if (t.status === "closed") {
    expect(cycle.stoppedAt).toBeDefined()
    expect(Ticket.openSuspension(t)).toBeUndefined()
  }
  if (t.status === "suspended") {
    expect(Ticket.openSuspension(t)).toBeDefined()
    expect(Ticket.deadline(t, env)._tag).toBe("Paused")
  } else {
    expect(Ticket.openSuspension(t)).toBeUndefined()
  }
  if (t.status === "open") expect(cycle.stoppedAt).toBeUndefined()
  if (t.erased) expect(t.requester).toEqual({ kind: t.requester.kind, contacts: [] })
  const contacted = real.events.filter((e) => e._tag === "Contacted").map((e) => e._tag === "Contacted" && e.campaign)
  expect(new Set(contacted).size).toBe(contacted.length)
  expect(t.campaigns).toEqual(contacted)
  const redacted = Decider.fold(Redaction.redact(real.events)) as Ticket.Ticket
  expect(Statistics.factOf(redacted, env)).toEqual(Statistics.factOf(t, env))
  expect(StatusView.view(redacted, env)).toEqual(StatusView.view(t, env))
  expect(Ticket.deadline(redacted, env)).toEqual(Ticket.deadline(t, env))
}

class Step implements fc.Command<Model, Real> {
  readonly command: TicketCommand.TicketCommand
  readonly advance: number
  constructor(command: TicketCommand.TicketCommand, advance: number) {
    this.command = command
    this.advance = advance
  }
  check = () => true
  run(model: Model, real: Real): void {
    const now = real.now + this.advance
    const expected = expectOf(model, this.command, now)
    let result: ReturnType<typeof Decider.run>
    try {
      result = Decider.run(this.command, real.state, context(now))
    } catch (error) {
      throw new Error(`${this.command._tag} threw instead of returning a typed refusal: ${String(error)}`)
    }
    real.now = now
    if (Result.isFailure(result)) {
      expect(result.failure).toBeInstanceOf(Decider.TicketRefused)
      expect(result.failure.message.length).toBeGreaterThan(0)
      expect(expected, `${this.command._tag} refused: ${result.failure.message}`).toBe("refused")
      return
    }
    expect(expected, `${this.command._tag} was accepted`).not.toBe("refused")
    real.state = result.success.state
    real.events.push(...result.success.events)
    Object.assign(model, expected)
    if (expected !== "refused" && expected.outcome === undefined) delete model.outcome
    expect(real.state._tag === "Ticket" && real.state.status).toBe(model.status)
    expect(real.state._tag === "Ticket" && real.state.campaigns).toEqual(model.campaigns)
    checkInvariants(real)
  }
  toString = () => `${this.command._tag}${"complexity" in this.command ? `(${this.command.complexity})` : ""}+${Math.round(this.advance / 60_000)}m`
}

const advance = fc.oneof(fc.integer({ min: 0, max: 120 }).map((m) => m * 60_000), fc.integer({ min: 1, max: 50 }).map((d) => d * DAY))
const target = TicketCode.fromValues(Array(14).fill(4))

const command: fc.Arbitrary<TicketCommand.TicketCommand> = fc.oneof(
  fc.constantFrom(Channel.webForm, Channel.letter, Channel.phone).map((channel) => receive({ channel, content: content() })),
  fc.constantFrom<Channel.Complexity>("knowledge-base", "quick-search", "complex").map((complexity) => ({ _tag: "Classify", by: operator, complexity }) as const),
  fc.constantFrom("awaiting-documents", "awaiting-administration").map((reason) => ({ _tag: "Suspend", by: operator, reason }) as const),
  fc.constantFrom("email", "pec", "phone", "letter").map((via) => ({ _tag: "Resume", by: { _tag: "Requester" }, via }) as const),
  fc.constant({ _tag: "Answer", by: operator, via: "email", language: "it" } as const),
  fc.constant({ _tag: "Close", by: operator, outcome: "withdrawn" } as const),
  fc.constant({ _tag: "Reopen", by: system, why: "nuovi elementi" } as const),
  fc.constant({ _tag: "MergeInto", by: operator, target } as const),
  fc.constant({ _tag: "AddNote", by: operator, text: "nota" } as const),
  fc.constant({ _tag: "ErasePersonalData", by: system } as const),
  fc.tuple(fc.constantFrom("allerta-meteo", "sondaggio"), fc.constantFrom("sms", "email") as fc.Arbitrary<"sms" | "email">)
    .map(([campaign, via]) => ({ _tag: "Contact", by: operator, campaign, via }) as const)
)

/** Requesters with and without consent, with and without a phone (the fixtures' citizen has both an e-mail and a phone). */
const requester: fc.Arbitrary<Requester.Requester> = fc.constantFrom<Requester.Requester>(
  citizen,
  { ...citizen, consent: { sms: true, email: false } },
  { ...citizen, consent: { sms: true, email: true } },
  { ...citizen, contacts: [{ _tag: "Email", address: "a@example.it" }], consent: { sms: true, email: true } }
)

describe("ticket life-cycle against a model", () => {
  it("random command sequences keep the invariants", () => {
    let accepted = 0
    let contacted = 0
    fc.assert(
      fc.property(
        fc.constantFrom(Channel.webForm, Channel.letter, Channel.phone),
        requester,
        fc.commands([fc.tuple(command, advance).map(([c, a]) => new Step(c, a))], { maxCommands: 40 }),
        (channel, who, commands) => {
          const model: Model = { status: "unreceived", channel: "web-form", complexity: "quick-search", requester: who, erased: false, campaigns: [] }
          const real: Real = { state: Ticket.unreceived, events: [], now: rome("2027-01-04T10:00") }
          fc.modelRun(() => ({ model, real }), [new Step(receive({ channel, requester: who, content: content() }), 0), ...commands])
          accepted += real.events.length
          contacted += real.events.filter((e) => e._tag === "Contacted").length
        }
      ),
      propertyOptions(300)
    )
    expect(accepted).toBeGreaterThan(0)
    expect(contacted, "some contacts were accepted").toBeGreaterThan(0)
  })
})

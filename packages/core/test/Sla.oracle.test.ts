/**
 * Property tests: `Sla.deadline` against the brute-force oracle of test/oracle/Oracle.ts
 * (written from sla-semantics.md alone), and the laws every deadline must obey.
 *
 * Seed and run count come from SPORTELLO_PROPERTY_SEED / SPORTELLO_PROPERTY_RUNS (see
 * test/oracle/Arbitraries.ts); `npm run test:properties` runs them 5000 times.
 */
import { Calendar, Sla } from "@sportello/core"
import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import {
  type ClockCase,
  clockCaseArb,
  dateCaseArb,
  params,
  readableCase,
  REASONS,
  ROME,
  roundTheClock,
  serviceMinutesArb,
  termArb,
  timeoutFor,
  transitionsOf
} from "./oracle/Arbitraries.ts"
import { pairOf, show } from "./oracle/Harness.ts"
import {
  addDays,
  type CalendarInput,
  type Clock,
  type Deadline,
  defaultPolicy,
  departmentInput,
  makeOracle,
  MINUTE,
  pinnedCases,
  type SuspensionPolicy,
  type Term
} from "./oracle/Oracle.ts"

// The oracle re-declares the contract's shapes; these casts only bridge the two declarations.
const slaTerm = (term: Term): Sla.Term => term as Sla.Term
const slaClock = (clock: Clock): Sla.Clock => clock as Sla.Clock
const slaPolicy = (policy: SuspensionPolicy): Sla.SuspensionPolicy => policy as Sla.SuspensionPolicy

const implDeadline = (c: ClockCase): Deadline =>
  Sla.deadline(pairOf(c.input).cal, slaTerm(c.term), slaClock(c.clock), slaPolicy(c.policy))

/** Compares the implementation's deadline with the oracle's, with a readable message. */
const agrees = (c: ClockCase): void => {
  const { oracle } = pairOf(c.input)
  const expected = oracle.deadline(c.term, c.clock, c.policy)
  const actual = implDeadline(c)
  const zone = oracle.timeZone
  expect(
    actual,
    `deadline of ${show(zone, c.term)} for ${show(zone, c.clock)} under ${JSON.stringify(c.policy)}:\n` +
      `  got      ${show(zone, actual)}\n  expected ${show(zone, expected)}`
  ).toEqual(expected)
}

const daysTerm = (): fc.Arbitrary<Term> =>
  fc.oneof(fc.constantFrom(1, 7, 40), fc.integer({ min: 0, max: 60 })).map((days): Term => ({ _tag: "Days", days }))

/** serviceTime(d) with d ≥ 1 minute (d = 0 has a property of its own, below). */
const serviceTimeTerm = (input: CalendarInput): fc.Arbitrary<Term> =>
  serviceMinutesArb(input).map((minutes): Term => ({ _tag: "ServiceTime", minutes: Math.max(1, minutes) }))

/** Any term but serviceTime(0) (which has a property of its own, below). */
const nonZeroTerm = (input: CalendarInput): fc.Arbitrary<Term> =>
  termArb(input).map((t): Term => (t._tag === "ServiceTime" && t.minutes === 0 ? { ...t, minutes: 1 } : t))

const shortTerm = (): fc.Arbitrary<Term> => fc.constantFrom<Term>({ _tag: "SameDay" }, { _tag: "NextServiceDay" })

/** Policies in which no reason has `maxDays`, so that an open suspension stays open. */
const uncappedPolicy: fc.Arbitrary<SuspensionPolicy> = fc
  .tuple(
    fc.constantFrom("suspend" as const, "interrupt" as const),
    fc.constantFrom("suspend" as const, "interrupt" as const),
    fc.boolean()
  )
  .map(([a, d, autoClose]) => ({
    "awaiting-administration": { mode: a },
    "awaiting-documents": autoClose ? { mode: d, autoClose: { _tag: "Days", days: 40 } } : { mode: d }
  }))

/**
 * A suspension that starts within three days before a DST change (or on its day, late in the
 * evening) under a reason with a small `maxDays`, so that the cap falls on the other side of
 * the change; a Rome calendar, the term days(N) or serviceTime(d).
 */
const cappedNearDstArb: fc.Arbitrary<ClockCase> = fc
  .tuple(
    fc.constantFrom(...transitionsOf(ROME)),
    fc.oneof(fc.integer({ min: 0, max: 3 * 24 * 60 }), fc.integer({ min: -24 * 60, max: 0 })),
    fc.integer({ min: 0, max: 4 }),
    fc.constantFrom("suspend" as const, "interrupt" as const),
    fc.boolean(),
    fc.oneof(
      fc.integer({ min: 0, max: 20 }).map((days): Term => ({ _tag: "Days", days })),
      fc.integer({ min: 1, max: 600 }).map((minutes): Term => ({ _tag: "ServiceTime", minutes }))
    ),
    fc.constantFrom<CalendarInput>(departmentInput, roundTheClock(ROME))
  )
  .map(([transition, before, maxDays, mode, open, term, input]) => {
    const from = transition - before * MINUTE
    const suspension = open
      ? { reason: "awaiting-administration", from }
      : { reason: "awaiting-administration", from, to: from + (maxDays + 2) * 24 * 60 * MINUTE }
    return readableCase({
      input,
      term,
      clock: { receivedAt: from - 60 * MINUTE, suspensions: [suspension] },
      policy: { "awaiting-administration": { mode, maxDays }, "awaiting-documents": { mode: "suspend" } }
    })
  })

/**
 * The Department's calendar with an emergency period (often over a DST change, sometimes
 * open-ended), a receipt before or inside it, and a suspension that starts inside it and ends
 * after it (or is still open); terms days(N) and serviceTime(d).
 */
const suspensionAcrossEmergencyArb: fc.Arbitrary<ClockCase> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...transitionsOf(ROME)).chain((t) => fc.integer({ min: -3 * 24 * 60, max: 0 }).map((m) => t + m * MINUTE)),
      fc.integer({ min: Date.UTC(2024, 0, 1) / MINUTE, max: Date.UTC(2030, 11, 31) / MINUTE }).map((m) => m * MINUTE)
    ),
    fc.integer({ min: 60, max: 5 * 24 * 60 }), // emergency length
    fc.boolean(), // emergency open-ended
    fc.integer({ min: -2 * 24 * 60, max: 0 }), // receipt relative to the emergency start
    fc.double({ min: 0, max: 1, noNaN: true }), // where the suspension starts inside it
    fc.integer({ min: 0, max: 4 * 24 * 60 }), // how long after the emergency it ends
    fc.boolean(), // suspension still open
    fc.constantFrom(...REASONS),
    fc.oneof(
      fc.constantFrom(7, 40).map((days): Term => ({ _tag: "Days", days })),
      fc.integer({ min: 1, max: 2000 }).map((minutes): Term => ({ _tag: "ServiceTime", minutes }))
    )
  )
  .map(([from, length, openEmergency, receipt, where, after, openSuspension, reason, term]) => {
    const to = from + length * MINUTE
    const emergency = openEmergency
      ? { id: "e", from: new Date(from).toISOString() }
      : { id: "e", from: new Date(from).toISOString(), to: new Date(to).toISOString() }
    const receivedAt = from + receipt * MINUTE
    const sFrom = Math.max(receivedAt, from + Math.floor(where * length) * MINUTE)
    const sTo = Math.max(sFrom, to + after * MINUTE)
    return readableCase({
      input: { ...departmentInput, emergencies: [emergency] },
      term,
      clock: { receivedAt, suspensions: [openSuspension ? { reason, from: sFrom } : { reason, from: sFrom, to: sTo }] },
      policy: defaultPolicy
    })
  })

describe("Sla.deadline agrees with the brute-force oracle", () => {
  it("sameDay and nextServiceDay, without suspensions", () => {
    fc.assert(
      fc.property(clockCaseArb({ term: shortTerm, policy: fc.constant(defaultPolicy) }), (c) =>
        agrees({ ...c, clock: { receivedAt: c.clock.receivedAt, suspensions: [] } })),
      params()
    )
  }, timeoutFor())

  it("sameDay and nextServiceDay, with suspensions and interruptions", () => {
    fc.assert(fc.property(clockCaseArb({ term: shortTerm }), agrees), params())
  }, timeoutFor())

  it("days(N), with suspensions (suspend and interrupt modes, maxDays caps)", () => {
    fc.assert(fc.property(clockCaseArb({ term: daysTerm }), agrees), params())
  }, timeoutFor())

  it("serviceTime(d), with suspended intervals skipped (suspend mode, no caps)", () => {
    const suspendOnly = fc.constant<SuspensionPolicy>({
      "awaiting-administration": { mode: "suspend" },
      "awaiting-documents": { mode: "suspend", autoClose: { _tag: "Days", days: 40 } }
    })
    fc.assert(fc.property(clockCaseArb({ term: serviceTimeTerm, policy: suspendOnly }), agrees), params())
  }, timeoutFor())

  it("serviceTime(d), with suspensions, interruptions and maxDays caps", () => {
    fc.assert(fc.property(clockCaseArb({ term: serviceTimeTerm }), agrees), params())
  }, timeoutFor())

  it("any term and history under the Department's default calendar and policy", () => {
    const input = Calendar.departmentDefaultInput as CalendarInput
    fc.assert(
      fc.property(
        clockCaseArb({ term: nonZeroTerm, policy: fc.constant(defaultPolicy) }).map((c) => ({ ...c, input })),
        agrees
      ),
      params()
    )
  }, timeoutFor())

  it("serviceTime(0) is due at the start of counting: r in service time, else the next start (never before r)", () => {
    // "start at r if r is in service time, else at the next start of service time. The
    // deadline is the instant at which the counted time reaches d." With d = 0 the count
    // reaches d where it starts.
    fc.assert(
      fc.property(
        clockCaseArb({ term: () => fc.constant<Term>({ _tag: "ServiceTime", minutes: 0 }), policy: fc.constant(defaultPolicy) })
          .map((c) => ({ ...c, clock: { receivedAt: c.clock.receivedAt, suspensions: [] } })),
        agrees
      ),
      params(0.5)
    )
  }, timeoutFor(0.5))

  it("maxDays ends a suspension at the same local wall time maxDays dates later, across DST changes", () => {
    fc.assert(fc.property(cappedNearDstArb, agrees), params())
  }, timeoutFor())

  it("a suspension spanning an emergency period (known failure 10 of the anchors)", () => {
    fc.assert(fc.property(suspensionAcrossEmergencyArb, agrees), params())
  }, timeoutFor())

  it("the default calendar is the one sla-semantics.md describes", () => {
    const dept = Calendar.departmentDefault
    const oracle = makeOracle(departmentInput)
    fc.assert(
      fc.property(dateCaseArb, ({ date }) => {
        for (const d of [date, addDays(date, 1), addDays(date, 2)]) {
          expect(Calendar.isServiceDay(dept, d), `isServiceDay(${d}) in the default calendar`).toBe(oracle.isServiceDay(d))
          expect(Calendar.endOfService(dept, d), `endOfService(${d}) in the default calendar`).toBe(oracle.endOfService(d))
        }
      }),
      params()
    )
  }, timeoutFor())
})

describe("Laws of deadlines", () => {
  const due = (d: Deadline, what: string): number => {
    if (d._tag !== "Due") throw new Error(`${what}: expected a Due deadline, got ${JSON.stringify(d)}`)
    return d.at
  }

  it("a suspension never makes a deadline earlier", () => {
    // Removing any one ended suspension (not only the last) must not move the deadline later:
    // with it, the clock was held at least as long.
    fc.assert(
      fc.property(
        fc.oneof(clockCaseArb({ allowOpen: false }), cappedNearDstArb).filter((c) =>
          c.term._tag !== "Immediate" && c.clock.suspensions.length > 0
        ),
        (c) => {
          const zone = pairOf(c.input).oracle.timeZone
          const full = due(implDeadline(c), "with every suspension")
          const without = (i: number) => c.clock.suspensions.filter((_, j) => j !== i)
          for (let i = 0; i < c.clock.suspensions.length; i++) {
            const fewer = { ...c, clock: { ...c.clock, suspensions: without(i) } }
            const at = due(implDeadline(fewer), `without suspension #${i}`)
            expect(
              full,
              `with all ${c.clock.suspensions.length} suspensions the deadline is ${show(zone, full)}; ` +
                `without suspension #${i} ${show(zone, c.clock.suspensions[i])} it is ${show(zone, at)}`
            ).toBeGreaterThanOrEqual(at)
          }
          expect(full, "no suspension at all").toBeGreaterThanOrEqual(
            due(implDeadline({ ...c, clock: { ...c.clock, suspensions: [] } }), "without suspensions")
          )
        }
      ),
      params()
    )
  }, timeoutFor())

  it("a serviceTime deadline lies in service time or at its end, outside every suspension", () => {
    fc.assert(
      fc.property(
        // Without maxDays, so that every suspension lasts exactly [from, to).
        clockCaseArb({ term: serviceTimeTerm, allowOpen: false, policy: uncappedPolicy }),
        (c) => {
          const { cal, fmt } = pairOf(c.input)
          const at = due(implDeadline(c), "serviceTime")
          const last = at - MINUTE
          expect(Calendar.isServiceTime(cal, last), `the minute before the deadline ${fmt(at)} is service time`).toBe(true)
          for (const s of c.clock.suspensions) {
            const suspended = s.from <= last && s.to !== undefined && last < s.to
            expect(suspended, `the minute before ${fmt(at)} is not suspended (${fmt(s.from)} → ${fmt(s.to)})`).toBe(false)
          }
        }
      ),
      params()
    )
  }, timeoutFor())

  it("a days(N) deadline is 00:00 local of the day after a service day", () => {
    fc.assert(
      fc.property(clockCaseArb({ term: daysTerm, allowOpen: false }), (c) => {
        const { cal, fmt } = pairOf(c.input)
        const at = due(implDeadline(c), "days")
        const date = Calendar.localDate(cal, at)
        expect(Calendar.startOfDay(cal, date), `${fmt(at)} is the start of ${date}`).toBe(at)
        expect(Calendar.isServiceDay(cal, addDays(date, -1)), `${addDays(date, -1)} is a service day`).toBe(true)
      }),
      params()
    )
  }, timeoutFor())

  it("an open suspension gives Paused (no deadline), never a moving one", () => {
    fc.assert(
      fc.property(
        clockCaseArb({ allowOpen: true, policy: uncappedPolicy }).filter((c) =>
          c.term._tag !== "Immediate" && c.clock.suspensions.at(-1)?.to === undefined && c.clock.suspensions.length > 0
        ),
        fc.array(fc.integer({ min: 0, max: 120 * 24 * 60 }), { minLength: 1, maxLength: 4 }),
        (c, offsets) => {
          const { cal, fmt } = pairOf(c.input)
          const open = c.clock.suspensions.at(-1)!
          const d = implDeadline(c)
          expect(d._tag, `deadline with a suspension open since ${fmt(open.from)}: ${show(pairOf(c.input).oracle.timeZone, d)}`)
            .toBe("Paused")
          if (d._tag === "Paused") {
            expect(d.since).toBe(open.from)
            expect(d.reason).toBe(open.reason)
          }
          for (const offset of offsets) {
            const at = open.from + offset * MINUTE
            const s = Sla.status(cal, slaTerm(c.term), slaClock(c.clock), at, { policy: slaPolicy(c.policy) })
            expect(s._tag, `status at ${fmt(at)} with a suspension open since ${fmt(open.from)}`).toBe("Paused")
            if (s._tag === "Paused") expect(s.since, `paused since, at ${fmt(at)}`).toBe(open.from)
          }
        }
      ),
      params()
    )
  }, timeoutFor())

  it("status is derived from the deadline: Running or AtRisk before it, Breached from it", () => {
    fc.assert(
      fc.property(
        clockCaseArb({ allowOpen: false, policy: uncappedPolicy }).filter((c) => c.term._tag !== "Immediate"),
        fc.integer({ min: -10 * 24 * 60, max: 10 * 24 * 60 }),
        (c, offset) => {
          const { cal, fmt } = pairOf(c.input)
          const at = due(implDeadline(c), "deadline")
          // Look only after the whole history is known (status reads the history up to `now`).
          const known = Math.max(c.clock.receivedAt, ...c.clock.suspensions.map((s) => s.to ?? s.from))
          const now = Math.max(known, at + offset * MINUTE)
          const s = Sla.status(cal, slaTerm(c.term), slaClock(c.clock), now, { policy: slaPolicy(c.policy) })
          const what = `status at ${fmt(now)} with the deadline ${fmt(at)}: ${show(pairOf(c.input).oracle.timeZone, s)}`
          if (now < at) {
            expect(["Running", "AtRisk"], what).toContain(s._tag)
            if (s._tag === "Running" || s._tag === "AtRisk") {
              expect(s.due, what).toBe(at)
              expect(s.remaining, what).toBe(at - now)
            }
          } else {
            expect(s, what).toEqual({ _tag: "Breached", due: at, overdue: now - at })
          }
        }
      ),
      params()
    )
  }, timeoutFor())

  it("explain(...).deadline equals deadline(...)", () => {
    fc.assert(
      fc.property(clockCaseArb(), (c) => {
        const { cal } = pairOf(c.input)
        const explanation = Sla.explain(cal, slaTerm(c.term), slaClock(c.clock), slaPolicy(c.policy))
        expect(explanation.deadline).toEqual(implDeadline(c))
        // …and it is serialisable.
        expect(JSON.parse(JSON.stringify(explanation))).toEqual(explanation)
      }),
      params()
    )
  }, timeoutFor())

  it("immediate has no deadline, whatever the history", () => {
    fc.assert(
      fc.property(clockCaseArb({ term: () => fc.constant<Term>({ _tag: "Immediate" }) }), (c) => {
        expect(implDeadline(c)).toEqual({ _tag: "NoDeadline" })
      }),
      params(0.25)
    )
  }, timeoutFor(0.25))

  it("the reasons of the default policy are the charter's", () => {
    expect(Object.keys(Sla.defaultSuspensionPolicy).sort()).toEqual([...REASONS].sort())
    expect(Sla.defaultSuspensionPolicy).toEqual(defaultPolicy)
  })
})

describe("Minimal counterexamples found by the oracle (the implementation should give the oracle's answer)", () => {
  for (const c of pinnedCases) {
    it(c.name, () => {
      agrees({ input: c.input, term: c.term, clock: c.clock, policy: c.policy })
      expect(implDeadline({ input: c.input, term: c.term, clock: c.clock, policy: c.policy }), c.rule).toEqual(c.expected)
    })
  }
})

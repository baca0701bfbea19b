/**
 * The laws of the SLA clock as reusable property suites: a tester checks *their* calendar and
 * *their* policy in a few lines.
 *
 * ```ts no-run
 * import { slaLaws } from "@sportello/testkit"
 * slaLaws(myCalendar, { policy: myPolicy })
 * ```
 *
 * registers one Vitest test per law; {@link check} runs the same laws without a test runner
 * and throws the first counterexample. The receipt instants are drawn where calendars go
 * wrong (daylight-saving changes, 17:59/18:00, holidays, emergency periods, version changes);
 * the terms are those the policy gives each channel and complexity, plus any you add; the
 * suspensions use the policy's reasons with their rules (suspend or interrupt, caps). A
 * counterexample is written with local ISO instants of the calendar's zone, e.g.
 * `2027-03-28T03:00:00+02:00`.
 *
 * @since 0.1.0
 */
import { describe, it } from "@effect/vitest"
import { Calendar, Channel, Policy, Sla } from "@sportello/core"
import * as fc from "fast-check"
import * as Arbitraries from "./Arbitraries.ts"
import { addDays, describeValue, formatLocal, MINUTE } from "./internal/time.ts"
import * as Properties from "./Properties.ts"

/**
 * What the laws are checked against, and how hard.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Properties.Options {
  /** The policy whose terms and suspension rules are checked (default: the charter). A book checks every version. */
  readonly policy?: Policy.Version | Policy.Book
  /** The channels whose terms the policy gives (default: the charter's seven). */
  readonly channels?: Channel.Registry
  /** More terms to check besides the policy's (e.g. `Sla.serviceTime({ hours: 4 })`). */
  readonly terms?: ReadonlyArray<Sla.Term>
  /** Receipt instants fall in these years (default 2025–2030). */
  readonly years?: readonly [number, number]
  /** Name of the Vitest `describe` block (default: the calendar's version ids). */
  readonly name?: string
}

/**
 * One generated situation: a term, the clock's history and the suspension rules it is judged
 * by, with the policy version they come from. Prints its instants as local ISO time.
 *
 * @since 0.1.0
 * @category models
 */
export interface Case {
  readonly term: Sla.Term
  readonly clock: Sla.Clock
  readonly policy: Sla.SuspensionPolicy
  readonly policyVersion: string
}

/**
 * A law: a name a person reads in the test report, and the fast-check property that checks it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Law {
  readonly name: string
  readonly property: fc.IRawProperty<unknown>
  /** Share of the run count this law uses (cheap laws run more). */
  readonly weight: number
}

const versionsOf = (policy: Options["policy"]): ReadonlyArray<Policy.Version> =>
  policy === undefined ? [Policy.charter] : "versions" in policy ? policy.versions : [policy]

const key = (t: Sla.Term) => JSON.stringify(t)

const uniqueTerms = (terms: ReadonlyArray<Sla.Term>): ReadonlyArray<Sla.Term> => [...new Map(terms.map((t) => [key(t), t])).values()]

/** The terms a version gives every channel and complexity, plus the extra ones. */
const termsOf = (version: Policy.Version, options: Options): ReadonlyArray<Sla.Term> => {
  const channels = [...(options.channels ?? Channel.defaultRegistry).channels.values()]
  const complexities = Channel.Complexity.literals
  return uniqueTerms([...channels.flatMap((ch) => complexities.map((cx) => Policy.termFor(version, ch, cx))), ...(options.terms ?? [])])
}

class LawViolation extends Error {
  override readonly name = "LawViolation"
}

const ensure = (condition: boolean, message: () => string): void => {
  if (!condition) throw new LawViolation(message())
}

/**
 * The generated situations the laws quantify over, for writing your own laws with the same
 * instants, terms and histories (see {@link law}).
 *
 * @since 0.1.0
 * @category arbitraries
 */
export const cases = (
  calendar: Calendar.Calendar,
  options: Options & {
    /** Keep only terms of these kinds; when the policy has none, typical ones are generated. */
    readonly kinds?: ReadonlyArray<Sla.Term["_tag"]>
    /** Whether the last suspension may be open (default: sometimes). */
    readonly allowOpen?: boolean
    /** Whether to generate suspensions at all (default: yes). */
    readonly suspensions?: boolean
  } = {}
): fc.Arbitrary<Case> => {
  const zone = calendar.timeZone
  const years = options.years ?? [2025, 2030]
  const versions = versionsOf(options.policy)
  return fc.constantFrom(...versions).chain((version) => {
    const all = termsOf(version, options)
    const kinds = options.kinds
    let pool: fc.Arbitrary<Sla.Term>
    const matching = kinds === undefined ? all : all.filter((t) => kinds.includes(t._tag))
    if (matching.length > 0) pool = fc.constantFrom(...matching)
    else pool = fc.constantFrom(...(kinds ?? ["Days"])).chain((kind) => typical(kind))
    const reasons = Object.keys(version.suspension)
    return fc
      .tuple(pool, Arbitraries.instant(calendar, { years }))
      .chain(([term, receivedAt]) =>
        (options.suspensions === false || reasons.length === 0
          ? fc.constant<ReadonlyArray<Sla.Suspension>>([])
          : Arbitraries.suspensions(receivedAt, { reasons, ...(options.allowOpen === undefined ? {} : { allowOpen: options.allowOpen }) }))
          .map((suspensions): Case => Arbitraries.readable(zone, { term, clock: { receivedAt, suspensions }, policy: version.suspension, policyVersion: version.id }))
      )
  })
}

/** Terms of a kind that a policy might use, when the policy under test has none of that kind. */
const typical = (kind: Sla.Term["_tag"]): fc.Arbitrary<Sla.Term> => {
  switch (kind) {
    case "Immediate":
      return fc.constant(Sla.immediate)
    case "SameDay":
      return fc.constant(Sla.sameDay)
    case "NextServiceDay":
      return fc.constant(Sla.nextServiceDay)
    case "Days":
      return fc.oneof(fc.constantFrom(Sla.days(7), Sla.days(40)), fc.integer({ min: 0, max: 60 }).map(Sla.days))
    case "ServiceTime":
      return fc.oneof(fc.constantFrom(1, 60, 240, 480), fc.integer({ min: 0, max: 5 * 24 * 60 })).map((minutes) => Sla.serviceTime({ minutes }))
  }
}

/**
 * A law of your own over the same generated situations: `predicate` throws (or returns
 * `false`) to report a counterexample.
 *
 * @since 0.1.0
 * @category constructors
 */
export const law = <A>(name: string, arbitrary: fc.Arbitrary<A>, predicate: (value: A) => boolean | void, weight = 1): Law => ({
  name,
  property: fc.property(arbitrary, predicate) as fc.IRawProperty<unknown>,
  weight
})

/**
 * Every law of the SLA clock, for a calendar and a policy:
 * - a suspension never makes a deadline earlier;
 * - `serviceTimeBetween(t, addServiceTime(t, d)) = d`;
 * - service time is additive over adjacent intervals;
 * - `nextServiceStart(t)` is in service time, not before `t`, with no service time between;
 * - a `serviceTime` deadline lies in service time or at its end, outside every suspension;
 * - a `serviceTime(d)` deadline counts exactly `d` of unsuspended service time;
 * - a `days(N)` deadline is 00:00 after a service day;
 * - an open suspension gives `Paused` (until its reason's cap, if it has one);
 * - `explain(...).deadline` equals `deadline(...)`, and the explanation survives JSON;
 * - without suspensions, a later receipt never gives an earlier deadline;
 * - a deadline never comes before receipt;
 * - the status at an instant agrees with the deadline (breached exactly from it on).
 *
 * @since 0.1.0
 * @category laws
 */
export const laws = (calendar: Calendar.Calendar, options: Options = {}): ReadonlyArray<Law> => {
  const cal = calendar
  const zone = cal.timeZone
  const at = (t: number | undefined) => formatLocal(zone, t)
  const show = (v: unknown) => describeValue(zone, v)
  const years = options.years ?? [2025, 2030]
  const deadlineOf = (c: Case, clock: Sla.Clock = c.clock) => Sla.deadline(cal, c.term, clock, c.policy)
  const due = (d: Sla.Deadline, what: string): number => {
    if (d._tag !== "Due") throw new LawViolation(`${what}: expected a deadline, got ${show(d)}`)
    return d.at
  }
  const instantArb = Arbitraries.instant(cal, { years })
  const minutesArb = fc.oneof(fc.constantFrom(0, 1, 60, 240, 480, 540), fc.integer({ min: 0, max: 5 * 24 * 60 }))
  const nonImmediate = (c: Case) => c.term._tag !== "Immediate"
  const effectiveEnd = (c: Case, s: Sla.Suspension) => Sla.suspensionEnd(cal, s, c.policy)

  return [
    law(
      "a suspension never makes a deadline earlier",
      cases(cal, { ...options, allowOpen: false }).filter((c) => nonImmediate(c) && c.clock.suspensions.length > 0),
      (c) => {
        const full = due(deadlineOf(c), "with every suspension")
        const none = due(deadlineOf(c, { receivedAt: c.clock.receivedAt, suspensions: [] }), "without suspensions")
        ensure(none <= full, () => `without any suspension the deadline is ${at(none)}, with them ${at(full)}: earlier with suspensions`)
        c.clock.suspensions.forEach((s, i) => {
          const fewer = due(deadlineOf(c, { ...c.clock, suspensions: c.clock.suspensions.filter((_, j) => j !== i) }), `without suspension #${i + 1}`)
          ensure(
            fewer <= full,
            () => `with suspension #${i + 1} (${s.reason}, ${at(s.from)} → ${at(s.to)}) the deadline is ${at(full)}, without it ${at(fewer)}: the suspension made it earlier`
          )
        })
      }
    ),
    law("serviceTimeBetween(t, addServiceTime(t, d)) = d", fc.tuple(instantArb, minutesArb), ([t, minutes]) => {
      const end = Calendar.addServiceTime(cal, t, minutes * MINUTE)
      const counted = Calendar.serviceTimeBetween(cal, t, end)
      ensure(counted === minutes * MINUTE, () => `from ${at(t)}, ${minutes} min of service time end at ${at(end)}, but ${counted / MINUTE} min of service time lie between`)
    }, 2),
    law(
      "service time is additive: between(a, b) + between(b, c) = between(a, c)",
      fc.tuple(instantArb, fc.integer({ min: 0, max: 4 * 24 * 60 }), fc.integer({ min: 0, max: 4 * 24 * 60 })),
      ([a, d1, d2]) => {
        const b = a + d1 * MINUTE
        const c = b + d2 * MINUTE
        const ab = Calendar.serviceTimeBetween(cal, a, b)
        const bc = Calendar.serviceTimeBetween(cal, b, c)
        const ac = Calendar.serviceTimeBetween(cal, a, c)
        ensure(ab + bc === ac, () => `${at(a)} → ${at(b)}: ${ab / MINUTE} min, ${at(b)} → ${at(c)}: ${bc / MINUTE} min, but ${at(a)} → ${at(c)}: ${ac / MINUTE} min`)
      },
      2
    ),
    law("nextServiceStart(t) is in service time, not before t, with no service time between", instantArb, (t) => {
      const next = Calendar.nextServiceStart(cal, t)
      ensure(next >= t, () => `the next start of service after ${at(t)} is ${at(next)}, before it`)
      ensure(Calendar.isServiceTime(cal, next), () => `the next start of service after ${at(t)} is ${at(next)}, which is not service time`)
      ensure(Calendar.serviceTimeBetween(cal, t, next) === 0, () => `there is service time between ${at(t)} and the next start of service ${at(next)}`)
    }, 2),
    law(
      "a serviceTime deadline lies in service time or at its end, outside every suspension",
      cases(cal, { ...options, kinds: ["ServiceTime"], allowOpen: false }).filter((c) => c.term._tag === "ServiceTime" && c.term.minutes > 0),
      (c) => {
        const deadline = due(deadlineOf(c), "serviceTime")
        const last = deadline - 1
        ensure(Calendar.isServiceTime(cal, last), () => `the deadline ${at(deadline)} does not close service time: the instant before it is not service time`)
        for (const s of c.clock.suspensions) {
          const end = effectiveEnd(c, s)
          ensure(!(s.from <= last && end !== undefined && last < end), () => `the deadline ${at(deadline)} falls in the suspension ${at(s.from)} → ${at(end)} (${s.reason})`)
        }
      }
    ),
    law(
      "a serviceTime(d) deadline counts exactly d of unsuspended service time",
      cases(cal, { ...options, kinds: ["ServiceTime"], allowOpen: false }).filter((c) => c.term._tag === "ServiceTime"),
      (c) => {
        const deadline = due(deadlineOf(c), "serviceTime")
        let origin = c.clock.receivedAt
        const spans: Array<readonly [number, number]> = []
        for (const s of c.clock.suspensions) {
          const end = effectiveEnd(c, s) ?? Infinity
          if ((c.policy[s.reason]?.mode ?? "suspend") === "interrupt") {
            origin = end
            spans.length = 0
          } else spans.push([s.from, end])
        }
        const counted = Calendar.serviceTimeBetween(cal, origin, deadline) -
          spans.reduce((sum, [a, b]) => sum + Calendar.serviceTimeBetween(cal, Math.max(a, origin), Math.min(b, deadline)), 0)
        const minutes = c.term._tag === "ServiceTime" ? c.term.minutes : 0
        ensure(
          counted === minutes * MINUTE,
          () => `${minutes} min of service time counted from ${at(origin)} give the deadline ${at(deadline)}, but ${counted / MINUTE} min of unsuspended service time lie before it`
        )
      }
    ),
    law(
      "a days(N) deadline is 00:00 after a service day",
      cases(cal, { ...options, kinds: ["Days"], allowOpen: false }),
      (c) => {
        const deadline = due(deadlineOf(c), "days")
        const date = Calendar.localDate(cal, deadline)
        ensure(Calendar.startOfDay(cal, date) === deadline, () => `the deadline ${at(deadline)} is not 00:00 local`)
        const dueDate = addDays(date, -1)
        ensure(Calendar.isServiceDay(cal, dueDate), () => `the deadline ${at(deadline)} ends ${dueDate}, which has no service time`)
      }
    ),
    law(
      "an open suspension gives Paused, never a moving deadline (until its reason's cap)",
      fc.tuple(
        cases(cal, { ...options, allowOpen: true }).filter((c) => nonImmediate(c) && c.clock.suspensions.length > 0 && c.clock.suspensions.at(-1)!.to === undefined),
        fc.array(fc.integer({ min: 0, max: 90 * 24 * 60 }), { minLength: 1, maxLength: 4 })
      ),
      ([c, offsets]) => {
        const open = c.clock.suspensions.at(-1)!
        const cap = effectiveEnd(c, open)
        const d = deadlineOf(c)
        if (cap === undefined) {
          ensure(d._tag === "Paused", () => `with a suspension open since ${at(open.from)} (${open.reason}) the deadline is ${show(d)}, not Paused`)
          if (d._tag === "Paused") {
            ensure(d.since === open.from && d.reason === open.reason, () => `paused ${show(d)}, but the suspension is open since ${at(open.from)} for ${open.reason}`)
            const autoClose = Sla.autoCloseAt(cal, open, c.policy)
            ensure(d.autoCloseAt === autoClose, () => `paused with auto-close at ${at(d.autoCloseAt)}, but the reason's limit is ${at(autoClose)}`)
          }
        } else {
          const ended = deadlineOf(c, { ...c.clock, suspensions: [...c.clock.suspensions.slice(0, -1), { ...open, to: cap }] })
          ensure(
            JSON.stringify(d) === JSON.stringify(ended),
            () => `a suspension capped at ${at(cap)} gives ${show(d)} while open, but ${show(ended)} when ended at its cap`
          )
        }
        for (const offset of offsets) {
          const t = open.from + offset * MINUTE
          if (cap !== undefined && t >= cap) continue
          const s = Sla.status(cal, c.term, c.clock, t, { policy: c.policy })
          ensure(s._tag === "Paused" && s.since === open.from, () => `at ${at(t)}, with a suspension open since ${at(open.from)}, the status is ${show(s)}, not Paused`)
        }
      }
    ),
    law("explain(...).deadline equals deadline(...), and survives JSON", cases(cal, options), (c) => {
      const explanation = Sla.explain(cal, c.term, c.clock, c.policy)
      const d = deadlineOf(c)
      ensure(JSON.stringify(explanation.deadline) === JSON.stringify(d), () => `explain says ${show(explanation.deadline)}, deadline says ${show(d)}`)
      ensure(JSON.stringify(JSON.parse(JSON.stringify(explanation))) === JSON.stringify(explanation), () => "the explanation does not survive JSON")
    }),
    law(
      "without suspensions, a later receipt never gives an earlier deadline",
      fc.tuple(
        cases(cal, { ...options, suspensions: false }).filter(nonImmediate),
        fc.oneof(fc.integer({ min: 0, max: 180 }), fc.integer({ min: 0, max: 10 * 24 * 60 }))
      ),
      ([c, later]) => {
        const r2 = c.clock.receivedAt + later * MINUTE
        const d1 = due(deadlineOf(c), "first receipt")
        const d2 = due(deadlineOf(c, { receivedAt: r2, suspensions: [] }), "later receipt")
        ensure(d1 <= d2, () => `received at ${at(c.clock.receivedAt)}: due ${at(d1)}; received later, at ${at(r2)}: due ${at(d2)}, earlier`)
      }
    ),
    law("a deadline never comes before receipt", cases(cal, { ...options, allowOpen: false }).filter(nonImmediate), (c) => {
      const deadline = due(deadlineOf(c), "deadline")
      ensure(deadline >= c.clock.receivedAt, () => `received at ${at(c.clock.receivedAt)} but due ${at(deadline)}`)
    }),
    law(
      "the status at an instant agrees with the deadline: breached exactly from it on",
      fc.tuple(cases(cal, { ...options, suspensions: false }).filter(nonImmediate), fc.integer({ min: -3 * 24 * 60, max: 60 * 24 * 60 })),
      ([c, offset]) => {
        const deadline = due(deadlineOf(c), "deadline")
        const t = Math.max(c.clock.receivedAt, deadline + offset * MINUTE)
        const s = Sla.status(cal, c.term, c.clock, t, { policy: c.policy })
        if (t >= deadline) ensure(s._tag === "Breached" && s.overdue === t - deadline, () => `at ${at(t)}, after the deadline ${at(deadline)}, the status is ${show(s)}`)
        else {
          ensure(
            (s._tag === "Running" || s._tag === "AtRisk") && s.remaining === deadline - t,
            () => `at ${at(t)}, before the deadline ${at(deadline)}, the status is ${show(s)}`
          )
        }
      }
    )
  ]
}

const parametersFor = (l: Law, options: Options) => Properties.parameters<unknown>(100, options, l.weight)

/**
 * Registers the SLA laws as Vitest tests, one per law, in a `describe` block named after the
 * calendar (or `options.name`). Runs and seed come from `options`, else from
 * `SPORTELLO_PROPERTY_RUNS` / `SPORTELLO_PROPERTY_SEED`, else 100 runs and a fixed seed.
 *
 * @since 0.1.0
 * @category suites
 */
export const slaLaws = (calendar: Calendar.Calendar, options: Options = {}): void => {
  const name = options.name ?? calendar.input.versions.map((v) => v.id).join(", ")
  describe(`SLA laws (${name})`, () => {
    for (const l of laws(calendar, options)) {
      const parameters = parametersFor(l, options)
      it(l.name, () => {
        fc.assert(l.property, parameters)
      }, Properties.timeout(parameters.numRuns ?? 100))
    }
  })
}

/**
 * Runs the SLA laws without a test runner (scripts, documentation, a REPL) and throws the
 * first law that fails, with its counterexample. Returns the names of the laws checked.
 *
 * @since 0.1.0
 * @category suites
 */
export const check = (calendar: Calendar.Calendar, options: Options = {}): ReadonlyArray<string> => {
  const all = [...laws(calendar, options)]
  for (const l of all) {
    try {
      fc.assert(l.property, parametersFor(l, options))
    } catch (error) {
      throw new Error(`SLA law "${l.name}" does not hold:\n${error instanceof Error ? error.message : String(error)}`, { cause: error })
    }
  }
  return all.map((l) => l.name)
}

/**
 * Runs laws you wrote with {@link law} the same way as {@link check}.
 *
 * @since 0.1.0
 * @category suites
 */
export const checkLaws = (list: ReadonlyArray<Law>, options: Properties.Options = {}): void => {
  for (const l of list) {
    try {
      fc.assert(l.property, Properties.parameters<unknown>(100, options, l.weight))
    } catch (error) {
      throw new Error(`law "${l.name}" does not hold:\n${error instanceof Error ? error.message : String(error)}`, { cause: error })
    }
  }
}

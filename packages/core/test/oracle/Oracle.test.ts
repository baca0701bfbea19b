/**
 * The oracle is only worth trusting if it reproduces the worked examples of
 * shared/spec/sla-semantics.md, so it is checked against them (and against a few facts the
 * examples rely on) before any property compares it with the implementation.
 */
import { describe, expect, it } from "@effect/vitest"
import {
  type CalendarInput,
  type Clock,
  type Term,
  departmentInput,
  easterSunday,
  formatLocal,
  holidayDatesIn,
  HOUR,
  instantOfLocal,
  italianHolidays,
  makeOracle,
  MINUTE,
  pinnedCases
} from "./Oracle.ts"

const ROME = "Europe/Rome"
const at = (date: string, hhmm: string): number => instantOfLocal(ROME, date, hhmm)
const dept = makeOracle(departmentInput)

const days = (n: number): Term => ({ _tag: "Days", days: n })
const sameDay: Term = { _tag: "SameDay" }
const nextServiceDay: Term = { _tag: "NextServiceDay" }
const serviceTime = (minutes: number): Term => ({ _tag: "ServiceTime", minutes })
const received = (receivedAt: number, suspensions: Clock["suspensions"] = []): Clock => ({ receivedAt, suspensions })

describe("Oracle: the worked examples of sla-semantics.md", () => {
  const table: ReadonlyArray<{
    readonly name: string
    readonly calendar?: CalendarInput
    readonly term: Term
    readonly clock: Clock
    readonly deadline: number
  }> = [
    {
      name: "Mon 2027-03-01 10:00, days(7) → 2027-03-09 00:00 (due Mon 8 Mar)",
      term: days(7),
      clock: received(at("2027-03-01", "10:00")),
      deadline: at("2027-03-09", "00:00")
    },
    {
      name: "Mon 2027-03-22 10:00, days(7) → due Easter Monday moves to Tue 30 Mar: 2027-03-31 00:00",
      term: days(7),
      clock: received(at("2027-03-22", "10:00")),
      deadline: at("2027-03-31", "00:00")
    },
    {
      name: "Tue 2027-03-02 19:30, sameDay → Wed 2027-03-03 18:00",
      term: sameDay,
      clock: received(at("2027-03-02", "19:30")),
      deadline: at("2027-03-03", "18:00")
    },
    {
      name: "Tue 2027-03-02 11:00, sameDay → Tue 2027-03-02 18:00",
      term: sameDay,
      clock: received(at("2027-03-02", "11:00")),
      deadline: at("2027-03-02", "18:00")
    },
    {
      name: "Fri 2027-10-01 20:00, nextServiceDay → Tue 2027-10-05 18:00 (Mon 4 Oct is a holiday from 2026)",
      term: nextServiceDay,
      clock: received(at("2027-10-01", "20:00")),
      deadline: at("2027-10-05", "18:00")
    },
    {
      name: "Mon 2027-09-06 10:00, days(40), suspended 2027-09-10 12:00 → 2027-09-20 09:00 → 2027-10-27 00:00",
      term: days(40),
      clock: received(at("2027-09-06", "10:00"), [
        { reason: "awaiting-administration", from: at("2027-09-10", "12:00"), to: at("2027-09-20", "09:00") }
      ]),
      deadline: at("2027-10-27", "00:00")
    },
    {
      name: "Sat 2027-03-06 22:00 during an emergency Fri 18:00 → Mon 00:00, sameDay → 2027-03-07 00:00",
      calendar: {
        ...departmentInput,
        emergencies: [{ id: "e1", from: "2027-03-05T18:00:00+01:00", to: "2027-03-08T00:00:00+01:00" }]
      },
      term: sameDay,
      clock: received(at("2027-03-06", "22:00")),
      deadline: at("2027-03-07", "00:00")
    },
    {
      name: "Tue 2027-03-02 17:00, serviceTime(4 h) → Wed 2027-03-03 12:00",
      term: serviceTime(240),
      clock: received(at("2027-03-02", "17:00")),
      deadline: at("2027-03-03", "12:00")
    }
  ]

  for (const example of table) {
    it(example.name, () => {
      const oracle = example.calendar === undefined ? dept : makeOracle(example.calendar)
      const result = oracle.deadline(example.term, example.clock)
      expect(result, `expected ${formatLocal(ROME, example.deadline)}`).toEqual({
        _tag: "Due",
        at: example.deadline
      })
    })
  }

  it("the suspension of the days(40) example counts S = 10 days", () => {
    const r = at("2027-09-06", "10:00")
    const without = dept.deadline(days(40), received(r))
    // Without it: D = 6 Sep + 40 = Sat 16 Oct, moved to Mon 18 Oct; with it D = 26 Oct (10 days later).
    expect(without).toEqual({ _tag: "Due", at: at("2027-10-19", "00:00") })
  })
})

describe("Oracle: facts the examples rely on", () => {
  it("computes Easter Sunday (Gauss) for known years", () => {
    const known: Record<number, string> = {
      2000: "2000-04-23",
      2008: "2008-03-23",
      2011: "2011-04-24",
      2019: "2019-04-21",
      2024: "2024-03-31",
      2025: "2025-04-20",
      2026: "2026-04-05",
      2027: "2027-03-28",
      2028: "2028-04-16",
      2029: "2029-04-01",
      2030: "2030-04-21",
      2038: "2038-04-25",
      2285: "2285-03-22"
    }
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year)), year).toBe(date)
  })

  it("expands the Italian holidays, with 4 October only from 2026", () => {
    const dates = (year: number) => holidayDatesIn(italianHolidays, year).map((h) => h.date)
    expect(dates(2025)).toEqual([
      "2025-01-01",
      "2025-01-06",
      "2025-04-21",
      "2025-04-25",
      "2025-05-01",
      "2025-06-02",
      "2025-06-29",
      "2025-08-15",
      "2025-11-01",
      "2025-12-08",
      "2025-12-25",
      "2025-12-26"
    ])
    expect(dates(2027)).toContain("2027-10-04")
    expect(dates(2027)).toContain("2027-03-29")
  })

  it("a holiday on a weekend is not moved", () => {
    // 1 Nov 2026 is a Sunday: Monday 2 Nov stays a service day.
    expect(dept.isHoliday("2026-11-01")).toBe(true)
    expect(dept.isServiceDay("2026-11-02")).toBe(true)
  })

  it("knows local midnight across the daylight-saving changes of Europe/Rome", () => {
    // 2027-03-28: 02:00 CET → 03:00 CEST; 2027-10-31: 03:00 CEST → 02:00 CET
    expect(dept.startOfDay("2027-03-29") - dept.startOfDay("2027-03-28")).toBe(23 * HOUR)
    expect(dept.startOfDay("2027-11-01") - dept.startOfDay("2027-10-31")).toBe(25 * HOUR)
    expect(formatLocal(ROME, dept.startOfDay("2027-03-28"))).toBe("2027-03-28T00:00+01:00")
    expect(formatLocal(ROME, dept.startOfDay("2027-03-29"))).toBe("2027-03-29T00:00+02:00")
  })

  it("reads wall-clock boundaries inside the skipped or repeated DST hour on the wall clock", () => {
    const o = makeOracle({
      versions: [{ id: "v", from: "2024-01-01", timeZone: ROME, week: { sunday: [["02:45", "09:00"]] }, holidays: [] }]
    })
    // 2029-03-25: the clocks jump from 02:00 CET to 03:00 CEST; 02:45 never shows.
    expect(o.isServiceTime(Date.parse("2029-03-25T01:59:00+01:00"))).toBe(false)
    expect(o.isServiceTime(Date.parse("2029-03-25T03:00:00+02:00"))).toBe(true)
    expect(o.nextServiceStart(Date.parse("2029-03-25T01:00:00+01:00"))).toBe(Date.parse("2029-03-25T03:00:00+02:00"))
    expect(o.serviceTimeBetween(o.startOfDay("2029-03-25"), o.startOfDay("2029-03-26"))).toBe(6 * HOUR)
    // 2029-10-28: 02:00–03:00 happens twice; the interval opens at the first 02:45 and stays one piece.
    expect(o.nextServiceStart(Date.parse("2029-10-28T01:00:00+02:00"))).toBe(Date.parse("2029-10-28T02:45:00+02:00"))
    expect(o.serviceTimeBetween(o.startOfDay("2029-10-28"), o.startOfDay("2029-10-29"))).toBe(7 * HOUR + 15 * MINUTE)
  })

  it("the 17:59/18:00 boundary: 17:59 is service time, 18:00 is not", () => {
    expect(dept.isServiceTime(at("2027-03-02", "17:59"))).toBe(true)
    expect(dept.isServiceTime(at("2027-03-02", "18:00"))).toBe(false)
    expect(dept.isServiceTime(at("2027-03-02", "09:00"))).toBe(true)
    expect(dept.isServiceTime(at("2027-03-02", "08:59"))).toBe(false)
    expect(dept.endOfService("2027-03-02")).toBe(at("2027-03-02", "18:00"))
    expect(dept.endOfService("2027-03-06")).toBeUndefined()
  })

  it("addServiceTime stops at the end of an interval rather than the next start", () => {
    expect(dept.addServiceTime(at("2027-03-01", "10:00"), 8 * HOUR)).toBe(at("2027-03-01", "18:00"))
    expect(dept.addServiceTime(at("2027-03-01", "19:00"), 0)).toBe(at("2027-03-02", "09:00"))
    expect(dept.serviceTimeBetween(at("2027-03-01", "10:00"), at("2027-03-02", "10:00"))).toBe(9 * HOUR)
  })

  it("during an emergency a daylight-saving night counts 23 or 25 hours", () => {
    const emergency: CalendarInput = {
      ...departmentInput,
      emergencies: [
        { id: "spring", from: "2027-03-27T00:00:00+01:00", to: "2027-03-29T00:00:00+02:00" },
        { id: "autumn", from: "2027-10-30T00:00:00+02:00" }
      ]
    }
    const o = makeOracle(emergency)
    expect(o.serviceTimeBetween(o.startOfDay("2027-03-28"), o.startOfDay("2027-03-29"))).toBe(23 * HOUR)
    expect(o.serviceTimeBetween(o.startOfDay("2027-10-31"), o.startOfDay("2027-11-01"))).toBe(25 * HOUR)
    expect(o.endOfService("2027-03-28")).toBe(o.startOfDay("2027-03-29"))
    expect(o.isServiceDay("2027-03-28")).toBe(true)
  })

  it("an open suspension pauses the term, with the documents' auto-close date", () => {
    const r = at("2027-09-06", "10:00")
    const from = at("2027-09-10", "12:00")
    expect(dept.deadline(days(40), received(r, [{ reason: "awaiting-documents", from }]))).toEqual({
      _tag: "Paused",
      since: from,
      reason: "awaiting-documents",
      autoCloseAt: at("2027-10-21", "00:00") // 10 Sep + 40 = Wed 20 Oct
    })
    expect(dept.deadline(days(40), received(r, [{ reason: "awaiting-administration", from }]))).toEqual({
      _tag: "Paused",
      since: from,
      reason: "awaiting-administration"
    })
  })

  it("an interruption restarts the term from the local date of its end", () => {
    const r = at("2027-09-06", "10:00")
    const clock = received(r, [
      { reason: "awaiting-administration", from: at("2027-09-10", "12:00"), to: at("2027-09-20", "09:00") }
    ])
    const policy = { "awaiting-administration": { mode: "interrupt" as const } }
    // 20 Sep + 40 = Sat 30 Oct → Tue 2 Nov (Mon 1 Nov is a holiday) → 3 Nov 00:00
    expect(dept.deadline(days(40), clock, policy)).toEqual({ _tag: "Due", at: at("2027-11-03", "00:00") })
  })

  it("serviceTime skips suspended intervals", () => {
    const r = at("2027-03-02", "17:00")
    const clock = received(r, [
      { reason: "awaiting-administration", from: at("2027-03-03", "09:00"), to: at("2027-03-03", "10:30") }
    ])
    expect(dept.deadline(serviceTime(240), clock)).toEqual({ _tag: "Due", at: at("2027-03-03", "13:30") })
    expect(dept.deadline(serviceTime(240), received(r))).toEqual({ _tag: "Due", at: at("2027-03-03", "12:00") })
    expect(dept.deadline({ _tag: "Immediate" }, received(r))).toEqual({ _tag: "NoDeadline" })
  })

  it("insists on whole minutes", () => {
    expect(() => dept.isServiceTime(at("2027-03-02", "10:00") + 1)).toThrow(/whole minute/)
    expect(at("2027-03-02", "10:00") % MINUTE).toBe(0)
  })
})

describe("Oracle: the pinned cases on which it disagreed with the implementation", () => {
  for (const c of pinnedCases) {
    it(c.name, () => {
      expect(makeOracle(c.input).deadline(c.term, c.clock, c.policy)).toEqual(c.expected)
    })
  }
})

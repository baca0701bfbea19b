import { describe, expect, it } from "@effect/vitest"
import Holidays_ from "date-holidays"
import { Effect, Exit } from "effect"
import { Calendar, Holidays } from "@sportello/core"

const rome = Calendar.departmentDefault
const at = (iso: string) => Date.parse(iso)
const local = (t: number) => new Date(t).toLocaleString("sv-SE", { timeZone: "Europe/Rome" }).slice(0, 16)
const hours = (h: number) => h * 3_600_000

const version = (week: Calendar.WeeklySchedule, extra: Partial<Calendar.VersionInput> = {}): Calendar.VersionInput => ({
  id: "v1",
  from: "2020-01-01",
  timeZone: "Europe/Rome",
  week,
  holidays: [],
  ...extra
})

const configError = (input: unknown) => {
  const result = Calendar.makeResult(input)
  if (result._tag === "Success") throw new Error("expected a configuration error")
  return result.failure
}

describe("Calendar — the Department's default", () => {
  it("pins the public holidays of 2026–2030 (national, Easter Monday, 4 October from 2026, Rome's 29 June)", () => {
    const rules = Calendar.departmentDefaultInput.versions[0].holidays
    const fixed = ["01-01", "01-06", "04-25", "05-01", "06-02", "06-29", "08-15", "10-04", "11-01", "12-08", "12-25", "12-26"]
    const easter: Record<number, [string, string]> = {
      2026: ["04-05", "04-06"],
      2027: ["03-28", "03-29"],
      2028: ["04-16", "04-17"],
      2029: ["04-01", "04-02"],
      2030: ["04-21", "04-22"]
    }
    for (const year of [2026, 2027, 2028, 2029, 2030]) {
      const expected = [...fixed, ...easter[year]!].map((md) => `${year}-${md}`).sort()
      expect(Holidays.datesIn(rules, year).map((h) => h.date)).toEqual(expected)
    }
    expect(Holidays.datesIn(rules, 2025).map((h) => h.date)).not.toContain("2025-10-04")
  })

  it("agrees with the date-holidays package (public holidays of Italy/Lazio/Rome) for 2026–2060", () => {
    const reference = new Holidays_("IT", "62", "RM")
    const rules = Calendar.departmentDefaultInput.versions[0].holidays
    for (let year = 2026; year <= 2060; year++) {
      const theirs = reference.getHolidays(year).filter((h) => h.type === "public").map((h) => h.date.slice(0, 10))
      expect(Holidays.datesIn(rules, year).map((h) => h.date), `holidays of ${year}`).toEqual([...new Set(theirs)].sort())
    }
  })

  it("is open 09:00–18:00 Monday to Friday, and the end is exclusive (the 17:59/18:00 boundary)", () => {
    expect(Calendar.isServiceTime(rome, at("2027-03-02T08:59:00+01:00"))).toBe(false)
    expect(Calendar.isServiceTime(rome, at("2027-03-02T09:00:00+01:00"))).toBe(true)
    expect(Calendar.isServiceTime(rome, at("2027-03-02T17:59:00+01:00"))).toBe(true)
    expect(Calendar.isServiceTime(rome, at("2027-03-02T18:00:00+01:00"))).toBe(false)
    expect(Calendar.isServiceTime(rome, at("2027-03-06T10:00:00+01:00"))).toBe(false) // Saturday
    expect(local(Calendar.nextServiceStart(rome, at("2027-03-05T18:00:00+01:00")))).toBe("2027-03-08 09:00")
    expect(local(Calendar.endOfService(rome, "2027-03-02")!)).toBe("2027-03-02 18:00")
    expect(Calendar.endOfService(rome, "2027-03-06")).toBeUndefined()
  })

  it("counts service time across a weekend and a holiday, and adds it back", () => {
    const friday = at("2027-04-23T17:00:00+02:00") // Fri 23 Apr; Sun 25 Apr is a holiday on a Sunday, not moved
    const monday = Calendar.addServiceTime(rome, friday, hours(10))
    expect(local(monday)).toBe("2027-04-26 18:00") // a count that ends at the end of service time ends there, not at the next opening
    expect(Calendar.serviceTimeBetween(rome, friday, monday)).toBe(hours(10))
    expect(local(Calendar.addServiceTime(rome, friday, hours(10) + 60_000))).toBe("2027-04-27 09:01")
    expect(Calendar.isServiceDay(rome, "2027-04-26")).toBe(true) // Liberation Day fell on Sunday: Monday stays a working day
  })
})

describe("Calendar — daylight saving time in Europe/Rome (known failure 10)", () => {
  it("a spring-forward weekend: Friday 17:00 CET + 2 service hours is Monday 10:00 CEST", () => {
    const t = Calendar.addServiceTime(rome, at("2026-03-27T17:00:00+01:00"), hours(2))
    expect(new Date(t).toISOString()).toBe("2026-03-30T08:00:00.000Z")
  })

  it("a round-the-clock emergency counts 23 hours on the spring-forward day and 25 on the autumn one", () => {
    const storm = Calendar.makeUnsafe({
      ...Calendar.departmentDefaultInput,
      emergencies: [{ id: "e", from: "2027-03-01T00:00:00+01:00", to: "2027-11-30T00:00:00+01:00" }]
    })
    expect(Calendar.serviceTimeBetween(storm, Calendar.startOfDay(storm, "2027-03-28"), Calendar.startOfDay(storm, "2027-03-29"))).toBe(hours(23))
    expect(Calendar.serviceTimeBetween(storm, Calendar.startOfDay(storm, "2027-10-31"), Calendar.startOfDay(storm, "2027-11-01"))).toBe(hours(25))
  })

  it("a night shift across the autumn change lasts the real elapsed time", () => {
    const nights = Calendar.makeUnsafe({ versions: [version({ sunday: [["00:00", "06:00"]] })] })
    // 31 Oct 2027: 00:00–06:00 local holds 7 real hours (02:00–03:00 happens twice)
    expect(Calendar.serviceTimeBetween(nights, at("2027-10-30T00:00:00Z"), at("2027-11-01T00:00:00Z"))).toBe(hours(7))
    // 28 Mar 2027: 00:00–06:00 local holds 5 real hours
    expect(Calendar.serviceTimeBetween(nights, at("2027-03-27T00:00:00Z"), at("2027-03-29T00:00:00Z"))).toBe(hours(5))
  })

  it("local dates around the change are right", () => {
    expect(Calendar.localDate(rome, at("2027-03-27T23:30:00Z"))).toBe("2027-03-28")
    expect(Calendar.localDate(rome, at("2027-10-30T22:30:00Z"))).toBe("2027-10-31")
    expect(Calendar.localDate(rome, at("2027-10-31T22:59:00Z"))).toBe("2027-10-31")
    expect(Calendar.localDate(rome, at("2027-10-31T23:00:00Z"))).toBe("2027-11-01")
  })
})

describe("Calendar — sparse and split schedules (known failure 7)", () => {
  const saturdays = Calendar.makeUnsafe({ versions: [version({ saturday: [["10:00", "12:00"]] })] })

  it("a Saturday-only schedule waits a week, and never breaches instantly", () => {
    const monday = at("2027-03-01T10:00:00+01:00")
    expect(local(Calendar.nextServiceStart(saturdays, monday))).toBe("2027-03-06 10:00")
    expect(local(Calendar.addServiceTime(saturdays, monday, hours(3)))).toBe("2027-03-13 11:00")
    expect(Calendar.serviceTimeBetween(saturdays, monday, at("2027-03-08T00:00:00+01:00"))).toBe(hours(2))
  })

  it("several intervals a day, given in any order, and several holidays in a row", () => {
    const split = Calendar.makeUnsafe({
      versions: [version(
        { monday: [["14:00", "18:00"], ["08:30", "12:30"]], tuesday: [["08:30", "12:30"], ["14:00", "18:00"]] },
        {
          holidays: [
            { _tag: "Date", date: "2027-03-01", name: "closure" },
            { _tag: "Date", date: "2027-03-02", name: "closure" }
          ]
        }
      )]
    })
    expect(Calendar.isServiceTime(split, at("2027-03-08T13:00:00+01:00"))).toBe(false)
    expect(local(Calendar.nextServiceStart(split, at("2027-03-08T12:30:00+01:00")))).toBe("2027-03-08 14:00")
    expect(local(Calendar.addServiceTime(split, at("2027-02-28T12:00:00+01:00"), hours(5)))).toBe("2027-03-08 15:00")
  })
})

describe("Calendar — versions and emergencies (B5)", () => {
  it("new hours apply from their date on and leave earlier dates as they were", () =>
    Effect.gen(function*() {
      const later = yield* Calendar.addVersion(rome, {
        ...Calendar.departmentDefaultInput.versions[0],
        id: "dpc-8-20",
        from: "2027-06-01",
        week: { monday: [["08:00", "20:00"]], tuesday: [["08:00", "20:00"]], wednesday: [["08:00", "20:00"]], thursday: [["08:00", "20:00"]], friday: [["08:00", "20:00"]] }
      })
      expect(Calendar.isServiceTime(later, at("2027-05-31T19:00:00+02:00"))).toBe(false)
      expect(Calendar.isServiceTime(later, at("2027-06-01T19:00:00+02:00"))).toBe(true)
      expect(Calendar.versionOn(later, "2027-05-31").id).toBe("dpc-charter")
      expect(Calendar.versionOn(later, "2027-06-01").id).toBe("dpc-8-20")
      expect(Calendar.isServiceTime(rome, at("2027-06-01T19:00:00+02:00"))).toBe(false) // the old value is unchanged
      const retroactive = yield* Effect.exit(
        Calendar.addVersion(rome, { ...Calendar.departmentDefaultInput.versions[0], id: "late", from: "2027-06-01" }, {
          notBefore: at("2027-06-01T10:00:00+02:00")
        })
      )
      expect(Exit.isFailure(retroactive)).toBe(true)
    }).pipe(Effect.runSync))

  it("an open-ended emergency runs round the clock until it is ended", () =>
    Effect.gen(function*() {
      const open = yield* Calendar.declareEmergency(rome, { id: "quake", from: "2027-03-05T18:00:00+01:00" })
      expect(Calendar.isServiceTime(open, at("2027-03-20T03:00:00+01:00"))).toBe(true)
      const ended = yield* Calendar.endEmergency(open, "quake", "2027-03-10T00:00:00+01:00")
      expect(Calendar.isServiceTime(ended, at("2027-03-09T23:00:00+01:00"))).toBe(true)
      expect(Calendar.isServiceTime(ended, at("2027-03-20T03:00:00+01:00"))).toBe(false)
      expect(Calendar.emergenciesBetween(ended, at("2027-03-09T00:00:00Z"), at("2027-03-11T00:00:00Z")).map((e) => e.id)).toEqual(["quake"])
      const twice = yield* Effect.exit(Calendar.endEmergency(ended, "quake", "2027-03-11T00:00:00+01:00"))
      expect(Exit.isFailure(twice)).toBe(true)
    }).pipe(Effect.runSync))
})

describe("Calendar — validated when built (known failure 6)", () => {
  it("an empty week is a typed error, not a crash", () => {
    const error = configError({ versions: [version({})] })
    expect(error._tag).toBe("CalendarConfigError")
    expect(error.message).toBe(`version "v1" has no service hours on any day of the week`)
    expect(error.path).toEqual(["versions", 0, "week"])
  })

  it("overlapping intervals name both intervals and the day", () => {
    const error = configError({ versions: [version({ monday: [["09:00", "13:00"], ["12:00", "18:00"]] })] })
    expect(error.message).toBe("the intervals 09:00–13:00 and 12:00–18:00 on monday overlap")
    expect(error.path).toEqual(["versions", 0, "week", "monday", 1])
  })

  it("an inverted interval, an unknown time zone, an inverted emergency, versions out of order", () => {
    expect(configError({ versions: [version({ monday: [["18:00", "09:00"]] })] }).message).toContain("ends before it starts")
    expect(configError({ versions: [version({ monday: [["09:00", "18:00"]] }, { timeZone: "Europe/Atlantis" })] }).message).toContain(
      "unknown time zone \"Europe/Atlantis\""
    )
    expect(
      configError({
        versions: [version({ monday: [["09:00", "18:00"]] })],
        emergencies: [{ id: "e", from: "2027-03-05T18:00:00+01:00", to: "2027-03-05T17:00:00+01:00" }]
      }).path
    ).toEqual(["emergencies", 0, "to"])
    expect(
      configError({
        versions: [version({ monday: [["09:00", "18:00"]] }), version({ monday: [["09:00", "18:00"]] }, { id: "v2", from: "2019-01-01" })]
      }).message
    ).toContain("versions must be in order")
  })

  it("malformed input gets the path of the bad field and a plain message", () => {
    const error = configError({ versions: [version({ friday: [["9am", "18:00"]] })] })
    expect(error.path).toEqual(["versions", 0, "week", "friday", 0, 0])
    expect(error.message).toContain(`expected a time of day "HH:MM" between 00:00 and 24:00, got "9am"`)
    expect(configError({ versions: [] })).toMatchObject({ path: ["versions"], message: "invalid calendar: versions: a calendar needs at least one version" })
    expect(configError("not a calendar")._tag).toBe("CalendarConfigError")
  })

  it.effect("Calendar.make fails in the error channel", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(Calendar.make({ versions: [version({})] }))
      expect(Exit.isFailure(exit)).toBe(true)
    }))
})

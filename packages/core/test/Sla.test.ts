import { describe, expect, it } from "@effect/vitest"
import { Calendar, Sla } from "@sportello/core"

const rome = Calendar.departmentDefault
const at = (iso: string) => Date.parse(iso)
const local = (t: number) => new Date(t).toLocaleString("sv-SE", { timeZone: "Europe/Rome" }).slice(0, 16)
const DAY = 86_400_000

const dueOf = (d: Sla.Deadline): string => {
  if (d._tag !== "Due") throw new Error(`expected a deadline, got ${d._tag}`)
  return local(d.at)
}

describe("Sla — known failures of the anchors", () => {
  it("1. each clock has its own explicit start: a later clock never moves the first-response one (Zammad #5177)", () => {
    const received = at("2027-03-02T11:00:00+01:00")
    const firstResponse: Sla.Clock = { receivedAt: received, suspensions: [] }
    const afterUpdate: Sla.Clock = { receivedAt: at("2027-03-04T10:00:00+01:00"), suspensions: [] }
    expect(dueOf(Sla.deadline(rome, Sla.sameDay, firstResponse))).toBe("2027-03-02 18:00")
    expect(dueOf(Sla.deadline(rome, Sla.sameDay, afterUpdate))).toBe("2027-03-04 18:00")
    expect(dueOf(Sla.deadline(rome, Sla.sameDay, firstResponse))).toBe("2027-03-02 18:00")
  })

  it("3. breach is derived: after reclassification to a longer term the same history is no longer breached (Zammad #4353)", () => {
    const clock: Sla.Clock = { receivedAt: at("2027-03-01T10:00:00+01:00"), suspensions: [] }
    const now = at("2027-03-12T10:00:00+01:00")
    expect(Sla.status(rome, Sla.days(7), clock, now)._tag).toBe("Breached")
    expect(Sla.status(rome, Sla.days(40), clock, now)._tag).toBe("Running")
  })

  it("3. breach is derived: an emergency declared for the due date makes it a service day again", () => {
    const clock: Sla.Clock = { receivedAt: at("2027-02-26T10:00:00+01:00"), suspensions: [] } // due Sat 6 Mar → Mon 8 Mar
    expect(dueOf(Sla.deadline(rome, Sla.days(8), clock))).toBe("2027-03-09 00:00")
    const storm = Calendar.makeUnsafe({
      ...Calendar.departmentDefaultInput,
      emergencies: [{ id: "storm", from: "2027-03-05T18:00:00+01:00", to: "2027-03-08T00:00:00+01:00" }]
    })
    expect(dueOf(Sla.deadline(storm, Sla.days(8), clock))).toBe("2027-03-07 00:00")
  })

  it("7. a Saturday-only calendar rolls a 7-day term to the next Saturday, never to an instant breach (osTicket #6739)", () => {
    const saturdays = Calendar.makeUnsafe({
      versions: [{ id: "sat", from: "2020-01-01", timeZone: "Europe/Rome", week: { saturday: [["10:00", "12:00"]] }, holidays: [] }]
    })
    const clock: Sla.Clock = { receivedAt: at("2027-03-01T10:00:00+01:00"), suspensions: [] }
    expect(dueOf(Sla.deadline(saturdays, Sla.days(7), clock))).toBe("2027-03-14 00:00") // Mon 8 → Sat 13, end of day
    expect(dueOf(Sla.deadline(saturdays, Sla.sameDay, clock))).toBe("2027-03-06 12:00")
    expect(Sla.status(saturdays, Sla.sameDay, clock, at("2027-03-01T10:01:00+01:00"))._tag).toBe("Running")
  })

  it("8. suspended days are kept when the term changes from 7 to 40 days (GLPI #6902, #15605)", () => {
    const clock: Sla.Clock = {
      receivedAt: at("2027-09-06T10:00:00+02:00"),
      suspensions: [{ reason: "awaiting-documents", from: at("2027-09-10T12:00:00+02:00"), to: at("2027-09-20T09:00:00+02:00") }]
    }
    // reclassified to complex: 40 days from receipt, plus the 10 suspended days
    expect(dueOf(Sla.deadline(rome, Sla.days(40), clock))).toBe("2027-10-27 00:00")
  })

  it("9. a suspended ticket has no deadline at all, at any instant, until it resumes (Znuny EscalationSuspend)", () => {
    const open: Sla.Clock = {
      receivedAt: at("2027-09-06T10:00:00+02:00"),
      suspensions: [{ reason: "awaiting-administration", from: at("2027-09-10T12:00:00+02:00") }]
    }
    expect(Sla.deadline(rome, Sla.days(40), open)).toEqual({ _tag: "Paused", since: open.suspensions[0]!.from, reason: "awaiting-administration" })
    for (const day of [11, 30, 90, 400]) {
      expect(Sla.status(rome, Sla.days(40), open, at("2027-09-10T12:00:00+02:00") + day * DAY)._tag).toBe("Paused")
    }
  })

  it("10. a 40-day term across the autumn change ends at local midnight, not an hour off", () => {
    const clock: Sla.Clock = { receivedAt: at("2027-10-01T10:00:00+02:00"), suspensions: [] }
    const d = Sla.deadline(rome, Sla.days(40), clock)
    expect(dueOf(d)).toBe("2027-11-11 00:00")
    expect(new Date((d as { at: number }).at).toISOString()).toBe("2027-11-10T23:00:00.000Z")
  })

  it("10. a due date on a holiday that falls on a Sunday moves to Monday, which stays a working day", () => {
    // 25 April 2027 is a Sunday and is not moved: due Sun 25 Apr → Mon 26 Apr
    const clock: Sla.Clock = { receivedAt: at("2027-04-18T10:00:00+02:00"), suspensions: [] }
    expect(dueOf(Sla.deadline(rome, Sla.days(7), clock))).toBe("2027-04-27 00:00")
  })

  it("10. the 17:59/18:00 boundary of a same-day term", () => {
    expect(dueOf(Sla.deadline(rome, Sla.sameDay, { receivedAt: at("2027-03-02T17:59:00+01:00"), suspensions: [] }))).toBe("2027-03-02 18:00")
    expect(dueOf(Sla.deadline(rome, Sla.sameDay, { receivedAt: at("2027-03-02T18:00:00+01:00"), suspensions: [] }))).toBe("2027-03-03 18:00")
  })

  it("10. a suspension spanning an emergency period counts its calendar days like any other", () => {
    const storm = Calendar.makeUnsafe({
      ...Calendar.departmentDefaultInput,
      emergencies: [{ id: "flood", from: "2027-09-12T00:00:00+02:00", to: "2027-09-15T00:00:00+02:00" }]
    })
    const clock: Sla.Clock = {
      receivedAt: at("2027-09-06T10:00:00+02:00"),
      suspensions: [{ reason: "awaiting-documents", from: at("2027-09-10T12:00:00+02:00"), to: at("2027-09-20T09:00:00+02:00") }]
    }
    expect(dueOf(Sla.deadline(storm, Sla.days(40), clock))).toBe("2027-10-27 00:00")
    // service time during the suspension is not counted, even in round-the-clock service
    const fourHours = Sla.deadline(storm, Sla.serviceTime({ hours: 4 }), {
      receivedAt: at("2027-09-11T20:00:00+02:00"),
      suspensions: [{ reason: "awaiting-documents", from: at("2027-09-12T01:00:00+02:00"), to: at("2027-09-14T12:00:00+02:00") }]
    })
    expect(dueOf(fourHours)).toBe("2027-09-14 15:00") // Sat 20:00 is outside service: counting starts Sun 00:00 (1 h), then 3 h from Tue 12:00
  })
})

describe("Sla — suspension, interruption, limits (B1, B2)", () => {
  const received = at("2027-09-06T10:00:00+02:00")
  const documents = { reason: "awaiting-documents", from: at("2027-09-10T12:00:00+02:00"), to: at("2027-09-20T09:00:00+02:00") }

  it("an interruption restarts the term from the local date of its end", () => {
    const policy: Sla.SuspensionPolicy = { ...Sla.defaultSuspensionPolicy, "awaiting-administration": { mode: "interrupt" } }
    const clock: Sla.Clock = {
      receivedAt: received,
      suspensions: [documents, { reason: "awaiting-administration", from: at("2027-09-22T10:00:00+02:00"), to: at("2027-10-01T15:00:00+02:00") }]
    }
    // count from 1 Oct: + 40 = 10 Nov; the earlier suspension no longer counts
    expect(dueOf(Sla.deadline(rome, Sla.days(40), clock, policy))).toBe("2027-11-11 00:00")
    const explanation = Sla.explain(rome, Sla.days(40), clock, policy)
    expect(explanation.days).toMatchObject({ countFrom: "2027-10-01", suspendedDays: 0, dueDate: "2027-11-10" })
  })

  it("a maximum length ends a suspension by itself (L. 241/1990 art. 2 c. 7: at most 30 days)", () => {
    const policy: Sla.SuspensionPolicy = { ...Sla.defaultSuspensionPolicy, "awaiting-administration": { mode: "suspend", maxDays: 30 } }
    const from = at("2027-09-10T12:00:00+02:00")
    const long: Sla.Clock = { receivedAt: received, suspensions: [{ reason: "awaiting-administration", from, to: from + 60 * DAY }] }
    // 6 Sep + 40 + 30 = 15 Nov (Monday)
    expect(dueOf(Sla.deadline(rome, Sla.days(40), long, policy))).toBe("2027-11-16 00:00")
    const open: Sla.Clock = { receivedAt: received, suspensions: [{ reason: "awaiting-administration", from }] }
    expect(Sla.status(rome, Sla.days(40), open, from + 10 * DAY, { policy })._tag).toBe("Paused")
    expect(Sla.status(rome, Sla.days(40), open, from + 31 * DAY, { policy })._tag).toBe("Running")
    expect(Sla.explain(rome, Sla.days(40), long, policy).suspensions[0]).toMatchObject({ capped: true, days: 30 })
    expect(local(Sla.suspensionEnd(rome, open.suspensions[0]!, policy)!)).toBe("2027-10-10 12:00")
    expect(Sla.suspensionEnd(rome, open.suspensions[0]!)).toBeUndefined()
  })

  it("waiting for documents carries its auto-close limit: 40 days from the request, rolled to a service day (R15)", () => {
    const open: Sla.Clock = { receivedAt: received, suspensions: [{ reason: "awaiting-documents", from: documents.from }] }
    const d = Sla.deadline(rome, Sla.days(40), open)
    expect(d._tag).toBe("Paused")
    // 10 Sep + 40 = 20 Oct (Wednesday): closed from 21 Oct 00:00
    expect(local((d as { autoCloseAt: number }).autoCloseAt)).toBe("2027-10-21 00:00")
    expect(Sla.autoCloseAt(rome, open.suspensions[0]!)).toBe((d as { autoCloseAt: number }).autoCloseAt)
    expect(Sla.autoCloseAt(rome, { reason: "awaiting-administration", from: documents.from })).toBeUndefined()
  })

  it("service-time terms skip suspended service time and resume where they were", () => {
    const clock: Sla.Clock = {
      receivedAt: at("2027-03-02T09:00:00+01:00"),
      suspensions: [{ reason: "awaiting-documents", from: at("2027-03-02T11:00:00+01:00"), to: at("2027-03-04T15:00:00+01:00") }]
    }
    // 2 h before, 2 h after resuming at Thu 15:00
    expect(dueOf(Sla.deadline(rome, Sla.serviceTime({ hours: 4 }), clock))).toBe("2027-03-04 17:00")
  })
})

describe("Sla — status", () => {
  const clock: Sla.Clock = { receivedAt: at("2027-03-01T10:00:00+01:00"), suspensions: [] }

  it("runs, is at risk after 80% of the term, breaches at the deadline, is met when answered", () => {
    expect(Sla.status(rome, Sla.days(7), clock, at("2027-03-02T10:00:00+01:00"))).toMatchObject({ _tag: "Running" })
    expect(Sla.status(rome, Sla.days(7), clock, at("2027-03-07T12:00:00+01:00"))).toMatchObject({ _tag: "AtRisk" })
    expect(Sla.status(rome, Sla.days(7), clock, at("2027-03-09T00:00:00+01:00"))).toMatchObject({ _tag: "Breached", overdue: 0 })
    const answered = { ...clock, answeredAt: at("2027-03-08T23:59:00+01:00") }
    expect(Sla.status(rome, Sla.days(7), answered, at("2027-03-20T00:00:00+01:00"))).toMatchObject({ _tag: "Met", onTime: true })
    const late = { ...clock, answeredAt: at("2027-03-09T00:00:00+01:00") }
    expect(Sla.status(rome, Sla.days(7), late, at("2027-03-20T00:00:00+01:00"))).toMatchObject({ _tag: "Met", onTime: false })
  })

  it("a custom at-risk share, and service-time shares for service-time terms", () => {
    expect(Sla.status(rome, Sla.days(7), clock, at("2027-03-04T10:00:00+01:00"), { atRiskShare: 0.3 })._tag).toBe("AtRisk")
    const four: Sla.Clock = { receivedAt: at("2027-03-02T17:00:00+01:00"), suspensions: [] }
    // one service hour of four used by Wednesday 08:00: 25%
    expect(Sla.status(rome, Sla.serviceTime({ hours: 4 }), four, at("2027-03-03T08:00:00+01:00"))).toMatchObject({ _tag: "Running", used: 0.25 })
  })

  it("an immediate term has no deadline", () => {
    expect(Sla.deadline(rome, Sla.immediate, clock)).toEqual({ _tag: "NoDeadline" })
    expect(Sla.status(rome, Sla.immediate, clock, clock.receivedAt)._tag).toBe("NoDeadline")
  })
})

describe("Sla — explanations (B10)", () => {
  it("explains a rolled-forward 7-day term with the holiday that moved it, in English and Italian", () => {
    const clock: Sla.Clock = { receivedAt: at("2027-03-22T10:00:00+01:00"), suspensions: [] }
    const e = Sla.explain(rome, Sla.days(7), clock)
    expect(e.deadline).toEqual(Sla.deadline(rome, Sla.days(7), clock))
    expect(e).toMatchObject({
      receivedAt: "2027-03-22T10:00:00+01:00",
      calendarVersions: ["dpc-charter"],
      days: { countFrom: "2027-03-22", dueDate: "2027-03-29", finalDate: "2027-03-30", rolledForward: [{ date: "2027-03-29", reason: "holiday", detail: "Lunedì dell'Angelo" }] },
      due: "2027-03-31T00:00:00+02:00"
    })
    expect(JSON.parse(JSON.stringify(e))).toEqual(e)
    expect(Sla.formatExplanation(e, "en")).toContain("2027-03-29 has no service (holiday: Lunedì dell'Angelo): moved to the next day.")
    expect(Sla.formatExplanation(e, "it")).toContain("Scadenza: prima di 2027-03-31T00:00:00+02:00.")
    expect(Sla.formatExplanation(e, "it")).toContain("2027-03-29 senza servizio (festività: Lunedì dell'Angelo): si passa al giorno dopo.")
    const weekend = Sla.explain(rome, Sla.days(5), { receivedAt: at("2027-03-01T10:00:00+01:00"), suspensions: [] })
    expect(Sla.formatExplanation(weekend, "it")).toContain("2027-03-06 senza servizio (sabato: nessun orario di servizio): si passa al giorno dopo.")
  })

  it("explains a service-time term interval by interval", () => {
    const e = Sla.explain(rome, Sla.serviceTime({ hours: 4 }), { receivedAt: at("2027-03-02T17:00:00+01:00"), suspensions: [] })
    expect(e.counted).toEqual([
      { from: "2027-03-02T17:00:00+01:00", to: "2027-03-02T18:00:00+01:00", minutes: 60 },
      { from: "2027-03-03T09:00:00+01:00", to: "2027-03-03T12:00:00+01:00", minutes: 180 }
    ])
  })

  it("rejects a malformed clock history with a path", () => {
    const result = Sla.validateClock({
      receivedAt: at("2027-03-02T17:00:00+01:00"),
      suspensions: [{ reason: "awaiting-documents", from: at("2027-03-01T17:00:00+01:00"), to: at("2027-03-03T17:00:00+01:00") }]
    })
    expect(result._tag).toBe("Failure")
    expect(result._tag === "Failure" && result.failure.path).toEqual(["suspensions", 0, "from"])
  })
})

describe("Sla — when a clock becomes at risk", () => {
  it("is the instant status turns from Running to AtRisk, for calendar-day and service-time terms, with a suspension", () => {
    const cases: Array<[Sla.Term, Sla.Clock]> = [
      [Sla.days(7), { receivedAt: at("2027-03-01T10:00:00+01:00"), suspensions: [] }],
      [Sla.days(7), { receivedAt: at("2027-03-01T10:00:00.001+01:00"), suspensions: [] }],
      [Sla.days(40), {
        receivedAt: at("2027-09-06T10:00:00+02:00"),
        suspensions: [{ reason: "awaiting-documents", from: at("2027-09-10T12:00:00+02:00"), to: at("2027-09-20T09:00:00+02:00") }]
      }],
      [Sla.serviceTime({ hours: 8 }), { receivedAt: at("2027-03-02T17:00:00+01:00"), suspensions: [] }],
      [Sla.sameDay, { receivedAt: at("2027-03-02T11:00:00+01:00"), suspensions: [] }]
    ]
    for (const [term, clock] of cases) {
      const t = Sla.atRiskAt(rome, term, clock, 0.8)!
      expect(Sla.status(rome, term, clock, t - 60_000)._tag, `${term._tag} a minute before`).toBe("Running")
      expect(Sla.status(rome, term, clock, t)._tag, `${term._tag} at the instant`).toBe("AtRisk")
      expect(Number.isInteger(t), `${term._tag}: an instant in whole milliseconds`).toBe(true)
    }
    expect(Sla.atRiskAt(rome, Sla.days(40), { receivedAt: at("2027-09-06T10:00:00+02:00"), suspensions: [{ reason: "awaiting-documents", from: at("2027-09-10T12:00:00+02:00") }] }, 0.8)).toBeUndefined()
  })
})

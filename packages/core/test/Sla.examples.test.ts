/**
 * The worked examples of sla-semantics.md, verbatim: receipt, term, suspensions, deadline —
 * on the Department's default calendar.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Calendar, Sla } from "@sportello/core"

const rome = Calendar.departmentDefault
const at = (local: string) => Date.parse(local)

const due = (calendar: Calendar.Calendar, term: Sla.Term, clock: Sla.Clock) => {
  const d = Sla.deadline(calendar, term, clock)
  if (d._tag !== "Due") throw new Error(`expected a deadline, got ${d._tag}`)
  return Calendar.localDate(calendar, d.at) + " " + new Date(d.at).toLocaleTimeString("it-IT", { timeZone: "Europe/Rome", hour: "2-digit", minute: "2-digit" })
}

describe("sla-semantics.md worked examples", () => {
  it("Mon 2027-03-01 10:00, days(7) → 2027-03-09 00:00 (due Mon 8 Mar)", () => {
    expect(due(rome, Sla.days(7), { receivedAt: at("2027-03-01T10:00:00+01:00"), suspensions: [] })).toBe("2027-03-09 00:00")
  })

  it("Mon 2027-03-22 10:00, days(7) → due Mon 29 Mar is Easter Monday, so Tue 30 Mar: 2027-03-31 00:00", () => {
    expect(due(rome, Sla.days(7), { receivedAt: at("2027-03-22T10:00:00+01:00"), suspensions: [] })).toBe("2027-03-31 00:00")
  })

  it("Tue 2027-03-02 19:30, sameDay → Wed 2027-03-03 18:00", () => {
    expect(due(rome, Sla.sameDay, { receivedAt: at("2027-03-02T19:30:00+01:00"), suspensions: [] })).toBe("2027-03-03 18:00")
  })

  it("Tue 2027-03-02 11:00, sameDay → Tue 2027-03-02 18:00", () => {
    expect(due(rome, Sla.sameDay, { receivedAt: at("2027-03-02T11:00:00+01:00"), suspensions: [] })).toBe("2027-03-02 18:00")
  })

  it("Fri 2027-10-01 20:00, nextServiceDay → Tue 2027-10-05 18:00 (Mon 4 Oct is a holiday from 2026)", () => {
    expect(due(rome, Sla.nextServiceDay, { receivedAt: at("2027-10-01T20:00:00+02:00"), suspensions: [] })).toBe("2027-10-05 18:00")
  })

  it("Mon 2027-09-06 10:00, days(40), suspended 2027-09-10 12:00 → 2027-09-20 09:00 → S = 10, D = 2027-10-26, 2027-10-27 00:00", () => {
    const clock: Sla.Clock = {
      receivedAt: at("2027-09-06T10:00:00+02:00"),
      suspensions: [{ reason: "awaiting-documents", from: at("2027-09-10T12:00:00+02:00"), to: at("2027-09-20T09:00:00+02:00") }]
    }
    expect(due(rome, Sla.days(40), clock)).toBe("2027-10-27 00:00")
    const explanation = Sla.explain(rome, Sla.days(40), clock)
    expect(explanation.days).toMatchObject({ suspendedDays: 10, dueDate: "2027-10-26", finalDate: "2027-10-26" })
  })

  it.effect("Sat 2027-03-06 22:00 in an emergency from Fri 5 Mar 18:00 to Mon 8 Mar 00:00, sameDay → 2027-03-07 00:00 (end of Saturday)", () =>
    Effect.gen(function*() {
      const emergency = yield* Calendar.declareEmergency(rome, {
        id: "storm-2027-03",
        from: "2027-03-05T18:00:00+01:00",
        to: "2027-03-08T00:00:00+01:00"
      })
      expect(due(emergency, Sla.sameDay, { receivedAt: at("2027-03-06T22:00:00+01:00"), suspensions: [] })).toBe("2027-03-07 00:00")
    }))

  it("Tue 2027-03-02 17:00, serviceTime(4 h) → Wed 2027-03-03 12:00", () => {
    expect(due(rome, Sla.serviceTime({ hours: 4 }), { receivedAt: at("2027-03-02T17:00:00+01:00"), suspensions: [] })).toBe("2027-03-03 12:00")
  })
})

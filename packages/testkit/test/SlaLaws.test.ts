/**
 * The SLA laws, run as a tester would: against the Department's calendar and policy, against a
 * calendar with an emergency across a daylight-saving change and a policy that interrupts and
 * caps, and against a sparse weekend-only calendar in another zone.
 */
import { Calendar, Policy, Sla } from "@sportello/core"
import { describe, expect, it } from "@effect/vitest"
import { SlaLaws, slaLaws } from "@sportello/testkit"

slaLaws(Calendar.departmentDefault, { name: "the Department's calendar and charter" })

const quake = Calendar.makeUnsafe({
  ...Calendar.departmentDefaultInput,
  emergencies: [
    { id: "sisma", from: "2027-03-26T18:00:00+01:00", to: "2027-04-02T00:00:00+02:00" },
    { id: "alluvione", from: "2027-10-29T12:00:00+02:00" }
  ]
})

slaLaws(quake, {
  name: "emergencies across DST, interrupting and capped reasons",
  policy: {
    ...Policy.charter,
    id: "strict",
    suspension: {
      "awaiting-administration": { mode: "interrupt", maxDays: 30 },
      "awaiting-documents": { mode: "suspend", maxDays: 10, autoClose: Sla.days(20) }
    }
  },
  terms: [Sla.serviceTime({ hours: 4 }), Sla.days(3)]
})

slaLaws(
  Calendar.makeUnsafe({
    versions: [
      { id: "weekend", from: "2025-01-01", timeZone: "America/New_York", week: { saturday: [["10:00", "12:00"]], sunday: [["01:30", "03:30"]] }, holidays: [] },
      { id: "split", from: "2027-06-01", timeZone: "America/New_York", week: { monday: [["08:30", "12:30"], ["14:00", "17:59"]] }, holidays: [{ _tag: "Date", date: "2027-07-05", name: "Independence Day (observed)" }] }
    ]
  }),
  { name: "sparse weeks in New York" }
)

describe("a law that does not hold", () => {
  it("is reported with its name and its counterexample in local ISO time", () => {
    const wrong = SlaLaws.law(
      "every 7-day deadline falls at 18:00",
      SlaLaws.cases(Calendar.departmentDefault, { terms: [Sla.days(7)], kinds: ["Days"], suspensions: false }),
      (c) => {
        const d = Sla.deadline(Calendar.departmentDefault, c.term, c.clock, c.policy)
        return d._tag === "Due" && new Date(d.at).getUTCHours() === 17
      }
    )
    let message = ""
    try {
      SlaLaws.checkLaws([wrong], { runs: 20 })
    } catch (error) {
      message = String(error)
    }
    expect(message).toContain(`law "every 7-day deadline falls at 18:00" does not hold`)
    expect(message).toMatch(/"receivedAt":"20\d\d-\d\d-\d\dT\d\d:\d\d:00[+-]0[12]:00"/)
  })
})

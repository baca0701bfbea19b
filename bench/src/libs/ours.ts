/**
 * @sportello/core: `Sla.deadline` for the terms (the full public path: term, clock, default
 * suspension policy, result object) and `Calendar.serviceTimeBetween` for elapsed service time,
 * on `Calendar.departmentDefault` and on the same calendar with the emergency periods declared.
 */
import { Calendar, Sla } from "@sportello/core"
import { EMERGENCIES } from "../config.ts"
import { ELAPSED_SPAN, ST40D_MIN, ST8H_MIN, type Lib, type LibFactory } from "../cases.ts"

const REASONS = ["awaiting-administration", "awaiting-documents", "awaiting-administration"] as const

export const make: LibFactory = (inputs): Lib => {
  const cal = Calendar.departmentDefault
  const calE = Calendar.makeUnsafe({ ...Calendar.departmentDefaultInput, emergencies: EMERGENCIES })
  const r = inputs.receipts
  const n = r.length
  const bare = Array.from({ length: n }, (_, i) => ({ receivedAt: r[i]!, suspensions: [] }))
  const with2 = Array.from({ length: n }, (_, i) => ({
    receivedAt: r[i]!,
    suspensions: inputs.susp2[i]!.map((s, k) => ({ reason: REASONS[k]!, from: s.from, to: s.to }))
  }))
  const with3 = Array.from({ length: n }, (_, i) => ({
    receivedAt: r[i]!,
    suspensions: inputs.susp3[i]!.map((s, k) => ({ reason: REASONS[k]!, from: s.from, to: s.to }))
  }))
  const s3 = inputs.susp3
  const days40 = Sla.days(40)
  const st8h = Sla.serviceTime({ minutes: ST8H_MIN })
  const st40d = Sla.serviceTime({ minutes: ST40D_MIN })
  const due = (d: ReturnType<typeof Sla.deadline>): number => (d._tag === "Due" ? d.at : NaN)
  const how = "Sla.deadline(calendar, term, clock)"
  return {
    name: "ours",
    label: "@sportello/core",
    version: "workspace",
    setup: "Calendar.departmentDefault; emergency cases: Calendar.makeUnsafe({ ...departmentDefaultInput, emergencies })",
    isServiceDay: (date) => Calendar.isServiceDay(cal, date),
    cases: {
      days40: { op: (i) => due(Sla.deadline(cal, days40, with2[i]!)), how },
      sameDay: { op: (i) => due(Sla.deadline(cal, Sla.sameDay, bare[i]!)), how },
      st8h: { op: (i) => due(Sla.deadline(cal, st8h, bare[i]!)), how },
      st40d: { op: (i) => due(Sla.deadline(cal, st40d, bare[i]!)), how },
      st40d3s: { op: (i) => due(Sla.deadline(cal, st40d, with3[i]!)), how },
      el40: { op: (i) => Calendar.serviceTimeBetween(cal, r[i]!, r[i]! + ELAPSED_SPAN), how: "Calendar.serviceTimeBetween" },
      el40s3: {
        op: (i) => {
          const a = r[i]!
          const b = a + ELAPSED_SPAN
          let total = Calendar.serviceTimeBetween(cal, a, b)
          const ss = s3[i]!
          for (let k = 0; k < ss.length; k++) {
            const s = ss[k]!
            total -= Calendar.serviceTimeBetween(cal, s.from > a ? s.from : a, s.to < b ? s.to : b)
          }
          return total
        },
        how: "Calendar.serviceTimeBetween over [a, b) minus over each suspension (4 calls)"
      },
      el40e: { op: (i) => Calendar.serviceTimeBetween(calE, r[i]!, r[i]! + ELAPSED_SPAN), how: "Calendar.serviceTimeBetween" },
      st8he: { op: (i) => due(Sla.deadline(calE, st8h, bare[i]!)), how }
    }
  }
}

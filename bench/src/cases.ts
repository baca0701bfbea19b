/**
 * The cases of the benchmark. `peers` tells whether the peer libraries can be asked the same
 * question (same meaning, same inputs); only those are timed against them and counted for
 * disagreements.
 */
import { DAY, MINUTE, SERVICE_DAY_MINUTES } from "./config.ts"
import type { Inputs } from "./inputs.ts"

export const CASE_IDS = ["days40", "sameDay", "st8h", "st40d", "st40d3s", "el40", "el40s3", "el40e", "st8he"] as const
export type CaseId = (typeof CASE_IDS)[number]

export interface CaseInfo {
  readonly id: CaseId
  readonly label: string
  /** What the answer is: an instant (deadline) or a duration (ms of service time). */
  readonly answer: "instant" | "duration"
  /** Absolute target in ops/s from the issue, if any. */
  readonly target?: number
  readonly targetNote?: string
}

export const CASES: ReadonlyArray<CaseInfo> = [
  { id: "days40", label: "days(40), 2 suspensions", answer: "instant", target: 10_000_000, targetNote: "days(N) ≥ 10 M/s" },
  { id: "sameDay", label: "sameDay", answer: "instant" },
  { id: "st8h", label: "serviceTime 8 h", answer: "instant", target: 10_000_000, targetNote: "serviceTime ≥ 10 M/s" },
  { id: "st40d", label: "serviceTime 40 service days (21,600 min)", answer: "instant", target: 10_000_000, targetNote: "serviceTime ≥ 10 M/s" },
  { id: "st40d3s", label: "serviceTime 40 service days, 3 suspensions", answer: "instant", target: 2_000_000, targetNote: "3 suspensions ≥ 2 M/s" },
  { id: "el40", label: "elapsed service time over 40 days", answer: "duration" },
  { id: "el40s3", label: "elapsed over 40 days, 3 suspensions", answer: "duration", target: 2_000_000, targetNote: "3 suspensions ≥ 2 M/s" },
  { id: "el40e", label: "elapsed over 40 days, emergency calendar", answer: "duration" },
  { id: "st8he", label: "serviceTime 8 h, emergency calendar", answer: "instant" }
]

export const ST8H_MS = 8 * 60 * MINUTE
export const ST8H_MIN = 8 * 60
export const ST40D_MIN = 40 * SERVICE_DAY_MINUTES
export const ST40D_MS = ST40D_MIN * MINUTE
export const ELAPSED_SPAN = 40 * DAY

/** One timed operation: input index → a number (an instant or a duration in ms; NaN for none). */
export type Op = (i: number) => number

export type CaseImpl = { readonly op: Op; readonly how: string } | { readonly na: string }

export interface Lib {
  readonly name: string
  readonly label: string
  readonly version: string
  readonly setup: string
  readonly cases: Readonly<Record<CaseId, CaseImpl>>
  /** Whether a local date ("YYYY-MM-DD") holds service time in the normal calendar (configuration check). */
  readonly isServiceDay?: (date: string) => boolean
}

export type LibFactory = (inputs: Inputs) => Lib | Promise<Lib>

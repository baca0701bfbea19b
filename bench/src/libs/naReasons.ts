/** Why a peer cannot be asked a case (shared by the peer adapters). */
export const NA = {
  days40:
    "no calendar-day term: its 'business days' counts service days (a different rule, not comparable with days(40)), and it has no suspensions",
  sameDay: "no 'end of the service day of r' query",
  st40d3s: "no suspensions (no way to pause a deadline computation)",
  emergency: "working hours are per weekday only: cannot express a dated round-the-clock period"
} as const

/** The message of the loop guards that turn a peer's infinite loop into an exception (answers and screening only). */
export const LOOP_GUARD = "infinite loop"
export const GUARD_CALLS = 25_000

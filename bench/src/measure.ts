/** The timing loop: warm-up, then the median of `rounds` rounds of `roundMs` each. */
import type { Op } from "./cases.ts"

export interface Timing {
  readonly opsPerSec: number
  /** Operations that threw (a loop guard) in the timed rounds; left out with their time. */
  readonly failed: number
  readonly rounds: ReadonlyArray<number>
  readonly chunk: number
  readonly sink: number
}

const now = (): number => performance.now()

/**
 * Runs `op` over the inputs in a ring. The clock is read once per chunk, and the chunk is sized
 * in the warm-up so that one takes about a millisecond: reading it per call would dominate the
 * fast libraries, and a whole pass over the inputs takes seconds for the slow ones.
 */
export const measure = (op: Op, n: number, warmupMs: number, roundMs: number, rounds: number, onWarm?: () => void, tolerant = false): Timing => {
  let i = 0
  let sink = 0
  // Tolerant mode, for a library with a loop guard (dayjs.ts): an operation that throws is left
  // out, with the time it took. It reads the clock around every operation, which costs tens of
  // nanoseconds: negligible for the libraries that need it (tens of microseconds per operation
  // and more), and never used for the others.
  let failed = 0
  let lost = 0
  const runTolerant = (count: number): void => {
    for (let c = 0; c < count; c++) {
      const t0 = now()
      try {
        sink += op(i)
      } catch {
        failed++
        lost += now() - t0
      }
      if (++i === n) i = 0
    }
  }
  const runPlain = (count: number): void => {
    for (let c = 0; c < count; c++) {
      // A plain addition keeps the result alive at the cost of one instruction (a `%` on a double
      // is a call into the runtime and cost a third of the fast libraries' time).
      sink += op(i)
      if (++i === n) i = 0
    }
  }
  const run = tolerant ? runTolerant : runPlain
  let chunk = 1
  const w0 = now()
  while (now() - w0 < warmupMs) {
    const t0 = now()
    run(chunk)
    if (now() - t0 < 1 && chunk < 1 << 24) chunk *= 2
  }
  onWarm?.()
  failed = 0
  const results: Array<number> = []
  for (let k = 0; k < rounds; k++) {
    let ops = 0
    const failedBefore = failed
    lost = 0
    const t0 = now()
    let t = t0
    do {
      run(chunk)
      ops += chunk
      t = now()
    } while (t - t0 < roundMs)
    results.push(((ops - (failed - failedBefore)) * 1000) / (t - t0 - lost))
  }
  const sorted = [...results].sort((a, b) => a - b)
  return { opsPerSec: sorted[Math.floor(sorted.length / 2)]!, failed, rounds: results, chunk, sink }
}

/**
 * The timing loop. A measurer warms an operation up once, then runs rounds on demand, so that
 * run.ts can interleave the rounds of all the libraries of a case: a burst of load from anything
 * else on the machine then costs each library one round, not all of the rounds of one of them.
 */
import type { Op } from "./cases.ts"

export interface Round {
  readonly opsPerSec: number
  /** Operations that threw (a loop guard) in the round; left out with their time. */
  readonly failed: number
}

export interface Measurer {
  readonly warmUp: (ms: number) => void
  readonly round: (ms: number) => Round
  /** Chunk size chosen in the warm-up (operations between two readings of the clock). */
  readonly chunk: () => number
  /** Sum of all results, so that no call can be optimised away. */
  readonly sink: () => number
}

const now = (): number => performance.now()

/**
 * Runs `op` over the inputs in a ring. The clock is read once per chunk, and the chunk is sized
 * in the warm-up so that one takes about a millisecond: reading it per call would dominate the
 * fast libraries, and a whole pass over the inputs takes seconds for the slow ones.
 *
 * Tolerant mode, for a library with a loop guard (dayjs.ts): an operation that throws is left
 * out, with the time it took. It reads the clock around every operation, which costs tens of
 * nanoseconds: negligible for the libraries that need it (tens of microseconds per operation
 * and more), and never used for the others.
 */
export const measurer = (op: Op, n: number, tolerant = false): Measurer => {
  let i = 0
  let sink = 0
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
  return {
    warmUp: (ms) => {
      const w0 = now()
      while (now() - w0 < ms) {
        const t0 = now()
        run(chunk)
        if (now() - t0 < 1 && chunk < 1 << 24) chunk *= 2
      }
    },
    round: (ms) => {
      let ops = 0
      const failedBefore = failed
      lost = 0
      const t0 = now()
      let t = t0
      do {
        run(chunk)
        ops += chunk
        t = now()
      } while (t - t0 < ms)
      const f = failed - failedBefore
      return { opsPerSec: ((ops - f) * 1000) / (t - t0 - lost), failed: f }
    },
    chunk: () => chunk,
    sink: () => sink
  }
}

export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

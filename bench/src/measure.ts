/** The timing loop: warm-up, then the median of `rounds` rounds of `roundMs` each. */
import type { Op } from "./cases.ts"

export interface Timing {
  readonly opsPerSec: number
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
export const measure = (op: Op, n: number, warmupMs: number, roundMs: number, rounds: number, onWarm?: () => void): Timing => {
  let i = 0
  let sink = 0
  const run = (count: number): void => {
    for (let c = 0; c < count; c++) {
      const v = op(i)
      sink += v === v ? v % 1024 : 1
      if (++i === n) i = 0
    }
  }
  let chunk = 1
  const w0 = now()
  while (now() - w0 < warmupMs) {
    const t0 = now()
    run(chunk)
    if (now() - t0 < 1 && chunk < 1 << 24) chunk *= 2
  }
  onWarm?.()
  const results: Array<number> = []
  for (let k = 0; k < rounds; k++) {
    let ops = 0
    const t0 = now()
    let t = t0
    do {
      run(chunk)
      ops += chunk
      t = now()
    } while (t - t0 < roundMs)
    results.push((ops * 1000) / (t - t0))
  }
  const sorted = [...results].sort((a, b) => a - b)
  return { opsPerSec: sorted[Math.floor(sorted.length / 2)]!, rounds: results, chunk, sink }
}

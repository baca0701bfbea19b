/**
 * A token bucket per client: `capacity` requests at once, refilled evenly over `perMs`. Used
 * to slow down guessing of ticket codes on the public status lookup (B7). Time is passed in,
 * so tests drive it.
 *
 * @since 0.1.0
 */

/**
 * A rate limiter's settings.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly capacity: number
  readonly perMs: number
}

/**
 * A rate limiter.
 *
 * @since 0.1.0
 * @category models
 */
export interface RateLimiter {
  /** Takes a token for `client` at `now`: 0 when allowed, else the ms to wait. */
  readonly take: (client: string, now: number) => number
}

/**
 * A rate limiter in memory. Buckets that are full again are forgotten, so memory stays
 * proportional to the clients active within `perMs`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): RateLimiter => {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const rate = options.capacity / options.perMs
  let sweepAt = 0
  return {
    take: (client, now) => {
      if (now - sweepAt > options.perMs) {
        for (const [key, b] of buckets) if (b.tokens + (now - b.at) * rate >= options.capacity) buckets.delete(key)
        sweepAt = now
      }
      const b = buckets.get(client) ?? { tokens: options.capacity, at: now }
      const tokens = Math.min(options.capacity, b.tokens + Math.max(0, now - b.at) * rate)
      if (tokens >= 1) {
        buckets.set(client, { tokens: tokens - 1, at: now })
        return 0
      }
      buckets.set(client, { tokens, at: now })
      return Math.ceil((1 - tokens) / rate)
    }
  }
}

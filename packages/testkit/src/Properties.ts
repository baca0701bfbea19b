/**
 * How many times a property runs, and from which seed: one place for every suite of the
 * testkit, read from the environment so that CI stays fast and a failure can be replayed.
 *
 * - `SPORTELLO_PROPERTY_RUNS`: a positive integer that replaces every suite's default run
 *   count (e.g. 5000 for a nightly run);
 * - `SPORTELLO_PROPERTY_SEED`: an integer seed (default {@link defaultSeed}), printed by
 *   fast-check with every failure;
 * - `SPORTELLO_PROPERTY_PATH`: the path fast-check prints with a failure, to replay exactly
 *   that counterexample.
 *
 * @since 0.1.0
 */
import type * as fc from "fast-check"

const readInt = (name: string): number | undefined => {
  const raw = globalThis.process?.env?.[name]
  if (raw === undefined || raw.trim() === "") return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`)
  return n
}

/**
 * The seed used when `SPORTELLO_PROPERTY_SEED` is not set: fixed, so that CI is
 * reproducible.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultSeed = 20_260_401

/**
 * What a suite was asked for explicitly; anything left out comes from the environment, then
 * from the suite's defaults.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Runs of each property (default: `SPORTELLO_PROPERTY_RUNS`, else the suite's own). */
  readonly runs?: number
  /** Seed (default: `SPORTELLO_PROPERTY_SEED`, else {@link defaultSeed}). */
  readonly seed?: number
}

/**
 * What every conformance suite accepts: runs and seed, and how long a test and the layer may
 * take (a real database or a provider's sandbox is slower than memory).
 *
 * @since 0.1.0
 * @category models
 */
export interface SuiteOptions extends Options {
  /** Milliseconds each test may take (default 30 000; property tests get more as runs grow). */
  readonly testTimeout?: number
  /** Milliseconds the layer may take to build and to close (default 60 000). */
  readonly layerTimeout?: number
}

/**
 * The run count: the explicit one, else `SPORTELLO_PROPERTY_RUNS`, else `fallback`.
 *
 * @since 0.1.0
 * @category settings
 */
export const runs = (fallback: number, options: Options = {}): number => {
  const n = options.runs ?? readInt("SPORTELLO_PROPERTY_RUNS") ?? fallback
  if (!(n > 0)) throw new Error(`a property needs at least one run, got ${n}`)
  return n
}

/**
 * The seed: the explicit one, else `SPORTELLO_PROPERTY_SEED`, else {@link defaultSeed}.
 *
 * @since 0.1.0
 * @category settings
 */
export const seed = (options: Options = {}): number => options.seed ?? readInt("SPORTELLO_PROPERTY_SEED") ?? defaultSeed

/**
 * Parameters for `fc.assert`: seed, run count (the default scaled by `weight`, at least 1) and
 * the replay path when `SPORTELLO_PROPERTY_PATH` is set. An explicit `runs` is used as given.
 *
 * @since 0.1.0
 * @category settings
 */
export const parameters = <T>(fallback: number, options: Options = {}, weight = 1): fc.Parameters<T> => {
  const path = globalThis.process?.env?.["SPORTELLO_PROPERTY_PATH"]
  const base = runs(fallback, options)
  return {
    seed: seed(options),
    numRuns: options.runs !== undefined ? base : Math.max(1, Math.round(base * weight)),
    ...(path === undefined || path === "" ? {} : { path })
  }
}

/**
 * A test timeout (ms) that grows with the run count, so that a nightly run with many more
 * runs is not cut short: the runs, not the clock, are the contract.
 *
 * @since 0.1.0
 * @category settings
 */
export const timeout = (numRuns: number, msPerRun = 50): number => 20_000 + numRuns * msPerRun

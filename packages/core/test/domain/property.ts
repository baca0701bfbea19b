/**
 * Property-run settings: `SPORTELLO_PROPERTY_RUNS` (default keeps CI fast) and
 * `SPORTELLO_PROPERTY_SEED` (fixed seed to replay a failure).
 */
const runs = Number(process.env["SPORTELLO_PROPERTY_RUNS"] ?? "")
const seed = Number(process.env["SPORTELLO_PROPERTY_SEED"] ?? "")

export const propertyOptions = (defaultRuns: number): { numRuns: number; seed?: number } => ({
  numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
  ...(Number.isInteger(seed) && process.env["SPORTELLO_PROPERTY_SEED"] ? { seed } : {})
})

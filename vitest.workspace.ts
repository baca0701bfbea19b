/**
 * The list of test projects: one per package or example, and the documentation's code
 * blocks. The root `vitest.config.ts` imports it as `test.projects` (Vitest 5 no longer reads
 * this file by itself).
 */
export const projects = [
  "packages/*/vitest.config.ts",
  "examples/*/vitest.config.ts",
  "docs/vitest.config.ts"
]

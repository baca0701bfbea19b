import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  target: "node22",
  dts: true,
  sourcemap: true,
  clean: true,
  // The testkit runs inside the integrator's test runner: never bundle the runner, the
  // property-testing engine, effect or the core it tests.
  external: ["@sportello/core", "effect", "fast-check", "vitest", "@effect/vitest"]
})

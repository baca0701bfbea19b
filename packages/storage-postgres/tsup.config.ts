import { defineConfig } from "tsup"

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  target: "node22",
  dts: true,
  sourcemap: true,
  clean: true,
  // Never bundle the core (a peer), effect or the drivers.
  external: ["@sportello/core", "effect", "@effect/sql-pg", "@electric-sql/pglite"]
})

import { defineProject } from "vitest/config"

export default defineProject({
  // Resolve workspace packages to their TypeScript sources (the "source" export condition).
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "core",
    include: ["test/**/*.test.ts"],
    // property and exhaustive tests take seconds on a loaded 2-core machine; no test asserts on time
    testTimeout: 60_000
  }
})

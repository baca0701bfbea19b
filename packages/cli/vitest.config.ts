import { defineProject } from "vitest/config"

export default defineProject({
  // Resolve workspace packages to their TypeScript sources (the "source" export condition).
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    // simulations and a child process on a loaded 2-core machine; no test asserts on time
    testTimeout: 120_000
  }
})
